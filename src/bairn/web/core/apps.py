from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bairn.web.core"
    label = "core"
    verbose_name = "Core"
