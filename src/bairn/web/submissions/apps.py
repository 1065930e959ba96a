from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "bairn.web.submissions"
    label = "submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        from bairn.web.accounts.roles import Right
        from bairn.web.core import navigation
        from bairn.web.submissions import jobs  # noqa: F401  (registers the task handlers)

        navigation.register("Submissions", "submissions:list", order=30, right=Right.VIEW_RECORDS)
