"""The API: its OpenAPI document; its numbers equal `bairn indicators` (publish_results(...)
.select(...)) for the same audience; CSV; the audit of non-public exports; and anonymous output
passes the disclosure audit."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from bairn.areas import SCOTLAND
from bairn.disclosure import audit as disclosure_audit
from bairn.disclosure import ensure_safe
from bairn.publication import publish_results
from bairn.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

KEYS = ["indicator_id", "area_code", "period", "breakdown", "category"]
NUMBERS = ["numerator", "denominator", "value", "lower95", "upper95"]


def _same(api_rows: list[dict], frame: pd.DataFrame) -> None:
    """Every row and figure equal: numbers as numbers, GSS symbols as the same strings."""
    got = pd.DataFrame(api_rows)
    assert len(got) == len(frame) > 0
    got = got.sort_values(KEYS).reset_index(drop=True)
    want = frame.sort_values(KEYS).reset_index(drop=True)
    assert (got[KEYS].astype(str).to_numpy() == want[KEYS].astype(str).to_numpy()).all()
    for column in NUMBERS:
        mine, theirs = got[column].astype(object), want[column].astype(object)
        text = theirs.map(lambda v: isinstance(v, str))
        assert (mine[text] == theirs[text]).all(), column  # the same GSS symbols
        assert not mine[~text].map(lambda v: isinstance(v, str)).any(), column
        a = pd.to_numeric(mine[~text]).to_numpy(float)
        b = pd.to_numeric(theirs[~text]).to_numpy(float)
        assert ((a == b) | (np.isnan(a) & np.isnan(b))).all(), column


def _all(client, url: str) -> tuple[list[dict], dict]:
    """Every page of an /api/v1/indicators answer."""
    rows: list[dict] = []
    while url:
        body = client.get(url).json()
        rows += body["data"]
        url = body["next"]
    return rows, body


def test_openapi_document(client, prepared):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "Bairn statistics API"
    paths = set(doc["paths"])
    for name in ("indicators", "catalogue", "areas", "periods", "variation", "trend", "baseline"):
        assert f"/api/v1/{name}" in paths
    params = {p["name"] for p in doc["paths"]["/api/v1/indicators"]["get"]["parameters"]}
    assert {"indicator", "area", "period", "breakdown", "format", "limit", "offset"} <= params


def test_catalogue_and_areas(client, prepared):
    catalogue = client.get("/api/v1/catalogue").json()
    assert {"register_rate", "initial_meeting_timely"} <= {i["id"] for i in catalogue}
    one = client.get("/api/v1/catalogue/register_rate").json()
    assert one["unit"] == "per_1000" and one["scrutiny_questions"]
    assert client.get("/api/v1/catalogue/nonsense").status_code == 404
    areas = {a["code"]: a for a in client.get("/api/v1/areas").json()}
    assert areas["CPC-ELML"]["councils"] == ["S12000010", "S12000019"]
    assert len([a for a in areas.values() if a["type"] == "council"]) == 32


def test_periods_follow_the_audience(client, signed_in, prepared):
    public = client.get("/api/v1/periods").json()
    assert {p["kind"] for p in public} == {"statistics_year"}
    national, _ = signed_in("national_analyst")
    kinds = {p["kind"] for p in national.get("/api/v1/periods").json()}
    assert {"quarter", "statistics_year", "financial_year", "year"} <= kinds


@pytest.mark.parametrize(
    ("role", "area", "audience", "cpc"),
    [
        (None, "", "public", None),
        ("national_analyst", "", "national", None),
        ("cpc_lead", "CPC-ELML", "area", "CPC-ELML"),
        ("cpc_analyst", "S12000019", "public", None),  # one council of a two-council CPC
        ("programme_owner", "", "public", None),
    ],
)
def test_numbers_equal_bairn_indicators(client, signed_in, prepared, role, area, audience, cpc):
    if role:
        client, _ = signed_in(role, area)
    query = "indicator=register_rate&indicator=child_views_presented&breakdown=all"
    rows, body = _all(client, f"/api/v1/indicators?{query}")
    assert body["audience"] == (f"area:{cpc}" if cpc else audience)
    expected = publish_results(prepared, audience=audience, cpc=cpc).select(
        indicators=["register_rate", "child_views_presented"], breakdown=None
    )
    assert body["total"] == len(expected.frame)
    _same(rows, expected.frame)


def test_filters_by_area_period_and_breakdown(client, prepared):
    body = client.get(
        "/api/v1/indicators?indicator=register_rate&area=S92000003&period=SY2016-17&breakdown=sex"
    ).json()
    expected = publish_results(prepared).select(
        indicators=["register_rate"], areas=[SCOTLAND], periods=["SY2016-17"], breakdown="sex"
    )
    _same(body["data"], expected.frame)
    assert {r["category"] for r in body["data"]} >= {"female", "male"}


def test_pages_of_results(client, prepared):
    first = client.get("/api/v1/indicators?limit=100").json()
    assert first["total"] > 100 and len(first["data"]) == 100
    second = client.get(first["next"]).json()
    assert second["offset"] == 100
    rows = {tuple(r[k] for k in KEYS) for r in first["data"] + second["data"]}
    assert len(rows) == 200


def test_csv_is_the_publication_writer_output(client, prepared):
    response = client.get("/api/v1/indicators?indicator=register_rate&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0].startswith("# ") and "audience: public" in text
    table = list(csv.DictReader(io.StringIO("\n".join(x for x in lines if not x.startswith("#")))))
    expected = publish_results(prepared).select(indicators=["register_rate"])
    assert len(table) == len(expected.frame) == int(response["X-Total-Count"])
    assert {r["numerator"] for r in table} & {"c"}


def test_anonymous_output_passes_the_disclosure_audit(client, prepared):
    """Everything an anonymous caller can download, read back from the API's JSON, is proved
    safe by the LP audit (no suppressed cell can be worked out)."""
    rows, body = _all(client, "/api/v1/indicators?breakdown=all&limit=50000")
    frame = pd.DataFrame(rows)
    assert (frame == "c").any().any()  # there is something to protect
    report = disclosure_audit(frame, metadata=body["metadata"])
    assert report.passed, report.sentence()
    ensure_safe(frame, metadata=body["metadata"])  # raises if not


def test_non_public_exports_are_audited(client, signed_in, prepared):
    client.get("/api/v1/indicators?indicator=register_rate")
    assert not AuditEntry.objects.filter(action="export").exists()  # public: no entry

    national, user = signed_in("national_analyst")
    national.get("/api/v1/indicators?indicator=register_rate&format=csv")
    national.get("/api/v1/trend?indicator=register_rate&area=S12000019")
    entries = AuditEntry.objects.filter(username=user.username, action="export")
    details = sorted((e.object_id, e.detail["format"]) for e in entries)
    assert details == [("indicators", "csv"), ("trend", "json")]
    assert all(e.detail["audience"] == "national" for e in entries)

    lead, lead_user = signed_in("cpc_lead", "CPC-ELML")
    lead.get("/api/v1/variation?indicator=register_rate")
    entry = AuditEntry.objects.get(username=lead_user.username, action="export")
    assert entry.area_code == "CPC-ELML" and entry.detail["rows"] > 0


def test_analyses_hide_what_suppressed_counts_would_reveal(client, prepared):
    """Numbers in an analysis are the published ones; where a denominator is suppressed, the
    funnel limits drawn at it are hidden too (bairn.analysis.mask_for_audience alone would show
    the computed denominator there)."""
    query = "indicator=advocate_present&period=SY2015-16&area_type=cpc"
    body = client.get(f"/api/v1/variation?{query}").json()
    published = publish_results(prepared).select(
        indicators=["advocate_present"], periods=["SY2015-16"]
    )
    by_area = published.frame.set_index("area_code")
    hidden_denominators = 0
    for row in body["data"]:
        pub = by_area.loc[row["area_code"]]
        for column in ("numerator", "denominator", "value"):
            assert row[column] == pub[column] or row[column] == pytest.approx(pub[column])
        if "c" in (pub["numerator"], pub["denominator"], pub["value"]):
            assert row["significance"] == "c" and row["adjusted_significance"] == "c"
        if pub["denominator"] == "c":
            hidden_denominators += 1
            assert row["lower998"] == row["upper998"] == row["adjusted_upper998"] == "c"
    assert hidden_denominators > 0


def test_trend_and_baseline(client, signed_in, prepared):
    body = client.get("/api/v1/trend?indicator=register_rate&area=S92000003").json()
    assert [r["period"] for r in body["data"]] == ["SY2014-15", "SY2015-16", "SY2016-17",
                                                    "SY2017-18"]  # fmt: skip
    assert {"mean", "lpl", "upl", "point_type"} <= set(body["data"][0])
    national, _ = signed_in("national_analyst")
    quarters = national.get("/api/v1/trend?indicator=register_rate&area=S92000003").json()
    assert len(quarters["data"]) >= 16 and quarters["data"][0]["period"] == "2014Q3"
    base = client.get("/api/v1/baseline?indicator=register_rate&period=SY2017-18").json()
    scotland = next(r for r in base["data"] if r["area_code"] == SCOTLAND)
    assert scotland["baseline_period"] == "SY2015-16" and scotland["verdict"]


def test_errors_are_plain(client, prepared):
    response = client.get("/api/v1/variation?indicator=nonsense")
    assert response.status_code == 400
    assert "no indicator" in response.json()["detail"]
    response = client.get("/api/v1/indicators?format=xml")
    assert response.status_code == 400 and "json or csv" in response.json()["detail"]
    response = client.get("/api/v1/indicators?period=2019Q9")
    assert response.status_code == 400
