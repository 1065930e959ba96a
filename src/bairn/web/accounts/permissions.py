"""The permission layer every Bairn page uses. Ask for rights and scopes, never role names.

Functions (true/false, no side effects):

    role_of(user)                         "public" for anonymous visitors, else the role
    has_right(user, right)                the role's rights (accounts.roles.RIGHTS)
    scope_councils(user)                  councils the user's scope covers (frozenset)
    in_scope(user, area_code)             every council of the area is in the user's scope
    can_see_results(user, area_code)      analyst-level (unpublished) results for an area
    can_see_records(user, area_code)      record-level data for a council, CPC or Scotland
    can_upload(user, area_code)           upload an extract for an area
    can_export(user, area_code)           export an area's results

View decorators (and mixins for class-based views):

    @right_required(Right.VIEW_AUDIT)     403 for a signed-in user without the right
    @role_required(Role.CPC_LEAD, ...)    403 for other roles (prefer right_required)
    @area_scoped(Right.VIEW_RECORDS)      the view's `code` argument must be in scope: otherwise
                                          404 (the page's existence is not confirmed) and an
                                          audit entry of the refused attempt; on success an
                                          audit entry of the read (audit_action=None to skip)

Anonymous visitors never reach a protected view: LoginRequiredMiddleware sends them to sign in,
and TwoFactorRequiredMiddleware sends a half-signed-in user to the second step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bairn.web.accounts.roles import PUBLIC, Right, rights_of

AREA_CODE_KWARG = "code"


def role_of(user) -> str:
    if user is None or not user.is_authenticated:
        return PUBLIC
    return getattr(user, "role", "") or ""


def has_right(user, right: str) -> bool:
    if user is not None and user.is_authenticated and not user.is_active:
        return False
    return right in rights_of(role_of(user))


def scope_councils(user) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    return user.councils


def _area_councils(area_code: str) -> tuple[str, ...] | None:
    from bairn.areas import all_areas

    found = all_areas().get(str(area_code).strip())
    return found.councils if found is not None else None


def in_scope(user, area_code: str) -> bool:
    councils = _area_councils(area_code)
    if not councils:
        return False
    return set(councils) <= scope_councils(user)


def can_see_results(user, area_code: str) -> bool:
    return has_right(user, Right.VIEW_RESULTS) and in_scope(user, area_code)


def can_see_records(user, area_code: str) -> bool:
    """Record-level data for a council (or every council of a CPC) within the user's scope."""
    return has_right(user, Right.VIEW_RECORDS) and in_scope(user, area_code)


def can_upload(user, area_code: str) -> bool:
    return has_right(user, Right.UPLOAD) and in_scope(user, area_code)


def can_export(user, area_code: str) -> bool:
    return has_right(user, Right.EXPORT) and in_scope(user, area_code)


AREA_CHECKS: dict[str, Callable[[object, str], bool]] = {
    Right.VIEW_RESULTS: can_see_results,
    Right.VIEW_RECORDS: can_see_records,
    Right.UPLOAD: can_upload,
    Right.EXPORT: can_export,
}


def right_required(right: str):
    """Allow the view only to users holding `right`; others get 403 (anonymous: sign in)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_right(request.user, right):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.bairn_right = right
        return wrapped

    return decorator


def role_required(*roles: str):
    """Allow the view only to the given roles; others get 403. Prefer right_required."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if role_of(user) not in allowed or (user.is_authenticated and not user.is_active):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.bairn_roles = allowed
        return wrapped

    return decorator


def area_scoped(
    right: str = Right.VIEW_RECORDS,
    *,
    kwarg: str = AREA_CODE_KWARG,
    audit_action: str | None = "records.read",
    refused_action: str = "records.refused",
):
    """Guard a page about one area's data. Out of scope (or unknown area): audit, then 404.

    The area is `kwargs[kwarg]` (a council, CPC or Scotland code). The view receives
    `request.bairn_area` (a bairn.areas.Area). With `audit_action` set, an allowed request is
    audited too; set it to None when the view records a more precise entry itself.
    """
    check = AREA_CHECKS[right]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from bairn.areas import all_areas
            from bairn.web import audit

            code = str(kwargs.get(kwarg, "")).strip()
            found = all_areas().get(code)
            if found is None or not check(request.user, code):
                audit.record(
                    request,
                    refused_action,
                    ("area", code),
                    {"right": str(right), "reason": "unknown area" if found is None else "scope"},
                    outcome="refused",
                    area_code=code if found is not None else "",
                )
                raise Http404("No such page.")
            request.bairn_area = found
            response = view(request, *args, **kwargs)
            if audit_action and 200 <= response.status_code < 400:
                audit.record(request, audit_action, found, {"right": str(right)})
            return response

        wrapped.bairn_right = right
        wrapped.bairn_area_scoped = True
        return wrapped

    return decorator


class RightRequiredMixin:
    """Class-based views: set `required_right`."""

    required_right: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not has_right(request.user, self.required_right):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AreaScopedMixin:
    """Class-based views: set `required_right` (default VIEW_RECORDS) and `audit_action`."""

    required_right: str = Right.VIEW_RECORDS
    area_kwarg: str = AREA_CODE_KWARG
    audit_action: str | None = "records.read"

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        return area_scoped(cls.required_right, kwarg=cls.area_kwarg, audit_action=cls.audit_action)(
            view
        )


def visible_councils(user, councils: Iterable[str]) -> list[str]:
    """The given councils narrowed to the user's scope, in the order given."""
    scope = scope_councils(user)
    return [c for c in councils if c in scope]
