from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "bairn.web.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from bairn.web.core import navigation

        navigation.register("Home", "dashboards:home", order=0)
