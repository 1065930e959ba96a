from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bairn.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from bairn.web.core import navigation

        navigation.register("Your account", "accounts:account", order=80, signed_in=True)
