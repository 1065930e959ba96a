"""End to end on synthetic data: an action linked to the indicator and council of an injected
shift, dated at the shift, reports special-cause change on its page."""

from __future__ import annotations

import pytest

from bairn.web.programme import services
from bairn.web.programme.measures import AFTER, NONE_AFTER


@pytest.fixture(scope="module")
def synthetic_store(national_store):
    """The session's national synthetic store (tests/conftest.py) and its injected shift."""
    db, signals = national_store
    return db, next(s for s in signals if s["indicator"] == "registrations_rate")


def test_action_at_the_shift_shows_special_cause(
    synthetic_store, settings, client, make_user, sign_in, cpip, owner
):
    db, signal = synthetic_store
    settings.BAIRN_DB = str(db)
    action = cpip.actions.get(ref="R10")
    services.update_action(action, {"start_period": signal["start_period"]}, by=owner,
                           rationale="Local data programme starts.")  # fmt: skip
    services.add_measure(
        action, by=owner, rationale="Expected rise", direction=signal["direction"],
        indicator_id="registrations_rate", area_code=signal["council_code"],
        from_period=signal["start_period"],
    )  # fmt: skip
    control = cpip.actions.get(ref="N3")  # another council, no injected signal, expected down
    services.add_measure(control, by=owner, rationale="control", direction="down",
                         indicator_id="registrations_rate", area_code=signal["council_code"],
                         from_period=signal["start_period"])  # fmt: skip
    sign_in(client, make_user("national_analyst"))
    page = client.get("/programme/cpip/actions/R10/").content.decode()
    assert AFTER.capitalize() in page
    assert signal["start_period"] + " (action starts)" in page
    assert NONE_AFTER.capitalize() in client.get("/programme/cpip/actions/N3/").content.decode()
