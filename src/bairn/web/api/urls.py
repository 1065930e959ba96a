"""The API's URLs: django-ninja's, marked public (the API decides the audience itself)."""

from bairn.web.api.api import api

patterns, _, namespace = api.urls
for pattern in patterns:
    # Anonymous callers get the public audience, so LoginRequiredMiddleware must let them in.
    pattern.callback.login_required = False

app_name = namespace  # "api"
urlpatterns = [*patterns]
