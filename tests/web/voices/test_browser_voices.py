"""Both children's forms in real Chromium at a phone size, with axe on every page: no
JavaScript is needed to answer (plain forms), and the safety text is on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bairn.web.voices import alerts
from bairn.web.voices.models import Response, SafeguardingAlert


@pytest.fixture(params=["phone"])
def viewport(request) -> str:
    return request.param


@pytest.mark.parametrize(
    ("instrument", "choices"),
    [
        ("children-8plus", ["Always", "Sometimes", "Yes", "Yes", "Yes", "No"]),
        ("children-pictures", ["Yes", "Not always", "No", "Yes", "No"]),
    ],
)
def test_child_answers_on_a_phone(page, make_wave, assert_accessible, instrument, choices):
    wave = make_wave(instrument=instrument)
    page.goto(f"/voices/s/{wave.token}/")
    expect(page.get_by_text("0800 1111").first).to_be_visible()
    assert_accessible(page, f"{instrument}-start")
    page.get_by_role("button", name="Start").click()

    # A missing answer gives an error the child can reach from the summary.
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose one answer.")
    assert_accessible(page, f"{instrument}-error")

    for number, choice in enumerate(choices, start=1):
        radio = page.get_by_role("radio", name=choice, exact=True)
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()  # as a finger would
        expect(radio).to_be_checked()
        if number <= 2:
            assert_accessible(page, f"{instrument}-question-{number}")
        box = page.locator(".ds_radio__label").first.bounding_box()
        assert box["height"] >= 24  # WCAG 2.2 target size (minimum)
        page.get_by_role("button", name="Next").click()
    if instrument == "children-8plus":
        page.get_by_label("Is there anything else you want to tell us?").fill("I am scared")
        assert_accessible(page, f"{instrument}-comments")
        page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page, f"{instrument}-done")
    response = Response.objects.get(wave=wave)
    assert response.answers["safe_now"] == "no"
    alert = SafeguardingAlert.objects.get(response=response)
    alerts.deliver_pending()
    alert.refresh_from_db()
    assert alert.state == "sent"


def test_survey_indicator_pages_on_a_phone(page, make_user, assert_accessible):
    from bairn.web.voices.synthetic import make_synthetic_waves

    make_synthetic_waves("2025-W1", make_user("cpc_lead", "CPC-ELML"), seed=2)
    page.goto("/voices/indicators/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voices")
    assert_accessible(page, "survey-indicators")
    page.get_by_role(
        "link", name="Children who feel listened to always or most of the time"
    ).click()
    expect(page.get_by_role("heading", name="Wave 2025-W1")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("East Lothian and Midlothian")
    assert_accessible(page, "survey-indicator")
