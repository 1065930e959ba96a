from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from bairn.web.accounts.permissions import area_scoped, can_see_records
from bairn.web.accounts.roles import Right


@login_not_required
@require_safe
def home(request):
    """The public front page: what Bairn is; for a signed-in user, where to go next."""
    user = request.user
    own_area = None
    if user.is_authenticated and user.is_verified() and can_see_records(user, user.area_code):
        own_area = user.area_code
    return render(
        request,
        "dashboards/home.html",
        {"title": "Child protection improvement data for Scotland", "own_area": own_area},
    )


@area_scoped(Right.VIEW_RECORDS)
@require_safe
def area_records(request, code: str):
    """Record-level data for one area (placeholder: shows no rows yet; access is audited)."""
    from bairn.areas import all_areas

    area = request.bairn_area
    councils = [all_areas()[code] for code in area.councils]
    return render(
        request,
        "dashboards/area_records.html",
        {"title": f"Record-level data: {area.name}", "area": area, "councils": councils},
    )
