from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "bairn.web.tasks"
    label = "tasks"
    verbose_name = "Background tasks"
