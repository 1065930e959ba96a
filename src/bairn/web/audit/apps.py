from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bairn.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from bairn.web.accounts.roles import Right
        from bairn.web.core import navigation

        navigation.register("Audit log", "audit:log", order=90, right=Right.VIEW_AUDIT)
