"""The tracker's workflow on PostgreSQL: create, update with a rationale, evidence, review
snapshots, the diff between reviews, overdue milestones, and who may do what."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bairn.errors import BairnError
from bairn.web.programme import annotations, services
from bairn.web.programme.models import Action, ActionChange, Confidence, Status
from bairn.web.programme.seed import load


def test_seed_is_idempotent_and_marks_summaries(cpip):
    assert cpip.streams.count() == 9
    refs = set(cpip.actions.values_list("ref", flat=True))
    assert {"SR1", "SR2", "N1", "N2", "N3", "N4", "CSE1", "R1", "R2", "R3", "R10"} <= refs
    r10 = cpip.actions.get(ref="R10")
    assert r10.source_reference == "Systems Review recommendation 10" and r10.summary
    assert not cpip.actions.get(ref="SR-REGISTER").source_confirmed
    assert set(cpip.actions.get(ref="SR2").depends_on.values_list("ref", flat=True)) == {"SR1"}
    changes = ActionChange.objects.count()
    assert load() == {"streams": 0, "actions": 0, "changes": 0, "milestones": 0, "measures": 0}
    assert ActionChange.objects.count() == changes


def test_update_needs_a_rationale_and_is_logged(cpip, owner):
    action = cpip.actions.get(ref="N3")
    with pytest.raises(BairnError, match="rationale"):
        services.update_action(action, {"confidence": Confidence.AMBER}, by=owner, rationale=" ")
    logged = services.update_action(
        action, {"status": Status.IN_PROGRESS, "confidence": Confidence.AMBER_RED},
        by=owner, rationale="Evaluation delayed by data access.",
    )  # fmt: skip
    assert [(c.field, c.old, c.new) for c in logged] == [
        ("status", "Not known", "In progress"), ("confidence", "Not assessed", "Amber-Red"),
    ]  # fmt: skip
    assert all(c.rationale == "Evaluation delayed by data access." for c in logged)
    change = logged[0]
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        ActionChange.objects.filter(pk=change.pk).delete()


def test_review_snapshot_diff_and_overdue(cpip, owner):
    n3 = cpip.actions.get(ref="N3")
    first = services.take_review(cpip, dt.date(2017, 6, 1), "Programme board", by=owner)
    assert first.entries.count() == cpip.actions.count()
    assert services.diff_reviews(None, first)[0].changes == ["first review"]
    services.update_action(n3, {"confidence": Confidence.GREEN}, by=owner, rationale="On track.")
    services.add_evidence(n3, by=owner, type="note", title="Phase 1 report drafted", note="x")
    services.complete_milestone(
        n3.milestones.get(title="Phase 1 evaluated"), on=dt.date(2017, 9, 1), by=owner,
        rationale="Report received.",
    )  # fmt: skip
    second = services.take_review(cpip, dt.date(2018, 4, 30), "Systems Review reconvened", by=owner)
    assert services.previous_review(second) == first
    diffs = {d.ref: d for d in services.diff_reviews(first, second)}
    assert set(diffs) == {"N3"}
    assert "confidence Not assessed → Green" in diffs["N3"].changes
    assert "milestone completed: Phase 1 evaluated" in diffs["N3"].changes
    assert diffs["N3"].new_evidence == ["Phase 1 report drafted"]
    overdue = {(e.ref, m["title"]) for e in second.entries.all() for m in e.milestones
               if m["overdue"]}  # fmt: skip
    assert ("N3", "Further test sites chosen") in overdue and (
        "N4",
        "Public consultation held",
    ) in overdue
    assert ("N3", "Phase 1 evaluated") not in overdue
    assert ("SR2", "Systems Review Group reconvened") not in overdue  # due on 30 April 2018
    late = services.overdue_milestones(cpip, dt.date(2018, 5, 1))
    assert "Systems Review Group reconvened" in {m.title for m in late}


def test_annotations_for_indicator_pages(cpip, owner):
    action = cpip.actions.get(ref="R10")
    services.add_measure(action, by=owner, rationale="Data", indicator_id="registrations_rate",
                         area_code="S12000038", direction="up", from_period="2019Q1")  # fmt: skip
    assert annotations("registrations_rate", "S12000038") == [
        {"period": "2019Q1", "label": f"CPIP R10: {action.title}"}
    ]
    assert annotations("registrations_rate", "S12000010") == []


def test_pages_by_role(client, make_user, sign_in, cpip, owner):
    url = "/programme/cpip/actions/N3/"
    for role, area, expected in [
        ("national_analyst", "", 200),
        ("administrator", "", 200),
        ("cpc_lead", "CPC-ELML", 403),
        ("programme_owner", "", 200),
    ]:
        sign_in(client, make_user(role, area))
        assert client.get(url).status_code == expected, role
        assert (
            client.get(url + "edit/").status_code in (403,) if role != "programme_owner" else True
        )
    other = make_user("programme_owner")
    sign_in(client, other)
    assert client.get(url + "edit/").status_code == 403  # not an owner of this programme
    client.logout()
    assert client.get("/programme/cpip/summary/").status_code == 404
    cpip.publish_summary = True
    cpip.save()
    page = client.get("/programme/cpip/summary/")
    assert page.status_code == 200 and b"Neglect" in page.content
    assert client.get(url).status_code == 302


def test_edit_and_evidence_through_the_pages(client, sign_in, cpip, owner):
    sign_in(client, owner)
    url = "/programme/cpip/actions/N4/"
    form = {
        "work_stream": cpip.streams.get(slug="neglect").pk,
        "kind": "action",
        "title": "Consult on the child cruelty offence",
        "status": "complete",
        "confidence": "green",
        "summary": "on",
        "source_confirmed": "on",
        "rationale": "",
    }
    page = client.post(url + "edit/", form)
    assert page.status_code == 200 and b"This field is required" in page.content
    form["rationale"] = "Consultation closed."
    assert client.post(url + "edit/", form).status_code == 302
    action = Action.objects.get(programme=cpip, ref="N4")
    assert action.status == "complete"
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url + "evidence/", {"type": "document", "title": "Analysis",
                                           "file": pdf}).status_code == 302  # fmt: skip
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    page = client.post(url + "evidence/", {"type": "document", "title": "Bad", "file": fake})
    assert page.status_code == 200 and b"are not a PDF file" in page.content
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    page = client.post(url + "evidence/", {"type": "document", "title": "Bad", "file": exe})
    assert b"not an allowed type" in page.content
    evidence = action.evidence.get()
    download = client.get(f"/programme/cpip/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    page = client.get(url)
    assert b"Consultation closed." in page.content and b"Analysis" in page.content
    review = client.post("/programme/cpip/reviews/", {"title": "Board", "held_on": "2018-04-30"})
    assert review.status_code == 302
    xlsx = client.get(review["Location"] + "review.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    time.sleep(1.1)  # the clock would show in the bytes
    assert client.get(review["Location"] + "review.xlsx").content == xlsx.content
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        assert b"2018-04-30T00:00:00Z" in book.read("docProps/core.xml")  # dated as held


def test_annotations_show_only_what_the_viewer_may_see(cpip, owner, make_user):
    action = cpip.actions.get(ref="R10")
    services.add_measure(action, by=owner, rationale="Data", indicator_id="registrations_rate",
                         area_code="S12000038", direction="up", from_period="2019Q1")  # fmt: skip
    lead = make_user("cpc_lead", "CPC-S12000038")
    analyst = make_user("national_analyst")
    assert annotations("registrations_rate", "S12000038", analyst) != []
    assert annotations("registrations_rate", "S12000038", owner) != []
    assert annotations("registrations_rate", "S12000038", lead) == []  # unpublished programme
    cpip.publish_summary = True
    cpip.save()
    assert [n["period"] for n in annotations("registrations_rate", "S12000038", lead)] == ["2019Q1"]


def test_review_exports_as_pdf_and_the_export_is_audited(client, sign_in, cpip, owner):
    import subprocess

    from bairn.web.audit.models import AuditEntry

    review = services.take_review(cpip, dt.date(2018, 4, 30), "Systems Review reconvened", by=owner)
    sign_in(client, owner)
    response = client.get(f"/programme/cpip/reviews/{review.pk}/review.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()  # fmt: skip
    text = " ".join(text.split())  # lines wrap where the page does
    assert "Systems Review reconvened" in text and "N3" in text
    assert "public audience" in text  # a programme owner reads the public tables
    assert AuditEntry.objects.filter(username=owner.username, action="export").exists()


def test_administrators_name_and_remove_programme_owners(client, make_user, sign_in, cpip):
    from bairn.web.audit.models import AuditEntry

    owner = make_user("programme_owner")
    url = "/programme/cpip/owners/"
    sign_in(client, owner)
    assert client.get("/programme/cpip/actions/N3/edit/").status_code == 403
    assert client.get(url).status_code == 403  # owners do not choose owners
    admin = make_user("administrator")
    sign_in(client, admin)
    page = client.get(url).content.decode()
    assert "This programme has no owners yet." in page and owner.username in page
    assert client.post(url, {"user": owner.pk}).status_code == 302
    assert list(cpip.owners.all()) == [owner]
    sign_in(client, owner)
    assert client.get("/programme/cpip/actions/N3/edit/").status_code == 200
    sign_in(client, admin)
    assert client.post(url, {"remove": owner.pk}).status_code == 302
    assert not cpip.owners.exists()
    logged = AuditEntry.objects.filter(
        username=admin.username, action__startswith="programme.owner"
    )
    assert [e.action for e in logged.order_by("id")] == [
        "programme.owner.add", "programme.owner.remove"
    ]  # fmt: skip
