"""The statistics pages with real figures: overview, indicator (funnel, trend, baseline, table,
downloads), areas, area, compare; the audience each kind of visitor gets; and the page that
says the figures are being prepared."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from bairn.areas import SCOTLAND
from bairn.indicators import load_catalogue
from bairn.publication import publish_results
from bairn.web.audit.models import AuditEntry
from bairn.web.tasks import run_pending
from bairn.web.tasks.models import Task

pytestmark = pytest.mark.django_db

PUBLIC_LABEL = "Published statistics (public)"


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_overview_lists_every_indicator_with_scotland_and_outliers(client, prepared):
    html = _text(client.get("/indicators/"))
    for ind in load_catalogue().indicators.values():
        assert f'href="/indicators/{ind.id}/"' in html
    assert PUBLIC_LABEL in html
    assert html.count('class="bairn-sparkline"') >= 10
    assert "Councils outside the 99.8% limits" in html
    assert re.search(r'href="/areas/S12\d+/">[^<]+</a> \((higher|lower)', html)


def test_overview_numbers_are_the_public_publication(client, prepared):
    public = publish_results(prepared, audience="public")
    row = public.select(indicators=["register_rate"], areas=[SCOTLAND], periods=["SY2017-18"])
    html = _text(client.get("/indicators/"))
    assert f"{row.frame.value.iloc[0]:,.1f} per 1,000 children" in html


def test_indicator_page_has_funnel_trend_baseline_table_and_downloads(client, prepared):
    html = _text(client.get("/indicators/register_rate/"))
    assert "Across areas, SY2017-18" in html  # the latest year with Scotland's figure
    assert html.count("<svg") >= 2 and 'role="img"' in html  # funnel plot and trend chart
    assert "Funnel plot of 32 councils in SY2017-18" in html  # the text summary
    assert "SPC chart of" in html
    assert "Change since the 2016 baseline" in html and "SY2015-16" in html
    assert "Questions to ask" in html and "How does our rate compare" in html
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/indicators/register_rate/download.{fmt}"' in html
    assert "style=" not in html  # the charts keep to the Content-Security-Policy


def test_indicator_page_choices(client, prepared):
    html = _text(client.get("/indicators/register_rate/?period=SY2016-17&areas=cpc&area=CPC-ELML"))
    assert "Across areas, SY2016-17" in html
    assert "Funnel plot of 30 CPCs" in html
    assert "Over time: East Lothian and Midlothian" in html
    # Choices the audience does not receive fall back to the defaults.
    html = _text(client.get("/indicators/register_rate/?period=2016Q1&areas=planet"))
    assert "Across areas, SY2017-18" in html


def test_suppressed_cells_show_the_symbol_not_the_number(client, prepared):
    public = publish_results(prepared).select(
        indicators=["child_views_presented"], periods=["SY2017-18"]
    )
    frame = public.frame
    hidden = frame[(frame.numerator.astype(str) == "c") & (frame.area_type == "council")]
    code = hidden.area_code.iloc[0]  # the page compares councils by default
    html = _text(client.get("/indicators/child_views_presented/"))
    row = re.search(rf'<a href="/areas/{code}/">.*?</tr>', html, re.S).group(0)
    assert '<span class="bairn-symbol">c' in row


def test_downloads_are_the_publication_and_non_public_ones_are_audited(client, signed_in, prepared):
    response = client.get("/indicators/register_rate/download.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    assert text.startswith("# ") and "# audience: public" in text
    rows = list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if not line.startswith("#")
    ))))  # fmt: skip
    expected = publish_results(prepared).select(indicators=["register_rate"], breakdown=None)
    assert len(rows) == len(expected.frame)
    assert not AuditEntry.objects.filter(action="export").exists()

    lead, user = signed_in("cpc_lead", "CPC-ELML")
    response = lead.get("/indicators/register_rate/download.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["indicators", "notes"]
    assert "East Lothian and Midlothian" in str(book["notes"]["A3"].value)
    entry = AuditEntry.objects.get(username=user.username, action="export")
    assert entry.object_id == "register_rate" and entry.detail["format"] == "xlsx"
    assert entry.detail["audience"] == "area:CPC-ELML" and entry.area_code == "CPC-ELML"
    assert client.get("/indicators/register_rate/download.pdf").status_code == 404


def test_chart_files(client, prepared):
    response = client.get("/indicators/register_rate/funnel.svg?period=SY2017-18&areas=council")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg") and b"<script" not in response.content
    assert "default-src 'none'" in response["Content-Security-Policy"]
    response = client.get("/indicators/register_rate/trend.svg?area=S12000019&kind=statistics_year")
    assert response.status_code == 200
    assert (
        client.get("/indicators/register_rate/trend.svg?area=S12000019&kind=quarter").status_code
        == 404
    )


def test_area_pages(client, prepared):
    html = _text(client.get("/areas/S12000019/"))
    assert "Midlothian" in html and "Similar areas" in html and "East Lothian" in html
    assert "SPC verdict" in html and "Against Scotland (funnel plot)" in html
    assert "/compare/?area=S12000019" in html
    cpc = _text(client.get("/areas/CPC-ELML/"))
    assert 'href="/areas/S12000010/"' in cpc and 'href="/areas/S12000019/"' in cpc
    scotland = _text(client.get(f"/areas/{SCOTLAND}/"))
    assert "Similar areas" not in scotland
    listing = _text(client.get("/areas/"))
    assert listing.count('href="/areas/') >= 63


def test_compare(client, prepared):
    html = _text(client.get("/compare/?area=S12000019&area=S12000010&period=SY2016-17"))
    public = publish_results(prepared).select(
        indicators=["register_rate"], areas=["S12000019", "S12000010"], periods=["SY2016-17"]
    )
    for value in public.frame.value:
        assert f"{value:,.1f}" in html
    assert "SY2016-17: Midlothian, East Lothian" in html
    assert "checked" in html
    assert "Choose up to 8 areas" in _text(client.get("/compare/"))


@pytest.mark.parametrize(
    ("role", "area", "label"),
    [
        (None, "", PUBLIC_LABEL),
        ("national_analyst", "", "National analysts: all figures, not for publication"),
        ("cpc_lead", "CPC-ELML", "East Lothian and Midlothian"),
        ("cpc_analyst", "S12000019", PUBLIC_LABEL),
        ("programme_owner", "", PUBLIC_LABEL),
        ("administrator", "", PUBLIC_LABEL),
    ],
)
def test_every_page_states_its_audience(client, signed_in, prepared, role, area, label):
    if role:
        client, _ = signed_in(role, area)
    for url in ("/indicators/", "/indicators/register_rate/", "/areas/S12000019/", "/compare/"):
        html = _text(client.get(url))
        assert f"Who these figures are for: {label}" in html, url
        if label != PUBLIC_LABEL:
            assert "OFFICIAL-SENSITIVE" in html


def test_a_cpc_lead_sees_quarters_for_their_own_area_only(signed_in, prepared):
    lead, _ = signed_in("cpc_lead", "CPC-ELML")
    own = _text(lead.get("/indicators/register_rate/?area=S12000019"))
    assert '<option value="quarter"' in own
    other = _text(lead.get("/indicators/register_rate/?area=S12000049"))
    assert '<option value="quarter"' not in other


def test_the_page_says_when_figures_are_being_prepared(client, writable_store):
    html = _text(client.get("/indicators/"))
    assert "being prepared" in html and 'hx-trigger="every 1s"' in html
    task = Task.objects.get(kind="publish")
    assert task.params == {"audience": "public", "cpc": ""}
    _text(client.get("/areas/S12000019/"))
    assert Task.objects.filter(kind="publish").count() == 1  # asked once, not per page
    assert run_pending() == 1
    html = _text(client.get("/indicators/"))
    assert PUBLIC_LABEL in html and "being prepared" not in html
    progress = client.get(f"/tasks/{task.pk}/", headers={"HX-Request": "true"})
    assert progress["HX-Refresh"] == "true"


def test_no_store_no_statistics(client, settings, tmp_path, isolated_publications):
    settings.BAIRN_DB = str(tmp_path / "none.duckdb")
    html = _text(client.get("/indicators/"))
    assert "There are no statistics to show yet" in html
    assert not Task.objects.exists()
    assert not (tmp_path / "none.duckdb").exists()  # pages never create a store


def test_trend_chart_marks_the_programme_actions_the_viewer_may_see(
    client, signed_in, make_user, prepared
):
    from bairn.web.programme import services
    from bairn.web.programme.models import Programme
    from bairn.web.programme.seed import load

    load()
    cpip = Programme.objects.get(slug="cpip")
    action = cpip.actions.get(ref="N3")
    owner = make_user("programme_owner")
    services.add_measure(
        action, by=owner, rationale="Expected fall", direction="down",
        indicator_id="register_rate", area_code=SCOTLAND, from_period="2016Q3",
    )  # fmt: skip
    label = "CPIP N3: "
    url = f"/indicators/register_rate/?area={SCOTLAND}"
    assert label not in _text(client.get(url))  # the public: CPIP publishes no summary
    analyst, _ = signed_in("national_analyst")
    assert label in _text(analyst.get(url))
    analyst.logout()
    cpip.publish_summary = True
    cpip.save()
    assert label in _text(client.get(url))
