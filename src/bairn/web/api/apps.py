from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bairn.web.api"
    label = "api"
    verbose_name = "API"
