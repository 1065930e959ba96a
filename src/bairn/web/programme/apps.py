from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "bairn.web.programme"
    label = "programme"
    verbose_name = "Programme tracking"

    def ready(self) -> None:
        from bairn.web.core import navigation

        navigation.register("Programmes", "programme:index", order=40)
