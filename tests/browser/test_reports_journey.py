"""A complaints manager's reports, in a real browser with axe-core: the overview, a
different period, a chart's table opened, CH02 expanded to the late complaints, the XLSX
downloaded and the annual report's draft PDF downloaded; then the learning log, and a
service improvement added (sent empty first: the error summary). On a server of its own (the
hand-built set of tests/support/reporting_set.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from portal import create_app
from portal.data.db import db
from tests.browser.axe_check import run_axe
from tests.support import reporting_set
from tests.support.factories import PASSWORD, make_resident, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def refs(own_live_server) -> dict[str, str]:
    data = create_app(own_live_server.settings)
    with data.app_context():
        make_staff("complaints_manager", email="manager@reports.example")
        found = reporting_set.build(make_resident().id)
        db.session.remove()
    return found


def _axe(page: Page) -> None:
    results = run_axe(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_a_manager_reads_the_reports(browser: Browser, own_live_server, refs, problems):
    context = browser.new_context(base_url=own_live_server.url, accept_downloads=True)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill("manager@reports.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Reports").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    _axe(page)

    # The reporting year 2026/27 as the period.
    for box, value in (("start", ("1", "4", "2026")), ("end", ("31", "3", "2027"))):
        group = page.locator(f"#{box}")
        for part, typed in zip(("day", "month", "year"), value, strict=True):
            group.locator(f"#{box}-{part}").fill(typed)
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("1 April 2026 to 31 March 2027")

    chart = page.locator("#chart-by_stage")
    expect(chart.get_by_role("img")).to_be_visible()
    chart.get_by_text("Show the table").click()
    expect(chart.get_by_role("table")).to_contain_text("Stage 1")
    _axe(page)

    page.get_by_text("How CH02(1) was worked out").click()
    page.get_by_role("link", name="The 2 late").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("outside the Code")
    expect(page.get_by_role("link", name=refs["extension_beyond"])).to_be_visible()
    _axe(page)
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download XLSX").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert len(list(sheet.values)) == len(reporting_set.CASES) + 1  # header + every one

    page.get_by_role("link", name="Annual complaints report 2026/27").click()
    _axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the draft as a PDF").click()
    assert open(download.value.path(), "rb").read(4) == b"%PDF"

    # The learning log, its service improvements, and adding one (sent empty first).
    page.goto("/staff/reports")
    page.get_by_role("link", name="Learning log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning log")
    _axe(page)
    page.get_by_role("link", name="Service improvements").click()
    page.get_by_role("button", name="Add a service improvement").click()
    page.get_by_role("button", name="Save the improvement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    _axe(page)
    page.get_by_label("Title").fill("Call back after every repair")
    page.get_by_label("What is changing, and why").fill("Residents were not told")
    page.get_by_label("Owner").fill("Repairs team")
    page.get_by_role("button", name="Save the improvement").click()
    expect(page.get_by_role("heading", level=2, name="Call back after every repair")
           ).to_be_visible()
    _axe(page)
    problems.assert_none()
    context.close()
