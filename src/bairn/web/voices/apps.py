from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "bairn.web.voices"
    label = "voices"
    verbose_name = "Children's and practitioners' views"

    def ready(self) -> None:
        from bairn.web.accounts.roles import Right
        from bairn.web.core import navigation

        navigation.register("Voices", "voices:indicators", order=16)
        navigation.register("Surveys", "voices:waves", order=50, right=Right.VIEW_RECORDS)

        from django.conf import settings

        from bairn.web.tasks import worker
        from bairn.web.voices.alerts import deliver_pending

        # `bairn serve` retries undelivered safeguarding alerts itself; the management command
        # (voices_alert_worker) remains for deployments that run the queue apart.
        interval = getattr(settings, "BAIRN_VOICES_DELIVERY_SECONDS", 30)
        worker.every(interval, "voices.alerts")(deliver_pending)
