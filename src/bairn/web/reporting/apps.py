from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "bairn.web.reporting"
    label = "reporting"
    verbose_name = "Reports"

    def ready(self) -> None:
        from bairn.web.reporting import jobs  # noqa: F401  (registers the `report` task handler)
