"""Issue 15 item 12: a count on every tab of the staff queue. The current tab's count is
exact (the pagination needs it); every other tab is counted only as far as
TAB_COUNT_CAP, in the same statement, and shown "100+" when it has that many."""

from __future__ import annotations

from datetime import date

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import casework, clock, due_index
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import queue as stage1_queue
from portal.services.stage1 import safeguarding
from tests.integration.test_query_counts import counted
from tests.integration.test_staff_support import get, sign_in
from tests.support.factories import make_complaint, make_resident, make_staff

MONDAY = date(2026, 3, 9)  # no bank holidays near it in England


def _acknowledge(me, complaint, handler):
    stage1.acknowledge(me, complaint, version=complaint.version,
                       seen=casework.last_event_id(complaint), handler_id=handler.id,
                       definitions={i.id: i.summary for i in complaint.issues},
                       on=complaint.received_on)


def _set(app) -> dict:
    """By hand, on Monday 9 March 2026:
    - new (received): due today (Ada, 2 March), overdue (Bob, 2 Feb), later (Bob, 5 March),
      and one flagged as a safeguarding concern (Cat, 4 March);
    - stage 1, Mo's: overdue (Ada, repairs, acknowledged 2 Feb: response due 16 Feb);
    - stage 1, Cy's: pending (Bob, staff conduct, acknowledged 5 March);
    - closed: one (Cat)."""
    with app.test_request_context():
        me = make_staff("complaints_manager", name="Mo Manager")
        cy = make_staff("case_handler", name="Cy Handler")
        desk = make_staff("customer_services", name="Di Desk")
        ada, bob = make_resident("Ada Lovelace"), make_resident("Bob Builder")
        cat = make_resident("Cat Stevens")
        make_complaint(ada, received=date(2026, 3, 2))
        make_complaint(bob, received=date(2026, 2, 2))
        make_complaint(bob, received=date(2026, 3, 5))
        flagged = make_complaint(cat, received=date(2026, 3, 4))
        safeguarding.flag(me, flagged, version=flagged.version, seen=0, reason="Risk")
        mine = make_complaint(ada, received=date(2026, 2, 2), category="repairs")
        _acknowledge(me, mine, me)
        theirs = make_complaint(bob, received=date(2026, 3, 5), category="staff_conduct")
        _acknowledge(me, theirs, cy)
        closed = make_complaint(cat, received=date(2026, 1, 5))
        closed.status, closed.closed_on = "closed", date(2026, 2, 1)
        due_index.refresh(closed)
        db.session.commit()
        assert db.session.query(Complaint).count() == 7
        return {"me": me.id, "cy": cy.id, "desk": desk.id, "me_email": me.email,
                "desk_email": desk.email}


def _numbers(page) -> dict[str, tuple[int, bool]]:
    return {key: (count.number, count.more) for key, count in page.counts.items()}


def test_every_tab_is_counted_and_the_current_one_exactly(app):
    people = _set(app)
    with app.test_request_context():
        me = db.session.get(User, people["me"])
        page = stage1_queue.queue(me, tab="overdue", on=MONDAY)
        assert _numbers(page) == {
            "open": (5, False), "new": (3, False), "due_today": (1, False),
            "overdue": (2, False), "mine": (1, False), "stage1": (2, False),
            "stage2": (0, False), "closed": (1, False), "safeguarding": (1, False)}
        assert page.counts["overdue"].number == page.total == len(page.rows)
        # Each tab's own count agrees with what that tab lists.
        for key, count in page.counts.items():
            assert stage1_queue.queue(me, tab=key, on=MONDAY).total == count.number, key


def test_the_counts_follow_the_filters_and_the_search(app):
    people = _set(app)
    with app.test_request_context():
        me = db.session.get(User, people["me"])
        by_cy = stage1_queue.queue(me, on=MONDAY, handler=people["cy"])
        assert _numbers(by_cy) == {
            "open": (1, False), "new": (0, False), "due_today": (0, False),
            "overdue": (0, False), "mine": (0, False), "stage1": (1, False),
            "stage2": (0, False), "closed": (0, False), "safeguarding": (0, False)}
        repairs_of_bob = stage1_queue.queue(me, tab="new", on=MONDAY, q="Bob Builder",
                                            category="repairs")
        assert _numbers(repairs_of_bob)["open"] == (2, False)  # not his staff conduct one
        assert _numbers(repairs_of_bob)["new"] == (2, False)
        assert _numbers(repairs_of_bob)["overdue"] == (1, False)
        # A search for a resident counts every tab in one pass over their complaints:
        # each tab's count agrees with what that tab lists for the same search.
        for q in ("Ada Lovelace", "Bob", "Cat Stevens"):
            searched = stage1_queue.queue(me, on=MONDAY, q=q)
            for key, count in searched.counts.items():
                assert stage1_queue.queue(me, tab=key, on=MONDAY, q=q).total \
                    == count.number, (q, key)
        assert _numbers(stage1_queue.queue(me, on=MONDAY, q="Cat Stevens")) == {
            "open": (0, False), "new": (0, False), "due_today": (0, False),
            "overdue": (0, False), "mine": (0, False), "stage1": (0, False),
            "stage2": (0, False), "closed": (1, False), "safeguarding": (1, False)}


def test_someone_who_may_not_see_safeguarding_gets_no_count_of_it(app):
    people = _set(app)
    with app.test_request_context():
        desk = db.session.get(User, people["desk"])
        page = stage1_queue.queue(desk, on=MONDAY)
        assert "safeguarding" not in page.counts
        # The flagged complaint is in none of the usual tabs' counts either.
        assert page.counts["open"].number == 5 and page.counts["new"].number == 3


def test_a_tab_past_the_cap_shows_a_plus_and_the_current_tab_stays_exact(app, client,
                                                                       monkeypatch):
    people = _set(app)
    monkeypatch.setattr(stage1_queue, "TAB_COUNT_CAP", 3)
    with app.test_request_context():
        me = db.session.get(User, people["me"])
        page = stage1_queue.queue(me, tab="overdue", on=MONDAY)
        assert page.counts["open"].number == 3 and page.counts["open"].more
        assert page.counts["new"].number == 3 and page.counts["new"].more  # exactly 3: 3+
        assert (page.counts["stage1"].number, page.counts["stage1"].more) == (2, False)
        current = stage1_queue.queue(me, tab="open", on=MONDAY).counts["open"]
        assert (current.number, current.more) == (5, False)
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    sign_in(client, people["me_email"])
    html = get(client, "/staff?tab=overdue")
    assert ('All open <span aria-hidden="true">(3+)</span>'
            '<span class="govuk-visually-hidden">, more than 2</span></a>') in html
    assert 'aria-current="page">Overdue (2)</a>' in html
    assert ">Stage 1 (2)</a>" in html and ">Stage 2 (0)</a>" in html
    html = get(client, "/staff?tab=open")
    assert 'aria-current="page">All open (5)</a>' in html


def test_the_counts_cost_no_extra_statement(app, client):
    """All the tab counts are in the statement that counts the current tab: the queue
    sends as many statements as before (test_query_counts checks each uses an index)."""
    people = _set(app)
    sign_in(client, people["me_email"])
    for url in ("/staff", "/staff?tab=closed", f"/staff?tab=mine&handler={people['cy']}",
                "/staff?q=Ada"):
        with app.app_context(), counted() as statements:
            get(client, url)
        counting = [s for s, _ in statements if "count(*)" in s and "FROM complaints" in s]
        assert len(counting) == 1, url
        if "q=" in url:  # a resident's few complaints: each tab counted in one pass
            assert counting[0].count("FILTER (WHERE") == len(stage1_queue.TABS) + 1, url
        else:  # the other tabs each to the cap, on its own index (closed, itself too)
            assert counting[0].count("LIMIT") == len(stage1_queue.TABS) - 1 + (
                "closed" in url), url


def test_the_tab_label_reads_1000_plus_as_more_than_999(app):
    with app.test_request_context():
        macros = app.jinja_env.get_template("components/tabs.html").module
        capped = str(macros.tab_count(stage1_queue.TabCount(1000, more=True)))
        exact = str(macros.tab_count(stage1_queue.TabCount(12345)))
    assert capped == (' <span aria-hidden="true">(1,000+)</span>'
                      '<span class="govuk-visually-hidden">, more than 999</span>')
    assert exact == " (12,345)"


def test_closed_complaints_are_counted_only_a_few_pages_ahead(app, client, monkeypatch):
    """The closed tab grows with every complaint ever closed: counted exactly, each view
    would read all of them. It is counted as far as CLOSED_PAGES_AHEAD pages past the
    page asked for, and says "more than" when there are more."""
    people = _set(app)
    with app.test_request_context():
        cat = db.session.scalar(db.select(User).where(User.name == "Cat Stevens"))
        for day in (3, 4):
            closed = make_complaint(cat, received=date(2026, 1, day))
            closed.status, closed.closed_on = "closed", date(2026, 2, day)
            due_index.refresh(closed)
        db.session.commit()  # three closed now
        me = db.session.get(User, people["me"])
        assert stage1_queue.queue(me, tab="closed", on=MONDAY).total == 3  # 25 a page
        monkeypatch.setattr(stage1_queue, "PER_PAGE", 1)
        monkeypatch.setattr(stage1_queue, "CLOSED_PAGES_AHEAD", 0)
        first = stage1_queue.queue(me, tab="closed", on=MONDAY)
        assert (first.total, first.more, first.pages, len(first.rows)) == (2, True, 2, 1)
        assert (first.counts["closed"].number, first.counts["closed"].more) == (2, True)
        second = stage1_queue.queue(me, tab="closed", on=MONDAY, page=2)
        assert (second.total, second.pages, second.page) == (3, 3, 2)
        third = stage1_queue.queue(me, tab="closed", on=MONDAY, page="3")
        assert [r.closed_on for r in first.rows + second.rows + third.rows] == [
            date(2026, 2, 4), date(2026, 2, 3), date(2026, 2, 1)]
        # A search for a resident counts their few closed complaints exactly.
        searched = stage1_queue.queue(me, tab="closed", on=MONDAY, q="Cat Stevens")
        assert (searched.total, searched.more) == (3, False)
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    sign_in(client, people["me_email"])
    html = get(client, "/staff?tab=closed")
    assert "Closed: more than 1 complaint</h2>" in html
    assert 'aria-current="page">Closed <span aria-hidden="true">(2+)</span>' in html
