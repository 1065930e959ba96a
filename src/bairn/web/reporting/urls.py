from django.urls import path

from bairn.web.reporting import views

app_name = "reporting"

urlpatterns = [
    path("new/", views.request_report, name="request"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/download/", views.download, name="download"),
    path("commentary/<str:code>/", views.commentary_periods, name="commentary-periods"),
    path("commentary/<str:code>/<str:period>/", views.commentary, name="commentary"),
]
