"""Safeguarding (issue 16 §4; southern-2022 "Our approach"; IVH 004 §3.1): a case handler
flags a complaint with a reason (an internal event, the safeguarding lead emailed); it
leaves the usual queue tabs for the safeguarding tab, which only the roles that work on
safeguarding see; and it can never be refused under the late-complaint time limit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Event, OutboxMessage, User
from portal.services.records import casework
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import queue as stage1_queue
from portal.services.stage1 import safeguarding
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import make_complaint, make_resident, make_staff

MONDAY = date(2026, 3, 9)


def test_a_handler_flags_a_complaint_and_the_lead_is_told(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "case_handler")
    with app.app_context():
        lead = make_staff("safeguarding_lead", name="Lee Lead")
        lead_email = lead.email
    sign_in(client, email)
    page = get(client, f"/staff/complaints/{ref}")
    assert f'href="/staff/complaints/{ref}/safeguarding"' in page

    # Nothing typed: the form again, with an error summary naming the field.
    response = act(client, f"/staff/complaints/{ref}/safeguarding", {"reason": "  "},
                   status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#reason"' in html
    with app.app_context():
        assert complaint(ref).safeguarding_on is None

    act(client, f"/staff/complaints/{ref}/safeguarding",
        {"reason": "The resident's child sleeps in the mouldy room and has asthma."})
    with app.app_context():
        found = complaint(ref)
        assert found.safeguarding_on == casework.today()
        assert "asthma" in found.safeguarding_reason
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "safeguarding_flagged")).all()
        assert event.internal is True and "asthma" in event.payload["text"]
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "safeguarding_flagged")).all()
        assert mail.to == lead_email
        assert ref in mail.text and "asthma" in mail.text
        assert "asthma" not in mail.subject  # no personal detail in a subject
    page = get(client, f"/staff/complaints/{ref}")
    assert "Safeguarding concern, flagged" in page
    assert f'href="/staff/complaints/{ref}/safeguarding"' not in page  # flagged once
    # Flagging again is refused, with the date it was flagged.
    response = act(client, f"/staff/complaints/{ref}/safeguarding", {"reason": "Again"},
                   status=400)
    assert "already flagged" in response.get_data(as_text=True)
    # The resident never sees the flag.
    with app.app_context():
        resident = complaint(ref).resident.email
    client.get("/sign-out")
    resident_client = app.test_client()
    sign_in(resident_client, resident)
    mine = get(resident_client, f"/complaints/{ref}")
    assert "safeguarding" not in mine.lower() and "asthma" not in mine


def test_who_may_flag_and_who_sees_the_tab(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "reviewer")
    with app.app_context():
        cs = make_staff("customer_services")
        lead = make_staff("safeguarding_lead")
        people = {"reviewer": email, "cs": cs.email, "lead": lead.email}
    sign_in(client, people["reviewer"])
    assert client.get(f"/staff/complaints/{ref}/safeguarding").status_code == 403
    assert client.post(f"/staff/complaints/{ref}/safeguarding",
                       data={"reason": "x"}).status_code == 403
    assert "tab=safeguarding" not in get(client, "/staff")
    with app.app_context():
        assert complaint(ref).safeguarding_on is None
    lead_client = app.test_client()
    sign_in(lead_client, people["lead"])
    assert "tab=safeguarding" in get(lead_client, "/staff")
    # The lead may flag one too.
    act(lead_client, f"/staff/complaints/{ref}/safeguarding", {"reason": "Risk to a child"})
    with app.app_context():
        assert complaint(ref).safeguarding_on is not None
        reviewer = db.session.scalar(select(User).where(User.email == people["reviewer"]))
        # Asking for the tab without the permission shows the usual queue.
        assert stage1_queue.queue(reviewer, tab="safeguarding").tab == "open"
        try:
            safeguarding.flag(reviewer, complaint(ref), version=1, seen=0, reason="x")
        except casework.NotAllowed:
            pass
        else:
            raise AssertionError("a reviewer may not flag")


def test_a_flagged_complaint_leaves_the_usual_tabs_for_the_safeguarding_tab(app):
    with app.test_request_context():
        manager = make_staff("complaints_manager")
        lead = make_staff("safeguarding_lead")
        ada = make_resident("Ada Lovelace", postcode="E1 1AA")
        overdue = make_complaint(ada, received=date(2026, 2, 2))
        flagged = make_complaint(ada, received=date(2026, 2, 3))
        later = make_complaint(ada, received=date(2026, 3, 5))
        safeguarding.flag(manager, flagged, version=flagged.version, seen=0,
                          reason="Risk to an older resident", on=MONDAY)
        manager = db.session.get(User, manager.id)

        def refs(actor, tab, q=""):
            page = stage1_queue.queue(actor, tab=tab, q=q, on=MONDAY)
            return [r.reference for r in page.rows], page.total

        for tab in ("open", "new", "overdue"):
            rows, total = refs(manager, tab)
            assert flagged.reference not in rows and total == len(rows)
        assert refs(manager, "open") == ([overdue.reference, later.reference], 2)
        assert refs(manager, "overdue") == ([overdue.reference], 1)
        assert refs(manager, "open", q="ada") == ([overdue.reference, later.reference], 2)
        [row] = stage1_queue.queue(lead, tab="safeguarding", on=MONDAY).rows
        assert row.reference == flagged.reference and row.safeguarding
        assert row.due_state == "overdue"  # still ordered and tagged by its due date
        assert refs(lead, "safeguarding", q=flagged.reference) == ([flagged.reference], 1)
        assert refs(lead, "safeguarding", q="nobody") == ([], 0)


def test_the_time_limit_never_applies_to_a_safeguarding_concern(tmp_path, database_url):
    """IVH 004 §3.1: not a complaint if it "occurred over six months ago (unless the
    concern was around safeguarding or health and safety)"."""
    from portal import create_app
    from tests.conftest import make_settings

    app = no_csrf(create_app(make_settings(tmp_path, database_url, profile="ivh")))
    try:
        client = app.test_client()
        email, ref = staff_and_complaint(app, "complaints_manager")
        sign_in(client, email)
        url = f"/staff/complaints/{ref}/refuse"
        assert 'value="late"' in get(client, url)
        act(client, f"/staff/complaints/{ref}/safeguarding", {"reason": "Risk to a child"})
        assert 'value="late"' not in get(client, url)
        response = act(client, url, {"reasons": "late", "detail": "Too old"}, status=400)
        html = response.get_data(as_text=True)
        assert "There is a problem" in html and 'href="#reasons"' in html
        with app.test_request_context():
            found = complaint(ref)
            manager = db.session.scalar(select(User).where(User.email == email))
            try:  # the service refuses it too, whatever the form offered
                stage1.refuse(manager, found, version=found.version, seen=0,
                              reasons=["late"], detail="Too old")
            except casework.CaseworkError as error:
                assert "does not apply to a safeguarding concern" in str(error)
                assert error.field == "reasons"
            else:
                raise AssertionError("refused as late")
            assert complaint(ref).status == "received"
        # Another reason still works; and accepting it does not clear the flag.
        acknowledge(client, ref)
        with app.app_context():
            assert complaint(ref).status == "stage1"
            assert complaint(ref).safeguarding_on is not None
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_the_lead_removes_a_flag_with_a_reason_and_it_rejoins_the_usual_order(app):
    """Only the safeguarding lead removes a flag; the reason is asked for (an internal
    event keeping the flag's own reason); the complaint is back in the usual tabs."""
    no_csrf(app)
    with app.app_context():
        manager = make_staff("complaints_manager")
        lead = make_staff("safeguarding_lead")
        handler = make_staff("case_handler")
        found = make_complaint(make_resident("Ada Lovelace"), received=date(2026, 2, 2))
        safeguarding.flag(manager, found, version=found.version, seen=0,
                          reason="Risk to an older resident", on=MONDAY)
        ref, emails = found.reference, (lead.email, handler.email, manager.email)
    lead_email, handler_email, manager_email = emails
    url = f"/staff/complaints/{ref}/safeguarding/remove"
    for email in (handler_email, manager_email):  # not theirs to remove
        other = app.test_client()
        sign_in(other, email)
        assert f'href="{url}"' not in get(other, f"/staff/complaints/{ref}")
        assert other.get(url).status_code == 403
        assert other.post(url, data={"reason": "x"}).status_code == 403
    client = app.test_client()
    sign_in(client, lead_email)
    assert f'href="{url}"' in get(client, f"/staff/complaints/{ref}")
    response = act(client, url, {"reason": " "}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#reason"' in html
    act(client, url, {"reason": "Referred to adult social care, who have it in hand."})
    with app.app_context():
        again = complaint(ref)
        assert again.safeguarding_on is None and again.safeguarding_reason is None
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == again.id, Event.kind == "safeguarding_flag_removed")).all()
        assert event.internal and "social care" in event.payload["text"]
        assert event.payload["flagged_for"] == "Risk to an older resident"
        manager = db.session.scalar(select(User).where(User.email == manager_email))
        rows = [r.reference for r in stage1_queue.queue(manager, tab="open", on=MONDAY).rows]
        assert ref in rows  # back in the usual tab
        lead = db.session.scalar(select(User).where(User.email == lead_email))
        assert stage1_queue.queue(lead, tab="safeguarding", on=MONDAY).rows == []
    # Removing it again: the form says it is not flagged.
    response = act(client, url, {"reason": "Again"}, status=400)
    assert "not flagged" in response.get_data(as_text=True)
