from django.urls import path

from bairn.web.voices import views_public, views_results, views_staff

app_name = "voices"

urlpatterns = [
    path("", views_staff.waves, name="waves"),
    path("waves/new/", views_staff.wave_new, name="wave-new"),
    path("waves/<int:pk>/", views_staff.wave, name="wave"),
    path("waves/<int:pk>/qr.svg", views_staff.wave_qr, name="wave-qr"),
    path("responses/<int:pk>/flag/", views_staff.flag, name="flag"),
    path("alerts/", views_staff.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views_staff.alert, name="alert"),
    # Survey indicators, for everyone (after the survey disclosure rule)
    path("indicators/", views_results.survey_indicators, name="indicators"),
    path("indicators/<str:indicator_id>/", views_results.survey_indicator, name="indicator"),
    # Public survey pages (no sign-in): the token is the only way in.
    path("s/<str:token>/", views_public.start, name="start"),
    path("s/<str:token>/p/<slug:page_id>/", views_public.page, name="page"),
    path("s/<str:token>/done/", views_public.done, name="done"),
]
