"""'Download report' from the web app: the form on area pages and the overview, the `report`
task (bairn.reports.build_report), the private download, the audience each visitor gets, and the
committee's commentary carried into the report."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.test import Client

from bairn.web.audit.models import AuditEntry
from bairn.web.reporting.models import Commentary
from bairn.web.tasks import run_pending
from bairn.web.tasks.models import Status, Task
from tests.web.reporting.conftest import COMMENTED, CPC, OTHER_CPC

pytestmark = pytest.mark.django_db

NOTE = "The register fell after the neglect review in Midlothian."
AREA_LINE = "CPC staff. OFFICIAL-SENSITIVE: not for publication."


def _ask(client, area: str, period: str, fmt: str, **extra) -> Task:
    response = client.post(
        "/reports/new/", {"area": area, "period": period, "format": fmt, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pk = int(re.search(r"/reports/(\d+)/$", response["Location"])[1])
    task = Task.objects.get(pk=pk)
    assert task.kind == "report"
    return task


def _run(client, task: Task) -> bytes:
    page = client.get(f"/reports/{task.pk}/").content.decode()
    assert "bairn-task" in page  # progress while it waits
    assert run_pending() >= 1
    task.refresh_from_db()
    assert task.status == Status.DONE, task.error
    page = client.get(f"/reports/{task.pk}/").content.decode()
    assert f'href="/reports/{task.pk}/download/"' in page
    response = client.get(f"/reports/{task.pk}/download/")
    assert response.status_code == 200
    fmt = task.params["format"]
    assert response["Content-Disposition"] == f'attachment; filename="{task.result["filename"]}"'
    assert task.result["filename"].endswith(f".{fmt}")
    return b"".join(response.streaming_content)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = [row for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    cells = [str(c) for row in rows for c in row]
    return " ".join(" ".join(c for c in cells if c and c != "None").split())


def test_the_area_page_offers_a_report_for_the_visitors_audience(client, signed_in, periods):
    page = client.get(f"/areas/{CPC}/").content.decode()
    assert 'action="/reports/new/"' in page and "csrfmiddlewaretoken" in page
    assert "It will be for: <strong>Published statistics (public)</strong>" in page
    assert all(p.startswith("SY") for p in periods["public"])
    assert f'<option value="{periods["public"][0]}" selected>' in page
    assert ">2019Q" not in page and "commentary" not in page.lower().split("download a report")[1]

    lead, _ = signed_in("cpc_lead", CPC)
    page = lead.get(f"/areas/{CPC}/").content.decode()
    assert "staff: your own areas in full" in page.split("It will be for:")[1].split("</strong>")[0]
    assert f'<option value="{periods["area"][0]}" selected>' in page
    assert periods["area"][0].startswith("20") and "Q" in periods["area"][0]
    assert f"/reports/commentary/{CPC}/?period=" in page
    # Another CPC's page: its report is the public one, without commentary links.
    page = lead.get(f"/areas/{OTHER_CPC}/").content.decode()
    assert "It will be for: <strong>Published statistics (public)</strong>" in page
    assert "/reports/commentary/" not in page
    # The national overview offers the national report (here: the public one).
    page = client.get("/indicators/").content.decode()
    assert "The national report" in page and 'name="area_type"' in page


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_a_cpc_report_carries_the_commentary_and_its_audience(
    fmt, signed_in, periods, short_reports, tmp_path
):
    if fmt == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    lead, user = signed_in("cpc_lead", CPC)
    period = periods["area"][0]
    response = lead.post(f"/reports/commentary/{CPC}/{period}/", {f"c_{COMMENTED}": NOTE})
    assert response.status_code == 302

    task = _ask(lead, CPC, period, fmt)
    assert task.params["audience"] == "area" and task.params["cpc"] == CPC
    assert task.area_code == CPC and task.created_by_id == user.pk
    assert _ask(lead, CPC, period, fmt).pk == task.pk  # the same request while it waits
    data = _run(lead, task)

    if fmt == "html":
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") or text.lower().startswith("<!doctype html>")
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")
        text = _pdf_text(data, tmp_path)
    else:
        assert data.startswith(b"PK")
        text = _xlsx_text(data)
    assert NOTE in text
    assert AREA_LINE in text
    assert task.result["commentary"] == [COMMENTED]
    (path,) = short_reports.glob(f"report-{task.pk}-*.{fmt}")
    assert path.stat().st_mode & 0o077 == 0  # private to the server's account
    export = AuditEntry.objects.filter(action="export", object_type="report").latest("id")
    assert export.object_id == str(task.pk) and export.user_id == user.pk
    assert export.area_code == CPC and export.detail["audience"] == f"area:{CPC}"


def test_only_the_person_who_asked_may_download(signed_in, make_user, sign_in, periods,
                                               short_reports):  # fmt: skip
    lead, _ = signed_in("cpc_lead", CPC)
    task = _ask(lead, CPC, periods["area"][0], "html")
    _run(lead, task)
    urls = (f"/reports/{task.pk}/", f"/reports/{task.pk}/download/")

    colleague = sign_in(Client(), make_user("cpc_lead", CPC))  # same CPC, did not ask
    national = sign_in(Client(), make_user("national_analyst"))
    for other in (colleague, national, Client()):
        before = AuditEntry.objects.count()
        for url in urls:
            assert other.get(url).status_code == 404
        refused = AuditEntry.objects.order_by("id")[before:]
        assert [e.action for e in refused] == ["report.refused"] * 2
        assert all(e.outcome == "refused" for e in refused)
    # The same request from the colleague while it runs would share the task; once finished, a
    # new request is new work, theirs.
    again = _ask(colleague, CPC, periods["area"][0], "html")
    assert again.pk != task.pk


def test_an_anonymous_visitor_gets_the_public_report_in_their_session(
    client, signed_in, periods, short_reports
):
    Commentary.objects.create(area_code=CPC, period=periods["public"][0],
                              indicator_id=COMMENTED, text=NOTE)  # fmt: skip
    quarter = periods["area"][0]
    refused = client.post("/reports/new/", {"area": CPC, "period": quarter, "format": "html"})
    assert refused.status_code == 400  # the public receives statistics years only
    assert "Select a valid choice" in refused.content.decode()

    task = _ask(client, CPC, periods["public"][0], "html")
    assert task.params["audience"] == "public" and task.params["cpc"] == ""
    assert task.area_code == "" and task.created_by_id is None
    before = AuditEntry.objects.count()
    text = _run(client, task).decode("utf-8")
    assert "Audience: public. Disclosure-controlled statistics; safe to publish." in text
    assert NOTE not in text and task.result["commentary"] == []  # free text stays out
    assert AuditEntry.objects.count() == before  # public downloads are not exports to audit
    assert Client().get(f"/reports/{task.pk}/download/").status_code == 404  # another session

    # A CPC lead asking about another CPC gets the public report too.
    lead, _ = signed_in("cpc_lead", CPC)
    other = _ask(lead, OTHER_CPC, periods["public"][0], "xlsx")
    assert other.params["audience"] == "public" and other.area_code == ""
    assert lead.post("/reports/new/", {"area": OTHER_CPC, "period": quarter,
                                       "format": "pdf"}).status_code == 400  # fmt: skip


def test_a_national_analyst_gets_the_national_report(signed_in, prepared, short_reports):
    analyst, user = signed_in("national_analyst")
    page = analyst.get("/indicators/").content.decode()
    assert "National analysts: all figures, not for publication" in page.split("It will be")[1]
    period = re.search(r'<option value="([^"]+)" selected>', page)[1]
    task = _ask(analyst, "", period, "xlsx", area_type="cpc")
    assert task.params["kind"] == "national" and task.params["area"] == "cpc"
    assert task.params["audience"] == "national" and task.area_code == ""
    text = _xlsx_text(_run(analyst, task))
    assert "Audience: national analysts. OFFICIAL-SENSITIVE" in text
    assert task.result["filename"] == f"bairn-report-scotland-cpcs-{period}-national.xlsx"
    entry = AuditEntry.objects.filter(action="export", user_id=user.pk).latest("id")
    assert entry.detail["audience"] == "national"


def test_a_report_that_cannot_be_made_says_why_in_one_sentence(signed_in, periods):
    from bairn.web.tasks import enqueue

    lead, user = signed_in("cpc_lead", CPC)
    params = {"kind": "cpc", "area": CPC, "period": periods["area"][0], "audience": "public",
              "cpc": "", "format": "html", "commentary": ""}  # fmt: skip
    task = enqueue("report", params, user=user)  # a quarter for the public: refused
    run_pending()
    task.refresh_from_db()
    assert task.status == Status.FAILED
    page = lead.get(f"/reports/{task.pk}/").content.decode()
    assert html.escape(task.error) in page and "bug in Bairn" not in task.error
    assert task.error.startswith("There are no figures for") and "\n" not in task.error
    assert lead.get(f"/reports/{task.pk}/download/").status_code == 404


def test_a_cpc_report_has_the_cpcs_survey_waves_and_its_programme_actions(
    signed_in, make_user, periods, short_reports
):
    from bairn.reports.voices import TITLE
    from bairn.web.programme import services
    from bairn.web.programme.models import Programme
    from bairn.web.programme.seed import load
    from bairn.web.voices.synthetic import make_synthetic_waves

    load()
    cpip = Programme.objects.get(slug="cpip")
    owner = make_user("programme_owner")
    action = cpip.actions.get(ref="N3")
    services.add_measure(
        action, by=owner, rationale="Expected fall", direction="down",
        indicator_id=COMMENTED, area_code=CPC, from_period="2017Q2",
    )  # fmt: skip
    make_synthetic_waves("2019-W1", make_user("cpc_lead", CPC), seed=3, cpcs=[CPC])
    lead, _ = signed_in("cpc_lead", CPC)
    text = html.unescape(_run(lead, _ask(lead, CPC, periods["area"][0], "html")).decode())
    assert TITLE in text and "2019-W1" in text
    assert "Practitioners confident to act on concerns about neglect" in text
    assert "CPIP N3" not in text  # CPIP publishes no summary and a CPC lead may not see it
    cpip.publish_summary = True
    cpip.save()
    text = html.unescape(_run(lead, _ask(lead, CPC, periods["area"][0], "html")).decode())
    assert f"CPIP N3: {action.title}" in text  # now published: drawn on its trend chart


def test_a_report_is_made_from_the_figures_the_pages_have_prepared(
    signed_in, periods, short_reports, monkeypatch
):
    """The report task takes the publication the statistics pages hold for its audience
    instead of publishing again; without it, publishing afresh gives the same file."""
    import bairn.reports.data as report_data
    from bairn.web.results import publications

    real = report_data.publish_results
    calls = []
    monkeypatch.setattr(
        report_data, "publish_results", lambda *a, **k: calls.append(k) or real(*a, **k)
    )
    lead, _ = signed_in("cpc_lead", CPC)
    period = periods["area"][0]
    reused = _run(lead, _ask(lead, CPC, period, "html"))
    assert calls == []  # CPC-ELML's figures are prepared (tests/web/statistics/conftest.py)

    monkeypatch.setattr(publications, "ready", lambda audience: None)
    fresh = _run(lead, _ask(lead, CPC, period, "html"))
    assert [c.get("audience") for c in calls] == ["area"]
    assert reused == fresh
