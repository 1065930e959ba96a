"""`{% report_download %}`: the "Download report" form, on an area page and the national overview
(results/page.html). Rendered per request (it carries the CSRF token and depends on who is
looking), never inside the cached page body."""

from __future__ import annotations

from django import template
from django.urls import reverse

from bairn.web.accounts.permissions import can_see_records
from bairn.web.reporting import access
from bairn.web.reporting.forms import ReportForm

register = template.Library()
PAGES = ("results:area", "results:overview")


@register.inclusion_tag("reporting/_download_form.html", takes_context=True)
def report_download(context):
    request, prep = context.get("request"), context.get("prep")
    match = getattr(request, "resolver_match", None)
    if request is None or prep is None or match is None or match.view_name not in PAGES:
        return {"show": False}
    subject = access.subject_for(match.kwargs.get("code"))
    if subject is None:
        return {"show": False}
    audience = access.report_audience(request.user, subject)
    periods = access.report_periods(prep, audience)
    if not periods:
        return {"show": False}
    user = request.user
    may_comment = subject.kind == "cpc" and can_see_records(user, subject.area)
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        "form": ReportForm(initial={"area": subject.area_code or ""}, periods=periods),
        "subject": subject,
        "audience": audience,
        "own_audience": context.get("audience"),
        "commentary_url": reverse("reporting:commentary-periods", args=[subject.area])
        + f"?period={periods[0][1][0]}"
        if may_comment
        else "",
        "with_commentary": subject.kind == "cpc" and not audience.is_public,
    }
