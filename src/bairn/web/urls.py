"""The site's URLs. Each app owns a prefix; add yours here and to the authorisation matrix
(tests/web/matrix.py), which fails while any named URL is missing from it."""

from django.urls import include, path

from bairn.web.core import views as core_views

urlpatterns = [
    path("", include("bairn.web.dashboards.urls")),
    path("accounts/", include("bairn.web.accounts.urls")),
    path("audit/", include("bairn.web.audit.urls")),
    path("voices/", include("bairn.web.voices.urls")),
    path("programme/", include("bairn.web.programme.urls")),
    path("", include("bairn.web.results.urls")),
    path("submissions/", include("bairn.web.submissions.urls")),
    path("tasks/", include("bairn.web.tasks.urls")),
    path("reports/", include("bairn.web.reporting.urls")),
    path("api/v1/", include("bairn.web.api.urls")),
    path("healthz", core_views.healthz, name="healthz"),
]
