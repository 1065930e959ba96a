from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "bairn.web.results"
    label = "results"
    verbose_name = "Statistics"

    def ready(self) -> None:
        from bairn.web.core import navigation
        from bairn.web.results import publications  # noqa: F401  (registers the task handler)

        navigation.register("Statistics", "results:overview", order=10)
        navigation.register("Areas", "results:areas", order=12)
        navigation.register("Compare", "results:compare", order=14)
