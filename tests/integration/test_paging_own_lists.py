"""A person's own lists page in the database (issue 11, "Landlord scale"): the drafts on
the resident's dashboard (/complaints) and the representative's (/representing, only
those made for someone else, chosen in the query), the people who act for a resident
(/your-representatives) and the petitions a person leads (/petitions, each row's
households counted for the whole page in one statement). Page 1 and page 2 hold the
right rows, the latest first (the id breaking ties); nobody else's rows are ever listed;
each list's page links keep the other lists' pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from portal.data.db import db
from portal.data.models import Draft, User
from portal.data.representation import Petition
from portal.services.accounts import access
from portal.services.intake import drafts as intake
from portal.services.representation import petitions
from tests.integration.test_paging_staff import PER_PAGE, check_pages, in_order, shown
from tests.integration.test_query_counts import counted
from tests.integration.test_staff_support import get, sign_in
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _drafts(user_id: int, count: int, *, for_someone: bool, label: str,
            later: timedelta = timedelta(0)) -> tuple[list, list]:
    """`count` drafts, changed at times with ties; (their times, their ids)."""
    changed = [START + later + timedelta(hours=(n * 5) % 13) for n in range(count)]
    return changed, bulk.drafts(user_id, changed, label=label, for_someone=for_someone)


def test_a_residents_drafts_page_on_their_own_beside_their_complaints(app):
    with app.app_context():
        ada = make_resident("Ada Lovelace", email="ada@example.org")
        changed, ids = _drafts(ada.id, 31, for_someone=False, label="Mine")
        expected = in_order(changed, ids, [f"Mine {n:04d}" for n in range(31)], reverse=True)
        other = make_resident("Not Ada")
        _drafts(other.id, 30, for_someone=False, label="Theirs")  # never listed
        bulk.complaints(ada.id, [date(2026, 1, 5) + timedelta(days=n) for n in range(27)])
        found = intake.drafts_of(db.session.get(User, ada.id), 2)
        assert (found.total, found.pages, found.page) == (31, 2, 2)
        assert [d.answers["issues"][0]["summary"] for d in found.items] == expected[PER_PAGE:]
    client = app.test_client()
    sign_in(client, "ada@example.org")
    draft = r"Complaint started [^<:]+: ((?:Mine|Theirs) \d{4})</a>"
    first = get(client, "/complaints")
    assert shown(first, draft) == expected[:PER_PAGE]
    second = get(client, "/complaints?drafts_page=2&page=2")
    assert shown(second, draft) == expected[PER_PAGE:]
    assert 'href="/complaints?page=2&amp;drafts_page=1#drafts"' in second
    assert 'href="/complaints?drafts_page=2&amp;page=1"' in second
    assert "Theirs" not in first + second
    for bad in ("abc", "-1", "0", ""):
        assert shown(get(client, f"/complaints?drafts_page={bad}"), draft) == expected[:PER_PAGE]
    assert shown(get(client, "/complaints?drafts_page=99999"), draft) == expected[PER_PAGE:]


def test_a_representatives_drafts_for_others_are_chosen_in_the_query(app):
    with app.app_context():
        adviser = make_resident("Sam Adviser", email="adviser@example.org")
        changed, ids = _drafts(adviser.id, 28, for_someone=True, label="Client")
        expected = in_order(changed, ids, [f"Client {n:04d}" for n in range(28)], reverse=True)
        # Their own complaints' drafts, newer than any of the others, are not listed here;
        # nor is anyone else's draft for someone.
        _drafts(adviser.id, 30, for_someone=False, label="Own", later=timedelta(days=3))
        _drafts(make_resident("Another Adviser").id, 30, for_someone=True, label="Stranger")
        db.session.add(Draft(user_id=adviser.id, answers={"issues": [], "on_behalf": None},
                             updated_at=START + timedelta(days=4)))  # for nobody
        db.session.commit()
        me = db.session.get(User, adviser.id)
        found = intake.drafts_of(me, 2, on_behalf=True)
        assert (found.total, found.pages, found.page) == (28, 2, 2)
        assert [d.answers["on_behalf"]["resident_name"] for d in found.items] == (
            expected[PER_PAGE:])
        assert intake.drafts_of(me).total == 59
        # Their own dashboard lists only their own (the one for nobody included).
        own = intake.drafts_of(me, on_behalf=False)
        assert own.total == 31 and all(not (d.answers.get("on_behalf") or {})
                                       for d in own.items)
        bulk.authorities(adviser.id, [START + timedelta(minutes=n) for n in range(27)])
    client = app.test_client()
    sign_in(client, "adviser@example.org")
    draft = r">For ((?:Client|Own|Stranger) \d{4}), started "
    first = get(client, "/representing")
    assert shown(first, draft) == expected[:PER_PAGE]
    third = get(client, "/representing?drafts_page=2&page=2")
    assert shown(third, draft) == expected[PER_PAGE:]
    # Each list's links keep the other lists' pages.
    assert 'href="/representing?page=2&amp;drafts_page=1#drafts"' in third
    assert 'href="/representing?drafts_page=2&amp;page=1"' in third
    assert "Own 0" not in first + third and "Stranger" not in first + third
    # Their own dashboard: their 31 own drafts (two pages), none of those for others.
    second = get(client, "/complaints?drafts_page=2")
    assert second.count("Complaint started ") == 31 - PER_PAGE
    assert "drafts_page=3" not in second


def test_who_acts_for_a_resident_pages_and_shows_nobody_elses(app):
    with app.app_context():
        ada = make_resident("Ada Lovelace", email="ada@example.org")
        complaint = make_complaint(ada)
        adviser = make_resident("Sam Adviser")
        made = [START + timedelta(hours=(n * 5) % 13) for n in range(29)]  # ties
        given = bulk.authorities(adviser.id, made, resident_id=ada.id,
                                 complaint_id=complaint.id)
        for_ada = in_order(made, given, given, reverse=True)
        other = make_resident("Someone Else")
        theirs = bulk.authorities(adviser.id, [m + timedelta(days=1) for m in made[:5]],
                                  resident_id=other.id, name="Stranger")
        found = access.authorities_given_by(db.session.get(User, ada.id), 2)
        assert (found.total, found.pages, found.page) == (29, 2, 2)
        assert [a.id for a in found.items] == for_ada[PER_PAGE:]
    client = app.test_client()
    sign_in(client, "ada@example.org")
    # Each authority is pending: its "Confirm" link names it by id.
    confirm = r'href="/your-representatives/(\d+)/confirm"'
    first = check_pages(client, "/your-representatives",
                        confirm, [str(i) for i in for_ada])
    assert first.count("Sam Adviser, Citizens Advice") == PER_PAGE
    assert f"Complaint <a class=\"govuk-link\" href=\"/complaints/{complaint.reference}\"" in first
    assert 'href="/your-representatives?page=2"' in first
    assert not any(f"/your-representatives/{i}/" in first for i in theirs)
    assert "Stranger" not in first


def _petitions(lead_id: int, count: int, subject: str) -> tuple[list, list]:
    made = [START + timedelta(hours=(n * 5) % 13) for n in range(count)]
    return made, bulk.petitions(lead_id, made, subject=subject)


def test_petitions_led_page_and_count_households_as_the_petition_page_does(app):
    # A household is one address: two signatures there count once, and rejected
    # signatures are left out (seeds/001 Appendix 2.1; SPEC.md's petition threshold).
    with app.app_context():
        lead = make_resident("Lee Lead", email="lead@example.org")
        made, ids = _petitions(lead.id, 27, "Lifts")
        expected = in_order(made, ids, [f"Lifts {n:04d}" for n in range(27)], reverse=True)
        _petitions(make_resident("Other Lead").id, 30, "Stranger")  # never listed
        signers = {
            ids[0]: [("E11AA|1 rose rd", "unverified"), ("E11AA|1 rose rd", "verified"),
                     ("E11AA|2 rose rd", "verified"), ("E11AA|3 rose rd", "rejected"),
                     ("", "unverified")],
            ids[1]: [("E11AA|3 rose rd", "rejected")],
            ids[2]: [(f"E11AA|{n} rose rd", "verified") for n in range(6)]
            + [("E11AA|0 rose rd", "unverified")],
        }
        for petition_id, signed in signers.items():
            bulk.signatures(petition_id, signed)
        counts = petitions.progress_of(ids)
        one = {i: petitions.progress(db.session.get(Petition, i)) for i in ids}
        assert counts == one
        assert (counts[ids[0]].households, counts[ids[0]].signatures) == (2, 4)
        assert (counts[ids[1]].households, counts[ids[1]].signatures) == (0, 0)
        assert (counts[ids[2]].households, counts[ids[2]].signatures) == (6, 7)
        # The default profile, the Code's, needs 2 households (SPEC "petition" threshold).
        assert {p.threshold for p in counts.values()} == {2}
        assert counts[ids[0]].met and not counts[ids[1]].met
        assert counts[ids[5]] == one[ids[5]] and counts[ids[5]].households == 0
        assert petitions.progress_of([]) == {}
        found = access.petitions_led_by(db.session.get(User, lead.id), 2)
        assert (found.total, found.pages) == (27, 2)
        assert [p.subject for p in found.items] == expected[PER_PAGE:]
        households = {f"Lifts {ids.index(i):04d}": p.households for i, p in counts.items()}
    client = app.test_client()
    sign_in(client, "lead@example.org")
    subject = r'">((?:Lifts|Stranger) \d{4})</a></td>'
    first = check_pages(client, "/petitions", subject, expected)
    row = re.compile(r'">(Lifts \d{4})</a></td>\s*<td class="govuk-table__cell">(\d+) of 2</td>')
    both = row.findall(first) + row.findall(get(client, "/petitions?page=2"))
    assert len(both) == 27 and {name: int(n) for name, n in both} == households
    assert "Stranger" not in first


def test_the_petitions_page_sends_one_statement_for_every_rows_households(app):
    with app.app_context():
        lead = make_resident("Lee Lead", email="lead@example.org")
        _, ids = _petitions(lead.id, 30, "Lifts")
        for petition_id in ids:
            bulk.signatures(petition_id, [("E11AA|1 rose rd", "verified"),
                                          ("E11AA|2 rose rd", "verified")])
    client = app.test_client()
    sign_in(client, "lead@example.org")
    with app.app_context(), counted() as statements:
        get(client, "/petitions")
    touching = [s for s, _ in statements if "signatures" in s]
    assert len(touching) == 1 and "GROUP BY" in touching[0]
