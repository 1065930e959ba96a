from __future__ import annotations

import pytest


@pytest.fixture
def cpip(db):
    """The built-in CPIP programme, loaded as `bairn programme load` does."""
    from bairn.web.programme.models import Programme
    from bairn.web.programme.seed import load

    load()
    return Programme.objects.get(slug="cpip")


@pytest.fixture
def owner(make_user, cpip):
    user = make_user("programme_owner", password="correct-horse-battery-staple-7")
    cpip.owners.add(user)
    return user
