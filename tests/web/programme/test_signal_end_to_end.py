"""End to end on synthetic data: an action linked to the indicator and council of an injected
shift, dated at the shift, reports special-cause change on its page."""

from __future__ import annotations

import pytest

from bairn.web.programme import services
from bairn.web.programme.measures import AFTER, NONE_AFTER, PREPARING
from bairn.web.results import publications
from bairn.web.results.audience import NATIONAL


@pytest.fixture
def fresh_publications():
    """No publication prepared before the test, none left after it."""
    publications.forget()
    yield
    publications.forget()


@pytest.fixture(scope="module")
def synthetic_store(national_store):
    """The session's national synthetic store (tests/conftest.py) and its injected shift."""
    db, signals = national_store
    return db, next(s for s in signals if s["indicator"] == "registrations_rate")


def test_action_at_the_shift_shows_special_cause(
    synthetic_store, settings, client, make_user, sign_in, cpip, owner, fresh_publications
):
    db, signal = synthetic_store
    settings.BAIRN_DB = str(db)
    publications.prepare(NATIONAL)  # what the task worker does for a running server
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


def test_a_verdict_waits_for_the_prepared_figures_and_the_request_publishes_nothing(
    synthetic_store,
    settings,
    client,
    make_user,
    sign_in,
    cpip,
    owner,
    fresh_publications,
    monkeypatch,
):
    from bairn.web.tasks.models import Task

    db, signal = synthetic_store
    settings.BAIRN_DB = str(db)
    action = cpip.actions.get(ref="R10")
    services.add_measure(
        action, by=owner, rationale="Expected rise", direction=signal["direction"],
        indicator_id="registrations_rate", area_code=signal["council_code"],
        from_period=signal["start_period"],
    )  # fmt: skip
    import bairn.publication as publication

    def refuse(*args, **kwargs):
        raise AssertionError("a request published the figures itself")

    monkeypatch.setattr(publication, "publish_results", refuse)
    sign_in(client, make_user("national_analyst"))
    page = client.get("/programme/cpip/actions/R10/").content.decode()
    assert PREPARING.split(";")[0] in page and AFTER.capitalize() not in page
    queued = Task.objects.filter(kind="publish").order_by("-id").first()
    assert queued is not None and queued.params.get("audience") == "national"
