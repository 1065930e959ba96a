from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "bairn.web.voices"
    label = "voices"
    verbose_name = "Children's and practitioners' views"

    def ready(self) -> None:
        from bairn.web.accounts.roles import Right
        from bairn.web.core import navigation

        navigation.register("Surveys", "voices:waves", order=50, right=Right.VIEW_RECORDS)
