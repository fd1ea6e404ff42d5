"""A resident's complaints (/complaints) and a representative's authorities and the
complaints they follow (/representing) page in the database: page 1 and page 2 hold the
right rows in the right order (the latest first, the id breaking ties), the counts are
right, and a bad page number is never an error."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.accounts import access
from portal.services.stage1 import resident as resident_actions
from tests.integration.test_paging_staff import PER_PAGE, check_pages, in_order, shown
from tests.integration.test_staff_support import get, sign_in
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident


def test_a_residents_complaints_page_the_latest_first(app):
    with app.app_context():
        ada = make_resident("Ada Lovelace", email="ada@example.org")
        communal = make_complaint(make_resident("Other Resident"))
        received = [date(2026, 1, 5) + timedelta(days=(n * 4) % 9) for n in range(31)]  # ties
        ids = bulk.complaints(ada.id, received)
        make_complaint(make_resident("Not Ada"))  # not listed
        references = dict(db.session.execute(
            db.select(Complaint.id, Complaint.reference).where(Complaint.id.in_(ids))).all())
        expected = in_order(received, ids, [references[i] for i in ids], reverse=True)
        # The latest is joined into a communal complaint: its status is the communal one's.
        latest = db.session.scalar(db.select(Complaint).where(Complaint.reference == expected[0]))
        latest.joined_into_id = communal.id
        db.session.commit()
        found = resident_actions.complaints_of(db.session.get(User, ada.id), 2)
        assert (found.total, found.pages, found.page) == (31, 2, 2)
        assert [c.reference for c in found.items] == expected[PER_PAGE:]
    client = app.test_client()
    sign_in(client, "ada@example.org")
    card = r'<dd class="govuk-summary-list__value">(CMP-2024-\d{6})<br>'
    first = check_pages(client, "/complaints", card, expected)
    assert "Handled together with others" in first and 'href="/complaints?page=2"' in first


def test_a_representatives_authorities_and_complaints_page_each_on_its_own(app):
    with app.app_context():
        adviser = make_resident("Sam Adviser", email="adviser@example.org")
        adviser.kind = "representative"
        db.session.commit()
        resident = make_resident("Ada Lovelace")
        received = [date(2026, 1, 5) + timedelta(days=(n * 4) % 9) for n in range(28)]
        ids = bulk.complaints(resident.id, received)
        references = dict(db.session.execute(
            db.select(Complaint.id, Complaint.reference).where(Complaint.id.in_(ids))).all())
        following = in_order(received, ids, [references[i] for i in ids], reverse=True)
        start = datetime(2026, 3, 2, 9, tzinfo=UTC)
        made = [start + timedelta(hours=(n * 5) % 13) for n in range(32)]  # ties
        # One authority covers all the resident's complaints; the rest are one each.
        everything = bulk.authorities(adviser.id, [start - timedelta(days=1)], status="verified",
                                      resident_id=resident.id, scope="all", name="Everything")
        given = bulk.authorities(adviser.id, made, status="pending", complaint_id=ids[0])
        authorities = in_order(made + [start - timedelta(days=1)], given + everything,
                               [f"Resident {n:04d}" for n in range(32)] + ["Everything 0000"],
                               reverse=True)
        other = make_resident("Someone Else")
        bulk.complaints(other.id, [date(2026, 1, 5)] * 3)  # nobody gave authority for these
        me = db.session.get(User, adviser.id)
        mine = access.authorities_given_to(me, 2)
        assert (mine.total, mine.pages, mine.page) == (33, 2, 2)
        followed = access.complaints_represented(me, 2)
        assert (followed.total, followed.pages) == (28, 2)
        assert [c.reference for c in followed.items] == following[PER_PAGE:]
        assert [a.resident_name for a in mine.items] == authorities[PER_PAGE:]
        assert mine.items[-1].id == everything[0]
    client = app.test_client()
    sign_in(client, "adviser@example.org")
    complaint = r'<dd class="govuk-summary-list__value">(CMP-2024-\d{6})</dd>'
    name = r'<td class="govuk-table__cell">((?:Resident|Everything) \d{4})</td>'

    def lists(html: str) -> tuple[list[str], list[str]]:
        return re.findall(name, html), shown(html, complaint)

    assert lists(get(client, "/representing")) == (authorities[:PER_PAGE],
                                                    following[:PER_PAGE])
    both = get(client, "/representing?page=2&following_page=2")
    assert lists(both) == (authorities[PER_PAGE:], following[PER_PAGE:])
    # Each list's page links keep the other list's page.
    assert 'href="/representing?following_page=2&amp;page=1"' in both
    assert 'href="/representing?page=2&amp;following_page=1#following"' in both
    assert lists(get(client, "/representing?following_page=2")) == (authorities[:PER_PAGE],
                                                                     following[PER_PAGE:])
    for bad in ("page=abc&following_page=abc", "page=-1&following_page=0"):
        assert lists(get(client, f"/representing?{bad}")) == (authorities[:PER_PAGE],
                                                              following[:PER_PAGE])
    assert lists(get(client, "/representing?page=99999&following_page=99999")) == (
        authorities[PER_PAGE:], following[PER_PAGE:])
