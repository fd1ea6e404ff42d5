"""A restriction for unreasonable behaviour in a real browser (issue 16 §1; IDS 002
§10.3-10.6): a complaints manager proposes it from the complaint page, a Head of Service
or Director approves it, and the resident sees it on their page in plain words, with the
appeal; its review date comes round on the managers' digest, whose link takes the
manager to it; axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from portal import create_app
from portal.data.db import db
from portal.services.records import casework
from tests.browser.test_staff_journey import Checked, _fill_date, _sign_in
from tests.support.factories import make_complaint, make_resident, make_staff

pytestmark = pytest.mark.browser


def test_a_manager_proposes_a_director_approves_and_the_resident_sees_it(
        page: Page, live_server, problems):
    data = create_app(live_server.settings)
    with data.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager").email
        director = make_staff("director", name="Dina Director").email
        resident = make_resident("Rae Restricted", address="9 Quay Road, London",
                                 postcode="E14 2AA")
        complaint = make_complaint(resident)
        complaint.profile = "ids"
        db.session.commit()
        reference, resident_email = complaint.reference, resident.email
    a11y = Checked(page)

    _sign_in(page, a11y, manager)
    page.goto(f"/staff/complaints/{reference}")
    a11y.check()
    page.get_by_role("link", name="Propose a restriction on contact").click()
    a11y.check()
    page.get_by_label("One named contact").check()
    page.get_by_role("group", name="Who is their named contact?").get_by_label(
        "Mo Manager").check()
    page.get_by_label("What behaviour does it answer?").fill(
        "Daily calls to several officers about the same repair, and abusive voicemails.")
    page.get_by_label("What exactly does it say?").fill(
        "Contact only Mo Manager, by email or letter.")
    _fill_date(page, "starts_on", casework.today())
    page.get_by_role("button", name="Propose the restriction").click()
    expect(page.get_by_text("is proposed and waiting for approval")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Restriction RST-").click()
    expect(page.get_by_text("Waiting for a head of service or director")).to_be_visible()
    a11y.check()
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, a11y, director)
    page.get_by_role("link", name="Restrictions").click()
    a11y.check()
    page.get_by_role("link", name="RST-").first.click()
    a11y.check()
    page.get_by_role("button", name="Approve the restriction").click()
    expect(page.get_by_text("Restriction approved")).to_be_visible()
    expect(page.get_by_text("In force", exact=True)).to_be_visible()
    a11y.check()
    page.goto(f"/staff/complaints/{reference}")
    expect(page.get_by_role("region", name="Restriction on contact")).to_contain_text(
        "Contact only Mo Manager")
    a11y.check()
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, a11y, resident_email)
    banner = page.get_by_role("region", name="How we deal with your contact")
    expect(banner).to_contain_text("Please contact only the member of staff named below")
    expect(banner).to_contain_text("You can still make a complaint")
    a11y.check()
    page.get_by_role("button", name="Appeal against this restriction").click()
    expect(page.get_by_label("Sum up this issue in a few words")).to_have_value(
        re.compile("Appeal against the restriction RST-"))
    a11y.check()
    page.get_by_role("button", name="Sign out").click()

    # Its review date comes round (IDS 002 §10.5: six months): that working day's digest
    # lists it for the managers, and its link takes the manager to the review.
    from sqlalchemy import select

    from portal.data.models import OutboxMessage, Restriction
    from portal.services.correspondence import digest

    with data.app_context():
        restriction = db.session.scalar(select(Restriction).order_by(Restriction.id.desc()))
        day = restriction.review_on
        while not digest.working_day(day):
            day += timedelta(days=1)
        assert digest._restriction_reviews(day - timedelta(days=200)) == []
        assert manager in digest.staff_digest(day)
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "staff_digest", OutboxMessage.to == manager))
        reference = f"RST-{restriction.id:06d}"
    assert reference in mail.text and "Review the restriction on contact" in mail.text
    link = re.search(r"https?://\S+/staff/restrictions/\d+", mail.text).group(0)
    _sign_in(page, a11y, manager)
    page.goto(urlparse(link).path)
    expect(page.get_by_role("heading", name="Record a review")).to_be_visible()
    a11y.check()
    # A click that navigates can cancel a script still loading on the page it leaves
    # (net::ERR_ABORTED): not a problem with either page. Anything else is.
    assert [f for f in problems.all() if "net::ERR_ABORTED" not in f] == []
