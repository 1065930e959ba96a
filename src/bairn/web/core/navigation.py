"""The site navigation: each app registers its entries in AppConfig.ready(); each request sees
only the entries the user may open.

    navigation.register("Submissions", "submissions:list", order=30, right=Right.UPLOAD)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    right: str | None = None  # shown only to users holding this right
    signed_in: bool = False  # shown only to signed-in (and verified) users


_items: dict[str, NavItem] = {}


def register(
    label: str, url_name: str, *, order: int = 50, right: str | None = None, signed_in: bool = False
) -> None:
    _items[url_name] = NavItem(label, url_name, order, right, signed_in or right is not None)


def registered() -> list[NavItem]:
    return sorted(_items.values(), key=lambda item: (item.order, item.label))


def items_for(request) -> list[dict]:
    from bairn.web.accounts.permissions import has_right

    user = request.user
    signed_in = user.is_authenticated and user.is_verified()
    entries = []
    for item in registered():
        if item.signed_in and not signed_in:
            continue
        if item.right and not has_right(user, item.right):
            continue
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"label": item.label, "url": url, "current": current})
    return entries
