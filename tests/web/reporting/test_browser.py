"""The "Download report" form on an area page, and the report's progress page, in a real browser
(system Chromium through Playwright) with axe-core, at desktop and phone sizes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.reporting.conftest import CPC


def test_ask_for_a_report_from_an_area_page(page, prepared, assert_accessible):
    page.goto(f"/areas/{CPC}/")
    form = page.locator(".bairn-report-download")
    expect(form.get_by_role("heading", name="Download a report")).to_be_visible()
    expect(form).to_contain_text("It will be for: Published statistics (public)")
    assert_accessible(page, "area-with-report-form")

    form.get_by_text("XLSX (a spreadsheet: one table per sheet)").click()  # the styled label
    expect(form.get_by_label("XLSX (a spreadsheet: one table per sheet)")).to_be_checked()
    form.get_by_role("button", name="Make the report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report")
    expect(page.locator("#report-audience")).to_have_text("Published statistics (public)")
    expect(page.locator(".bairn-task")).to_contain_text("Waiting to start")
    assert_accessible(page, "report-progress")
