from django.urls import path

from bairn.web.results import charts, downloads, views

app_name = "results"

urlpatterns = [
    path("indicators/", views.overview, name="overview"),
    path("indicators/<str:indicator_id>/", views.indicator, name="indicator"),
    path("indicators/<str:indicator_id>/download.<str:fmt>", downloads.download, name="download"),
    path("indicators/<str:indicator_id>/funnel.svg", charts.funnel_svg, name="funnel-svg"),
    path("indicators/<str:indicator_id>/trend.svg", charts.trend_svg, name="trend-svg"),
    path("areas/", views.areas, name="areas"),
    path("areas/<str:code>/", views.area, name="area"),
    path("compare/", views.compare, name="compare"),
]
