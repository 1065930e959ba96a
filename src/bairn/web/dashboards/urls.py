from django.urls import path

from bairn.web.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<str:code>/records/", views.area_records, name="area-records"),
]
