"""Who may see and change programme work.

- The leadership group (national analysts and administrators) and programme owners see every
  programme, action and review.
- A programme owner edits an action they own (`Action.owner_user`) or any action of a programme
  they own (`Programme.owners`); they also add actions and hold reviews for those programmes.
- Everyone, signed in or not, sees a programme's published summary if it publishes one.

The rights table (`accounts/roles.py`) has no "view programme" right yet, so the leadership group
is read from the national roles and the audit right; a VIEW_PROGRAMME right would replace it.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from bairn.web.accounts.permissions import has_right, role_of
from bairn.web.accounts.roles import NATIONAL_ROLES, Right


def is_leadership(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    national = role_of(user) in NATIONAL_ROLES and has_right(user, Right.VIEW_RESULTS)
    return national or has_right(user, Right.MANAGE_ACCOUNTS)


def can_view(user) -> bool:
    return is_leadership(user) or has_right(user, Right.MANAGE_PROGRAMME)


def owns_programme(user, programme) -> bool:
    if not has_right(user, Right.MANAGE_PROGRAMME):
        return False
    return programme.owners.filter(pk=user.pk).exists()


def can_edit(user, action) -> bool:
    if not has_right(user, Right.MANAGE_PROGRAMME):
        return False
    return action.owner_user_id == user.pk or owns_programme(user, action.programme)


def view_required(view):
    """403 for signed-in users who may not see programme work (anonymous: sign in first)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
