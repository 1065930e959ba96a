"""The committee's commentary: written by the CPC's own staff only, per area and period, one box
per indicator with its scrutiny questions; lengths checked; refused attempts audited."""

from __future__ import annotations

import pytest

from bairn.web.audit.models import AuditEntry
from bairn.web.reporting.models import MAX_COMMENTARY, Commentary, commentary_for
from tests.web.reporting.conftest import COMMENTED, CPC, OTHER_CPC

pytestmark = pytest.mark.django_db
PERIOD = "2019Q2"
URL = f"/reports/commentary/{CPC}/{PERIOD}/"


def test_the_page_lists_every_indicator_with_its_scrutiny_questions(signed_in):
    from bairn.indicators.catalogue import load_catalogue

    lead, _ = signed_in("cpc_lead", CPC)
    page = lead.get(URL).content.decode()
    catalogue = load_catalogue().indicators
    assert page.count("<textarea") == len(catalogue)
    question = catalogue[COMMENTED].scrutiny_questions[0]
    assert question.replace("'", "&#x27;") in page or question in page
    assert 'name="csrfmiddlewaretoken"' in page and "<script" not in page.split("<main")[-1]


def test_saving_changing_and_clearing_commentary(signed_in):
    lead, user = signed_in("cpc_lead", CPC)
    response = lead.post(URL, {f"c_{COMMENTED}": "  First line.\r\n\r\nSecond paragraph.  "})
    assert response.status_code == 302 and response["Location"] == URL
    assert commentary_for(CPC, PERIOD) == {COMMENTED: "First line.\n\nSecond paragraph."}
    row = Commentary.objects.get(area_code=CPC, period=PERIOD, indicator_id=COMMENTED)
    assert row.author_id == user.pk and row.updated_by_name == user.username
    saved = AuditEntry.objects.filter(action="commentary.saved").latest("id")
    assert saved.area_code == CPC and saved.detail == {"period": PERIOD, "indicators": [COMMENTED]}
    assert "First line." in lead.get(URL).content.decode()

    analyst, other = signed_in("cpc_analyst", CPC)  # a colleague edits it
    analyst.post(URL, {f"c_{COMMENTED}": "Changed."})
    row.refresh_from_db()
    assert row.text == "Changed." and row.updated_by_id == other.pk and row.author_id == user.pk
    analyst.post(URL, {f"c_{COMMENTED}": ""})
    assert not Commentary.objects.filter(area_code=CPC).exists()


def test_too_long_commentary_is_refused_with_the_reason(signed_in):
    lead, _ = signed_in("cpc_lead", CPC)
    response = lead.post(URL, {f"c_{COMMENTED}": "x" * (MAX_COMMENTARY + 1)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and f"at most {MAX_COMMENTARY:,}" in page.replace(
        str(MAX_COMMENTARY), f"{MAX_COMMENTARY:,}"
    )
    assert not Commentary.objects.exists()


def test_periods_are_canonical_and_chosen_from_a_list(signed_in):
    lead, _ = signed_in("cpc_lead", CPC)
    assert lead.get(f"/reports/commentary/{CPC}/2019q2/")["Location"] == URL
    assert lead.get(f"/reports/commentary/{CPC}/?period=sy2018-19")["Location"] == (
        f"/reports/commentary/{CPC}/SY2018-19/"
    )
    assert lead.get(f"/reports/commentary/{CPC}/FY2018-19/").status_code == 404
    page = lead.get(f"/reports/commentary/{CPC}/?period=nonsense").content.decode()
    assert "Enter a quarter" in page


@pytest.mark.parametrize(
    ("role", "scope", "area"),
    [
        ("cpc_lead", CPC, OTHER_CPC),  # another CPC
        ("cpc_analyst", "S12000019", CPC),  # one council of the CPC: not the whole CPC
        ("national_analyst", "", CPC),
        ("administrator", "", CPC),
        ("programme_owner", "", CPC),
    ],
)
def test_nobody_else_may_write_an_areas_commentary(signed_in, role, scope, area):
    client, user = signed_in(role, scope)
    url = f"/reports/commentary/{area}/{PERIOD}/"
    before = AuditEntry.objects.count()
    assert client.get(url).status_code == 404
    assert client.post(url, {f"c_{COMMENTED}": "Not mine to write."}).status_code == 404
    assert not Commentary.objects.exists()
    refused = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.outcome, e.user_id) for e in refused] == [
        ("records.refused", "refused", user.pk)
    ] * 2
    assert refused[0].area_code == area


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert client.post(URL, {f"c_{COMMENTED}": "x"}).status_code == 302
    assert not Commentary.objects.exists()
