"""The queue: tabs, search, order by next due date, pagination, and htmx fragments."""

from __future__ import annotations

from datetime import date

from portal.data.db import db
from portal.data.models import User
from portal.services.records import casework
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import queue as stage1_queue
from tests.integration.test_staff_support import get, sign_in
from tests.support.factories import make_complaint, make_resident, make_staff

MONDAY = date(2026, 3, 9)  # no bank holidays near it in England


def _people(app):
    with app.app_context():
        me = make_staff("complaints_manager", name="Mo Manager")
        ada = make_resident("Ada Lovelace", postcode="E1 1AA")
        bob = make_resident("Bob Builder", postcode="SW1A 2BB")
        due_today = make_complaint(ada, received=date(2026, 3, 2))   # acknowledge by 9 March
        overdue = make_complaint(bob, received=date(2026, 2, 2))     # acknowledge by 9 Feb
        later = make_complaint(bob, received=date(2026, 3, 5))       # acknowledge by 12 March
        return me.id, due_today.reference, overdue.reference, later.reference


def test_tabs_sort_by_next_due_date_and_tag_the_state(app):
    me_id, due_today, overdue, later = _people(app)
    with app.test_request_context():
        me = db.session.get(User, me_id)
        page = stage1_queue.queue(me, on=MONDAY)
        assert [r.reference for r in page.rows] == [overdue, due_today, later]
        assert [r.due_state for r in page.rows] == ["overdue", "due_today", "pending"]
        assert page.rows[0].due.label == "Acknowledge the complaint"
        assert [r.reference for r in stage1_queue.queue(me, tab="overdue", on=MONDAY).rows] == [
            overdue]
        assert [r.reference for r in stage1_queue.queue(me, tab="due_today", on=MONDAY).rows] == [
            due_today]
        assert len(stage1_queue.queue(me, tab="new", on=MONDAY).rows) == 3
        assert stage1_queue.queue(me, tab="mine", on=MONDAY).rows == []
        assert stage1_queue.queue(me, tab="closed", on=MONDAY).rows == []
        assert stage1_queue.queue(me, tab="nonsense", on=MONDAY).tab == "open"


def test_search_by_reference_name_or_postcode(app):
    me_id, due_today, overdue, later = _people(app)
    with app.test_request_context():
        me = db.session.get(User, me_id)

        def refs(q):
            return sorted(r.reference for r in stage1_queue.queue(me, q=q, on=MONDAY).rows)

        assert refs(due_today.lower()) == [due_today]
        assert refs("ada love") == [due_today]
        assert refs("sw1a2bb") == sorted([overdue, later])
        assert refs("e1 1aa") == [due_today]
        assert refs("nobody") == []


def test_queue_page_and_htmx_fragment(app, client):
    me_id, due_today, overdue, later = _people(app)
    with app.app_context():
        email = db.session.get(User, me_id).email
    sign_in(client, email)

    html = get(client, "/staff")
    assert "Complaints queue" in html and overdue in html and "Ada Lovelace" in html
    assert 'data-hx-get="/staff"' in html and 'action="/staff"' in html

    html = get(client, "/staff?q=Ada&tab=open")
    assert due_today in html and overdue not in html

    response = client.get("/staff?q=Bob", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert fragment.lstrip().startswith('<div class="govuk-tabs" id="queue-results">')
    assert 'href="/staff?tab=overdue&amp;q=Bob"' in fragment  # the tabs keep the search
    assert "<html" not in fragment and overdue in fragment and due_today not in fragment

    # A history restore gets the whole page.
    restore = client.get("/staff?q=Bob", headers={"HX-Request": "true",
                                                  "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_queue_pages_25_at_a_time(app, client):
    with app.app_context():
        email = make_staff("customer_services").email
        resident = make_resident("Pat Many")
        for _ in range(26):
            make_complaint(resident, received=date(2026, 3, 2))
    sign_in(client, email)
    first = get(client, "/staff")
    assert "26 complaints" in first and first.count("/staff/complaints/CMP-") == 25
    assert 'class="govuk-pagination"' in first and 'rel="next"' in first
    second = get(client, "/staff?page=2")
    assert second.count("/staff/complaints/CMP-") == 1 and 'rel="prev"' in second
    get(client, "/staff?page=99")  # past the end shows the last page, not an error


def test_complaint_page_shows_everything_staff_need(app, client):
    with app.app_context():
        me = make_staff("complaints_manager", name="Mo Manager")
        resident = make_resident("Ada Lovelace", postcode="E1 1AA", address="1 Example Street")
        found = make_complaint(resident, adjustments=["large_print"])
        found.vulnerability = "I have a hearing impairment."
        db.session.commit()
        email, ref = me.email, found.reference
    sign_in(client, email)
    html = get(client, f"/staff/complaints/{ref}")
    for text in ("Ada Lovelace", "E1 1AA", "Large print", "I have a hearing impairment.",
                 "Damp in the bedroom not fixed", "How we worked this out",
                 "Acknowledge the complaint", "Accept and acknowledge", "Timeline",
                 "Complaint received with 2 issues", "Email"):
        assert text in html, text


def test_a_missed_agreed_contact_date_is_overdue_until_someone_gets_in_touch(app):
    """SPEC §6: agreed contact dates are promises; one that passes without contact is
    overdue work in the queue, not only a "missed" mark on the complaint page."""
    from portal.services.records import clock

    with app.test_request_context():
        me = make_staff("complaints_manager", name="Mo Manager")
        complaint = make_complaint(make_resident("Ada Lovelace"))
        stage1.acknowledge(me, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint),
                             definitions={i.id: i.summary for i in complaint.issues},
                             handler_id=me.id)
        today = clock.today()
        promised = date.fromordinal(today.toordinal() + 2)
        stage1.log_contact(me, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint), method=None, notes="",
                             shared=False, next_on=promised, next_method="phone")
        before = stage1_queue.queue(me, on=today).rows[0]
        assert before.due.label == "Agreed contact (phone)" and before.due_state == "pending"
        after = date.fromordinal(promised.toordinal() + 3)
        row = stage1_queue.queue(me, on=after).rows[0]
        assert (row.due.label, row.due.due_on, row.due_state) == (
            "Agreed contact (phone)", promised, "overdue")
        assert [r.reference for r in stage1_queue.queue(me, tab="overdue", on=after).rows] == [
            complaint.reference]
        stage1.log_contact(me, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint), method="phone",
                             notes="Called Ada about the damp survey", shared=True)
        row = stage1_queue.queue(me, on=after).rows[0]
        assert row.due.key == "stage1_response"


def test_search_takes_percent_and_underscore_literally(app):
    me_id, due_today, overdue, later = _people(app)
    with app.test_request_context():
        me = db.session.get(User, me_id)
        assert stage1_queue.queue(me, q="%", on=MONDAY).rows == []
        assert stage1_queue.queue(me, q="_", on=MONDAY).rows == []
        assert len(stage1_queue.queue(me, q="Bob", on=MONDAY).rows) == 2


def test_filter_by_handler_and_category_with_subject_and_working_days_overdue(app, client):
    """Issue 15 item 12: the queue helps triage. Filters narrow any tab and survive the
    tab and page links; each row shows the subject (the first issue, in the resident's
    words) and how many working days it is overdue."""
    with app.test_request_context():
        me = make_staff("complaints_manager", name="Mo Manager")
        other = make_staff("case_handler", name="Cy Handler")
        ada, bob = make_resident("Ada Lovelace"), make_resident("Bob Builder")
        mine = make_complaint(ada, received=date(2026, 2, 2), category="repairs")
        theirs = make_complaint(bob, received=date(2026, 2, 2), category="staff_conduct")
        for complaint, handler in ((mine, me), (theirs, other)):
            stage1.acknowledge(me, complaint, version=complaint.version,
                               seen=casework.last_event_id(complaint),
                               definitions={i.id: i.summary for i in complaint.issues},
                               handler_id=handler.id, on=date(2026, 2, 3))
        # Acknowledged 3 Feb: the stage 1 response is due 10 working days later, Tuesday
        # 17 Feb; on Monday 9 March it is 14 working days overdue: 18-20 Feb (3), 23-27
        # Feb (5), 2-6 March (5) and 9 March (1), no bank holidays.
        page = stage1_queue.queue(me, on=MONDAY, handler=other.id)
        assert [r.reference for r in page.rows] == [theirs.reference]
        [row] = page.rows
        assert row.subject == theirs.issues[0].summary and row.category == "Staff conduct"
        assert row.due.due_on == date(2026, 2, 17)
        assert row.due_state == "overdue" and row.days_overdue == 14
        assert [r.reference for r in stage1_queue.queue(
            me, on=MONDAY, category="repairs").rows] == [mine.reference]
        assert stage1_queue.queue(me, on=MONDAY, category="repairs", handler=other.id).rows == []
        assert stage1_queue.queue(me, on=MONDAY, tab="overdue", category="nonsense").total == 2
        email, other_id, ref = me.email, other.id, theirs.reference
    sign_in(client, email)
    html = get(client, f"/staff?tab=overdue&handler={other_id}")
    assert ref in html and "working days overdue" in html
    assert f'href="/staff?tab=open&amp;handler={other_id}"' in html  # the tabs keep it
    assert f'<option value="{other_id}" selected>Cy Handler</option>' in html
