from django.urls import path

from bairn.web.tasks import views

app_name = "tasks"

urlpatterns = [
    path("<int:pk>/", views.progress, name="progress"),
]
