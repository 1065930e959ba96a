"""The public survey through plain form posts: anonymity, abuse controls, consent, closed waves."""

from __future__ import annotations

import pytest

from bairn.web.voices import views_public
from bairn.web.voices.models import DeviceMark, Response
from tests.web.voices.conftest import answer_survey

pytestmark = pytest.mark.django_db
HAPPY = {"listened": "always", "understand": "usually", "meeting_went": "yes",
         "meeting_help": "yes", "safer": "yes", "safe_now": "yes"}  # fmt: skip
PICTURES = {**HAPPY, "listened": "yes", "understand": "yes"}


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setattr(views_public, "_deliver_now", lambda: None)


def test_children_answer_without_javascript_and_nothing_identifies_them(client, make_wave):
    wave = make_wave()
    start = client.get(f"/voices/s/{wave.token}/", REMOTE_ADDR="203.0.113.9")
    assert b"Childline" in start.content and b"0800 1111" in start.content
    result = answer_survey(client, wave, HAPPY)
    assert result.status_code == 302
    saved = Response.objects.get()
    assert saved.answers == HAPPY and saved.respondent_name == "" and not saved.consent_given
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"ip", "address", "user_agent", "remote_addr"}
    assert "203.0.113.9" not in str(list(Response.objects.values()))


def test_missing_answer_shows_an_error_and_the_safety_text(client, make_wave):
    wave = make_wave()
    first = client.post(f"/voices/s/{wave.token}/")
    import re

    state = re.search(r'name="state" value="([^"]+)"', first.content.decode()).group(1)
    again = client.post(f"/voices/s/{wave.token}/p/listened/", {"state": state})
    assert again.status_code == 400
    assert b"Choose one answer." in again.content and b"0800 1111" in again.content
    tampered = client.post(f"/voices/s/{wave.token}/p/listened/", {"state": state + "x"})
    assert tampered.status_code == 302  # a forged state starts again


def test_honeypot_is_thanked_but_not_stored(client, make_wave):
    wave = make_wave(instrument="children-pictures")
    original = client.post

    def with_honeypot(path, data=None, **kw):
        data = dict(data or {})
        if "/p/" in path:
            data["website"] = "http://spam.example"
        return original(path, data, **kw)

    client.post = with_honeypot
    assert answer_survey(client, wave, PICTURES).status_code == 302
    assert Response.objects.count() == 0


def test_rate_limit_per_wave(client, make_wave):
    wave = make_wave(instrument="children-pictures", max_per_hour=2)
    assert answer_survey(client, wave, PICTURES).status_code == 302
    assert answer_survey(client, wave, PICTURES).status_code == 302
    assert answer_survey(client, wave, PICTURES).status_code == 429
    assert Response.objects.count() == 2


def test_one_response_per_device(client, make_wave):
    wave = make_wave(instrument="children-pictures", one_per_device=True)
    client.get(f"/voices/s/{wave.token}/")  # sets the random device cookie
    token = client.cookies["bairn-voices-device"].value
    assert answer_survey(client, wave, PICTURES).status_code == 302
    assert token not in DeviceMark.objects.get().token_hash  # only a keyed hash is kept
    again = client.post(f"/voices/s/{wave.token}/")
    assert again.status_code == 200 and b"already answered" in again.content
    assert Response.objects.count() == 1


def test_identified_wave_needs_consent(client, make_wave):
    wave = make_wave(identified=True)
    refused = client.post(f"/voices/s/{wave.token}/", {"name": "Sam"})
    assert b"Tick the box to agree" in refused.content
    result = answer_survey(
        client, wave, HAPPY, extra={"name": "Sam", "contact": "07700 900000", "consent": "yes"}
    )
    assert result.status_code == 302
    saved = Response.objects.get()
    assert saved.respondent_name == "Sam" and saved.consent_given and saved.consent_text


def test_closed_wave_takes_no_answers(client, make_wave):
    wave = make_wave(closed=True)
    page = client.get(f"/voices/s/{wave.token}/")
    assert b"not open" in page.content
    assert client.post(f"/voices/s/{wave.token}/").status_code == 200
    assert Response.objects.count() == 0


def test_cpc_lead_creates_a_wave_with_a_qr_code(client, make_wave, sign_in):
    lead = make_wave.lead
    sign_in(client, lead)
    form = client.get("/voices/waves/new/")
    assert form.status_code == 200
    result = client.post(
        "/voices/waves/new/",
        {"cpc_code": "CPC-ELML", "instrument": "practitioner-v1", "label": "2025-W2",
         "opens": "2025-09-01", "closes": "2025-10-01", "safeguarding_lead": str(lead.pk),
         "identified": "no", "one_per_device": "yes", "max_per_hour": "100"},
    )  # fmt: skip
    assert result.status_code == 302, result.content[:2000]
    qr = client.get(result["Location"] + "qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
