from django.urls import path

from bairn.web.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.upload_list, name="list"),
    path("new/", views.new, name="new"),
    path("<str:code>/<int:pk>/", views.detail, name="detail"),
    path("<str:code>/<int:pk>/quality/", views.quality, name="quality"),
    path("<str:code>/<int:pk>/quality.csv", views.quality_csv, name="quality-csv"),
    path("<str:code>/<int:pk>/load/", views.confirm_load, name="load"),
    path("<str:code>/<int:pk>/discard/", views.discard, name="discard"),
]
