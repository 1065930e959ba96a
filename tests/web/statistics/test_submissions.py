"""Uploads: an extract with errors is refused with every problem shown (file, row, column) and
nothing loaded; a corrected one is loaded only after the analyst confirms; record-level pages
stay inside the user's scope and every read, download and refusal is audited."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bairn.web.audit.models import AuditEntry
from bairn.web.submissions.models import Status, Upload
from bairn.web.tasks import run_pending
from bairn.web.tasks.models import Task
from tests.web.statistics.extracts import COUNCIL, broken_children, council_extract

pytestmark = pytest.mark.django_db


@pytest.fixture
def midlothian(statistics_folder, tmp_path) -> Path:
    return council_extract(statistics_folder / "extract", tmp_path / "midlothian")


def _files(folder: Path) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv")
        for p in sorted(folder.glob("*.csv"))
    ]


def _upload(client, folder: Path, council: str = COUNCIL, period: str = "") -> Upload:
    response = client.post(
        "/submissions/new/", {"council": council, "period": period, "files": _files(folder)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = Upload.objects.latest("id")
    assert response["Location"] == f"/submissions/{council}/{upload.pk}/"
    return upload


def _store_rows(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        children = con.execute("SELECT count(*) FROM children").fetchone()[0]
        subs = con.execute("SELECT count(*) FROM submissions").fetchone()[0]
    finally:
        con.close()
    return children, subs


def test_an_extract_with_errors_is_reported_and_not_loaded(signed_in, writable_store, midlothian):
    client, user = signed_in("cpc_analyst", COUNCIL)
    broken_children(midlothian)
    before = _store_rows(writable_store)
    upload = _upload(client, midlothian)
    assert upload.status == Status.VALIDATING
    page = client.get(f"/submissions/{COUNCIL}/{upload.pk}/").content.decode()
    assert "Being checked" in page and 'hx-trigger="every 1s"' in page

    assert run_pending() == 1
    upload.refresh_from_db()
    assert upload.status == Status.INVALID
    assert upload.errors >= 3  # the unknown council also breaks the submission's council
    page = client.get(f"/submissions/{COUNCIL}/{upload.pk}/").content.decode()
    assert f"{upload.errors} errors to fix" in page
    assert "Confirm and load" not in page

    quality = client.get(f"/submissions/{COUNCIL}/{upload.pk}/quality/?severity=error")
    html = quality.content.decode()
    assert quality.status_code == 200
    for value in ("2019-13-45", "purple", "S99999999"):
        assert value in html
    assert "children.csv" in html and "birth_date" in html

    csv_text = client.get(f"/submissions/{COUNCIL}/{upload.pk}/quality.csv").content.decode()
    assert csv_text.splitlines()[0] == "file,table,row,column,rule,severity,message,value"
    assert "children.csv,children,3,birth_date" in csv_text  # data row 2 is line 3 of the file

    # Nothing was loaded, and a refused load is refused.
    response = client.post(f"/submissions/{COUNCIL}/{upload.pk}/load/")
    assert response.status_code == 302
    assert _store_rows(writable_store) == before
    assert not Task.objects.filter(kind="load").exists()

    actions = list(
        AuditEntry.objects.filter(username=user.username).values_list("action", flat=True)
    )
    assert "submission.uploaded" in actions
    assert actions.count("records.read") >= 3  # detail pages and the quality page
    assert "export" in actions  # the CSV of the issue report


def test_a_clean_extract_is_loaded_only_after_confirmation(signed_in, writable_store, midlothian):
    client, user = signed_in("cpc_analyst", COUNCIL)
    _, submissions_before = _store_rows(writable_store)
    upload = _upload(client, midlothian, period="")
    run_pending()
    upload.refresh_from_db()
    assert upload.status == Status.VALID, upload.summary
    assert _store_rows(writable_store)[1] == submissions_before  # validated, not loaded
    page = client.get(f"/submissions/{COUNCIL}/{upload.pk}/").content.decode()
    assert "Confirm and load" in page and "no errors" in page

    response = client.post(f"/submissions/{COUNCIL}/{upload.pk}/load/")
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == Status.LOADING
    assert run_pending(limit=1) == 1  # the load (then publications are queued)
    upload.refresh_from_db()
    assert upload.status == Status.LOADED, upload.summary
    assert len(upload.loaded) >= 4
    assert {s["area_code"] for s in upload.loaded} == {COUNCIL}
    _, submissions_after = _store_rows(writable_store)
    assert submissions_after == submissions_before + len(upload.loaded)
    assert not upload.files_folder.exists()  # the uploaded files are deleted once loaded
    assert Task.objects.filter(kind="publish", status="queued").exists()
    assert Task.objects.get(pk=upload.load_task_id).result["run_id"] == 2
    assert AuditEntry.objects.filter(
        username=user.username, action="submission.load_confirmed"
    ).exists()


def test_upload_form_refuses_wrong_files(signed_in, writable_store):
    client, _ = signed_in("cpc_analyst", COUNCIL)
    bad = SimpleUploadedFile("notes.docx", b"PK\x03\x04", content_type="application/msword")
    response = client.post("/submissions/new/", {"council": COUNCIL, "files": [bad]})
    assert response.status_code == 400
    assert "is not a CSV, XLSX or Parquet file" in response.content.decode()
    response = client.post("/submissions/new/", {"council": "S12000010", "files": [bad]})
    assert "Select a valid choice" in response.content.decode()  # not in this user's scope
    response = client.post(
        "/submissions/new/", {"council": COUNCIL, "period": "2019Q9", "files": _files(Path("."))}
    )
    assert "2019Q9" in response.content.decode()
    assert not Upload.objects.exists()


def test_unreadable_files_are_explained(signed_in, writable_store, tmp_path):
    client, _ = signed_in("cpc_analyst", COUNCIL)
    (tmp_path / "children.csv").write_bytes(b"\x00\x01\x02 not a table")
    upload = _upload(client, tmp_path)
    run_pending()
    upload.refresh_from_db()
    assert upload.status == Status.INVALID
    page = client.get(f"/submissions/{COUNCIL}/{upload.pk}/").content.decode()
    assert "could not be read" in page or upload.errors >= 1


def _other_area_upload() -> Upload:
    return Upload.objects.create(area_code="S12000010", status=Status.INVALID, files=[])


@pytest.mark.parametrize(
    ("role", "area", "expected"),
    [
        ("cpc_analyst", COUNCIL, 404),  # Midlothian analyst: East Lothian is not theirs
        ("national_analyst", "", 404),  # no record-level access at all
        ("cpc_lead", "CPC-ELML", 200),  # the CPC covers East Lothian
    ],
)
def test_another_areas_upload_is_refused_and_logged(signed_in, role, area, expected):
    client, user = signed_in(role, area)
    upload = _other_area_upload()
    for path in ("", "quality/", "quality.csv"):
        response = client.get(f"/submissions/S12000010/{upload.pk}/{path}")
        assert response.status_code == expected, path
    # Asking for it under the user's own council's address does not work either.
    response = client.get(f"/submissions/{COUNCIL}/{upload.pk}/")
    assert response.status_code == 404
    refused = AuditEntry.objects.filter(username=user.username, outcome="refused")
    if expected == 404:
        assert refused.filter(action="records.refused", area_code="S12000010").count() >= 3
    assert refused.filter(object_id=str(upload.pk)).exists() or role == "national_analyst"


def test_a_lead_may_read_but_not_load(signed_in, writable_store):
    client, user = signed_in("cpc_lead", "CPC-ELML")
    upload = Upload.objects.create(area_code=COUNCIL, status=Status.VALID, files=[])
    page = client.get(f"/submissions/{COUNCIL}/{upload.pk}/").content.decode()
    assert "Confirm and load" not in page
    response = client.post(f"/submissions/{COUNCIL}/{upload.pk}/load/")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        username=user.username, action="records.refused", outcome="refused"
    ).exists()
    upload.refresh_from_db()
    assert upload.status == Status.VALID


def test_task_progress_is_scoped(client, signed_in):
    task = Task.objects.create(kind="validate", area_code="S12000010", key="x")
    assert client.get(f"/tasks/{task.pk}/").status_code == 404
    lead, _ = signed_in("cpc_lead", "CPC-ELML")
    response = lead.get(f"/tasks/{task.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Waiting to start" in response.content.decode()
    system = Task.objects.create(kind="publish", key="y")
    assert client.get(f"/tasks/{system.pk}/").status_code == 200
    analyst, user = signed_in("national_analyst")
    own = Task.objects.create(kind="report", key="z", created_by_id=user.pk)
    assert analyst.get(f"/tasks/{own.pk}/").status_code == 200  # the one who asked
    other, _ = signed_in("cpc_lead", "CPC-ELML")  # the same test client, signed in again
    assert other.get(f"/tasks/{own.pk}/").status_code == 404  # nobody else
