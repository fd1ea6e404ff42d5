"""Every paged list in a real browser, with JavaScript and without: the GOV.UK pagination
links move between pages (plain links, nothing scripted), and axe-core finds nothing on
page 1 or page 2. The rows live on a server of their own (`own_live_server`): thirty of
everything would push the shared journeys' rows off their lists' first pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from portal import create_app
from portal.data.db import db
from portal.services.records import clock, due_index
from tests.browser.axe_check import Checked
from tests.support import bulk
from tests.support.factories import PASSWORD, make_complaint, make_resident, make_staff

pytestmark = pytest.mark.browser

MANY = 30  # more than one page of 25

# Who signs in, and the lists they page through: (address, the pagination's name,
# the query parameter its links set).
LISTS = {
    "manager@paging.example": [
        ("/staff", "Pages of complaints", "page"),
        ("/staff/actions", "Pages of actions", "page"),
        ("/staff/actions?tab=done", "Pages of actions", "page"),
        ("/staff/contact-tasks", "Pages of letters and calls to make", "page"),
        ("/staff/contact-tasks", "Pages of letters and calls done", "done_page"),
        ("/staff/authorities", "Pages of authority to check", "page"),
        ("/staff/ombudsman", "Pages of complaints with the Ombudsman", "page"),
        ("/staff/service-requests", "Pages of service requests", "page"),
    ],
    "admin@paging.example": [("/staff/outbox", "Pages of emails", "page")],
    "ada@paging.example": [
        ("/complaints", "Pages of your complaints", "page"),
        ("/complaints", "Pages of complaints you have not sent yet", "drafts_page"),
        ("/your-representatives", "Pages of the people who can act for you", "page"),
        ("/petitions", "Pages of your petitions", "page"),
    ],
    "adviser@paging.example": [
        ("/representing", "Pages of your authority to act", "page"),
        ("/representing", "Pages of complaints you can follow", "following_page"),
        ("/representing", "Pages of complaints you have not sent yet", "drafts_page"),
    ],
}


@pytest.fixture(scope="module")
def rows(own_live_server) -> None:
    data = create_app(own_live_server.settings)
    with data.app_context():
        manager = make_staff("complaints_manager", email="manager@paging.example")
        make_staff("administrator", email="admin@paging.example")
        ada = make_resident("Ada Lovelace", email="ada@paging.example")
        adviser = make_resident("Sam Adviser", email="adviser@paging.example")
        first = make_complaint(ada)  # through the services: issues, emails
        ids = [first.id, *bulk.complaints(ada.id, [date(2026, 1, 5) + timedelta(days=n)
                                                   for n in range(MANY)],
                                          handler_id=manager.id)]
        due_index.rebuild()
        today, now = clock.today(), datetime.now(UTC)
        due = [today + timedelta(days=n - 10) for n in range(MANY)]
        bulk.actions(ids, due)
        bulk.actions(ids, due, done=due)
        made = [now - timedelta(hours=n + 1) for n in range(MANY)]
        bulk.contact_tasks(ids, made)
        bulk.contact_tasks(ids, made, done=made, done_by_id=manager.id)
        bulk.authorities(adviser.id, made, complaint_id=first.id)
        bulk.authorities(adviser.id, [now], status="verified", resident_id=ada.id, scope="all")
        bulk.outbox_messages(MANY)
        # Ada's drafts, who acts for her (verified: not on the staff's list to check) and
        # her petitions; the adviser's drafts for others.
        bulk.drafts(ada.id, made)
        bulk.drafts(adviser.id, made, for_someone=True)
        bulk.authorities(make_resident("Rita Rep").id, made, status="verified",
                         resident_id=ada.id, complaint_id=first.id)
        bulk.petitions(ada.id, made)
        bulk.ombudsman_cases(ids, today - timedelta(days=40), manager.id, determined=False)
        bulk.service_requests(ada.id, manager.id, MANY)
        db.session.remove()


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("email", list(LISTS))
def test_each_list_pages_with_links_and_no_axe_violations(
        browser: Browser, own_live_server, rows, email: str, javascript: bool):
    context = browser.new_context(base_url=own_live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    aux = None if javascript else browser.new_context(base_url=own_live_server.url).new_page()
    a11y = Checked(page, aux)
    _sign_in(page, email)
    for path, name, param in LISTS[email]:
        page.goto(path)
        pages = page.get_by_role("navigation", name=name)
        expect(pages).to_be_visible()
        expect(pages.get_by_role("link", name="Page 1")).to_have_attribute(
            "aria-current", "page")
        expect(pages.get_by_role("link", name="Previous page")).to_have_count(0)
        a11y.check()

        pages.get_by_role("link", name="Next page").click()
        expect(page).to_have_url(re.compile(rf"[?&]{param}=2(&|#|$)"))
        pages = page.get_by_role("navigation", name=name)
        expect(pages.get_by_role("link", name="Page 2")).to_have_attribute(
            "aria-current", "page")
        expect(pages.get_by_role("link", name="Next page")).to_have_count(0)
        a11y.check()

        pages.get_by_role("link", name="Previous page").click()
        expect(page.get_by_role("navigation", name=name).get_by_role(
            "link", name="Page 1")).to_have_attribute("aria-current", "page")
    context.close()
    if aux is not None:
        aux.context.close()


def test_the_safeguarding_ombudsman_and_service_request_forms_have_no_axe_violations(
        browser: Browser, own_live_server, rows):
    """Issue 16's staff forms, as they first show and again with their error summary."""
    context = browser.new_context(base_url=own_live_server.url)
    page = context.new_page()
    a11y = Checked(page)
    _sign_in(page, "manager@paging.example")
    page.goto("/staff?tab=new")
    reference = page.get_by_role("row").nth(1).get_by_role("link").first.inner_text()
    for path, button in ((f"/staff/complaints/{reference}/safeguarding",
                          "Flag as a safeguarding concern"),
                         (f"/staff/complaints/{reference}/ombudsman/determination",
                          "Record the determination"),
                         (f"/staff/complaints/{reference}/ombudsman/orders", "Add it"),
                         (f"/staff/complaints/{reference}/service-request",
                          "Deal with it as a service request"),
                         (f"/staff/complaints/{reference}/follows-service-request",
                          "Link the complaint to it"),
                         ("/staff/complaints/new", "Log the complaint")):
        page.goto(path)
        a11y.check()
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        a11y.check()
    page.goto(f"/staff/complaints/{reference}")
    a11y.check()
    page.goto("/staff?tab=safeguarding")
    a11y.check()
    context.close()
