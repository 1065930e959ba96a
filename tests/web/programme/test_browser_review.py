"""The review journey in a real browser (system Chromium through Playwright) with axe-core: a
programme owner signs in with a code, opens the programme, holds a review meeting, reads what
changed since the previous one and downloads the review as PDF. Screenshots in test-artefacts/."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from bairn.web.programme import services
from bairn.web.programme.models import Confidence
from tests.web.conftest import PASSWORD, sign_in_with_code


def test_hold_a_review_and_read_what_changed(page, make_user, cpip, assert_accessible, tmp_path):
    owner = make_user("programme_owner", password=PASSWORD, device=True)
    cpip.owners.add(owner)
    services.take_review(cpip, dt.date(2017, 6, 1), "Programme board", by=owner)
    n3 = cpip.actions.get(ref="N3")
    services.update_action(n3, {"confidence": Confidence.AMBER}, by=owner, rationale="Delayed.")

    sign_in_with_code(page, owner)
    page.goto("/programme/cpip/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(cpip.name)
    assert_accessible(page, "programme")

    page.get_by_role("link", name="Progress reviews").click()
    expect(page.get_by_role("link", name=re.compile("Programme board"))).to_be_visible()
    assert_accessible(page, "reviews")

    page.get_by_label("Meeting", exact=True).fill("Systems Review Group reconvened")
    page.get_by_label("Date of the meeting").fill("2018-04-30")
    page.get_by_role("button", name="Freeze a snapshot").click()
    expect(page).to_have_url(re.compile(r"/programme/cpip/reviews/\d+/$"))
    changes = page.locator("main")
    expect(changes).to_contain_text("Changes since Programme board")
    expect(changes).to_contain_text("confidence Not assessed → Amber")
    expect(changes).to_contain_text("Overdue milestones")
    assert_accessible(page, "review")

    with page.expect_download() as download:
        page.get_by_role("link", name="a PDF document").click()
    pdf = tmp_path / "review.pdf"
    Path(download.value.path()).replace(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    text = " ".join(text.split())  # lines wrap where the page does
    assert "Systems Review Group reconvened" in text
    assert "confidence Not assessed → Amber" in text
    assert re.search(r"Page 1 of \d+", text)
