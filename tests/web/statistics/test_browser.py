"""The statistics pages and the upload journey in a real browser (system Chromium through
Playwright) with axe-core, at desktop and phone sizes; screenshots in test-artefacts/."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import PASSWORD, sign_in_with_code
from tests.web.statistics.extracts import COUNCIL, broken_children, council_extract

LONG = 60_000  # ms: validation, loading and recomputing run in the background


def test_read_an_indicator_and_download_it(page, prepared, assert_accessible):
    page.goto("/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Child protection statistics for Scotland"
    )
    expect(page.locator(".bairn-audience")).to_contain_text("Published statistics (public)")
    assert_accessible(page, "overview")

    page.get_by_role("link", name="Children on the child protection register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children on the child protection register"
    )
    funnel = page.locator("#across-areas figure")
    expect(funnel.locator("svg[role=img]")).to_be_visible()
    expect(funnel.locator("figcaption")).to_contain_text("Funnel plot of 32 councils")
    expect(page.locator("#over-time figure svg[role=img]")).to_be_visible()
    expect(page.locator("#over-time")).to_contain_text("Statistical process control")
    assert_accessible(page, "indicator")

    # Choose CPCs and another year: the page answers for them.
    page.get_by_label("Period", exact=True).select_option("SY2016-17")
    page.get_by_label("Compare", exact=True).select_option("cpc")
    page.locator("#across-areas").get_by_role("button", name="Show").click()
    expect(page.locator("#across-areas figcaption")).to_contain_text("Funnel plot of 30 CPCs")
    assert_accessible(page, "indicator-cpc")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV (spreadsheet-readable text)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# ") and "# audience: public" in text
    assert text.count("register_rate") > 100


def test_area_and_compare_pages(page, prepared, assert_accessible):
    page.goto("/areas/")
    assert_accessible(page, "areas")
    page.get_by_role("link", name="Midlothian", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midlothian")
    expect(page.locator("table")).to_contain_text("SPC verdict")
    assert_accessible(page, "area")
    page.get_by_role("link", name="Compare them side by side").click()
    expect(page.locator("#comparison-title")).to_contain_text("Midlothian")
    assert_accessible(page, "compare")


def test_upload_with_errors_then_fix_and_load(
    page, make_user, statistics_folder, tmp_path, worker_thread, assert_accessible
):
    user = make_user("cpc_analyst", COUNCIL, password=PASSWORD, device=True)
    good = council_extract(statistics_folder / "extract", tmp_path / "good")
    bad = council_extract(statistics_folder / "extract", tmp_path / "bad")
    broken_children(bad)
    sign_in_with_code(page, user)

    page.goto("/submissions/new/")
    assert_accessible(page, "upload-form")
    page.get_by_label("Extract files").set_input_files(sorted(bad.glob("*.csv")))
    page.get_by_role("button", name="Upload and check").click()
    expect(page).to_have_url(re.compile(rf"/submissions/{COUNCIL}/\d+/$"))
    # htmx polls the progress and reloads the page when the check is done.
    expect(page.locator("#upload-status")).to_have_text(
        "Has errors: cannot be loaded", timeout=LONG
    )
    expect(page.locator(".ds_error-summary")).to_contain_text("errors to fix")
    expect(page.get_by_role("button", name="Confirm and load")).to_have_count(0)
    assert_accessible(page, "upload-errors")

    page.get_by_role("link", name=re.compile("See every problem")).click()
    issues = page.locator("#issues table")
    expect(issues).to_contain_text("2019-13-45")
    expect(issues).to_contain_text("purple")
    expect(issues).to_contain_text("birth_date")
    assert_accessible(page, "data-quality")

    page.goto("/submissions/new/")
    page.get_by_label("Extract files").set_input_files(sorted(good.glob("*.csv")))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#upload-status")).to_have_text("Checked: ready to load", timeout=LONG)
    assert_accessible(page, "upload-clean")
    page.get_by_role("button", name="Confirm and load").click()
    expect(page.locator("#upload-status")).to_have_text("Loaded", timeout=LONG * 2)
    expect(page.locator("main")).to_contain_text("The uploaded files have been deleted")
    assert_accessible(page, "upload-loaded")
