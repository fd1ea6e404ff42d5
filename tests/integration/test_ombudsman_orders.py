"""The Housing Ombudsman's investigation, determination, orders and recommendations
(IVH 004 §7.2: "Should any findings or recommendations be made by the Housing Ombudsman
Service we will ensure that we comply with these within timescales determined by the
Housing Ombudsman Service"; §8.7 determinations reported to the Board): recorded by the
complaints manager, each order tracked to completion like a promised action, with the
evidence of compliance; every step an event the resident sees."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Action, Event, OmbudsmanCase, OutboxMessage, User
from portal.services.actions import tracking
from portal.services.records import casework
from portal.services.review import ombudsman
from tests.integration.test_staff_support import (
    act,
    complaint,
    date_fields,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import make_complaint, make_resident, make_staff


def _kinds(reference):
    found = complaint(reference)
    return [e.kind for e in db.session.scalars(
        select(Event).where(Event.complaint_id == found.id).order_by(Event.id))]


def test_investigation_determination_orders_and_compliance(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "complaints_manager")
    today = casework.today()
    with app.app_context():
        handler = make_staff("case_handler", name="Hana Handler")
        handler_email = handler.email
        received = complaint(ref).received_on
    sign_in(client, email)
    page = get(client, f"/staff/complaints/{ref}")
    assert "Record that the Ombudsman is investigating" in page

    base = f"/staff/complaints/{ref}/ombudsman"
    # Before the complaint was received: refused, with the field named.
    response = act(client, base, {**date_fields("started_on", received - timedelta(days=1)),
                                  "ombudsman_reference": "HOS-123"}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "on or after" in html
    assert 'value="HOS-123"' in html  # nothing typed is lost
    act(client, base, {**date_fields("started_on", today), "ombudsman_reference": "HOS-123"})
    # An order before the determination is refused.
    response = act(client, f"{base}/orders", {
        "kind": "ombudsman_order", "description": "Pay £300", "owner": "Finance",
        **date_fields("due_on", today + timedelta(days=28))}, status=400)
    assert "Record the Ombudsman’s determination first" in response.get_data(as_text=True)

    # The determination: at least one finding, and what it said.
    response = act(client, f"{base}/determination", {
        **date_fields("determined_on", today), "summary": "Delays in repairing the damp."},
        status=400)
    assert "Select at least one finding" in response.get_data(as_text=True)
    act(client, f"{base}/determination", {
        **date_fields("determined_on", today), "findings": ["maladministration",
                                                            "service_failure"],
        "summary": "Delays in repairing the damp."})
    for kind, words, owner, days in (("ombudsman_order", "Pay the resident £300", "Finance", 28),
                                     ("ombudsman_recommendation", "Review the damp policy",
                                      "Head of Repairs", 56)):
        act(client, f"{base}/orders", {
            "kind": kind, "description": words, "owner": owner,
            **date_fields("due_on", today + timedelta(days=days))})
    page = get(client, f"/staff/complaints/{ref}")
    assert "Maladministration; Service failure" in page and "Pay the resident £300" in page

    with app.app_context():
        found = complaint(ref)
        case = db.session.scalar(select(OmbudsmanCase).where(
            OmbudsmanCase.complaint_id == found.id))
        assert case.ombudsman_reference == "HOS-123" and case.determined_on == today
        assert case.findings == ["maladministration", "service_failure"]
        orders = db.session.scalars(select(Action).where(Action.complaint_id == found.id)
                                    .order_by(Action.due_on)).all()
        assert [(a.kind, a.owner) for a in orders] == [
            ("ombudsman_order", "Finance"), ("ombudsman_recommendation", "Head of Repairs")]
        assert _kinds(ref)[-4:] == ["ombudsman_investigating", "ombudsman_determined",
                                    "ombudsman_order_added", "ombudsman_order_added"]
        order_id = orders[0].id

    # Tracked with the promised actions, on its own tab too.
    listed = get(client, "/staff/actions?tab=ombudsman")
    assert "Pay the resident £300" in listed and "Ombudsman order" in listed
    assert "Ombudsman orders: 2" in listed
    assert ref in get(client, "/staff/ombudsman?tab=determined")
    assert ref not in get(client, "/staff/ombudsman")  # no longer being investigated

    # A case handler marks the order done, with the evidence of compliance.
    handler_client = app.test_client()
    sign_in(handler_client, handler_email)
    done_url = f"/staff/actions/{order_id}/done"
    assert "Evidence of compliance" in get(handler_client, done_url)
    response = act(handler_client, done_url, {**date_fields("done_on", today), "note": ""},
                   status=400)
    assert "Enter the evidence of compliance" in response.get_data(as_text=True)
    act(handler_client, done_url, {**date_fields("done_on", today),
                                   "note": "Paid £300 by BACS; remittance on file."})
    with app.app_context():
        order = db.session.get(Action, order_id)
        assert order.done_on == today and order.evidence.startswith("Paid £300")
        [event] = [e for e in complaint(ref).events if e.kind == "action_completed"]
        assert event.summary.startswith("Ombudsman order done") and not event.internal
        mails = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "action_done")).all()
        assert any("Pay the resident £300" in m.text for m in mails)
    assert "Ombudsman orders: 1" in get(client, "/staff/actions?tab=ombudsman")
    # The year's view for the Board (IVH 004 §8.7).
    with app.app_context():
        manager = db.session.scalar(select(User).where(User.email == email))
        view = ombudsman.year_view(manager)
        assert view.determinations == 1 and view.outstanding == 1
        assert view.findings == {"severe_maladministration": 0, "maladministration": 1,
                                 "service_failure": 1, "no_maladministration": 0}
        assert ombudsman.year_view(manager, today.year - 1).determinations == 0
    board = get(client, "/staff/ombudsman")
    assert "Orders and recommendations still to do" in board
    # The resident sees each step in their timeline.
    with app.app_context():
        resident_email = complaint(ref).resident.email
    resident = app.test_client()
    sign_in(resident, resident_email)
    mine = get(resident, f"/complaints/{ref}")
    assert "The Housing Ombudsman is investigating the complaint" in mine
    assert "Ombudsman order done" in mine


def test_only_the_complaints_manager_records_the_ombudsman(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "case_handler")
    sign_in(client, email)
    base = f"/staff/complaints/{ref}/ombudsman"
    for url in (base, f"{base}/determination", f"{base}/orders"):
        assert client.get(url).status_code == 403
        assert client.post(url, data={}).status_code == 403
    assert "Record that the Ombudsman is investigating" not in get(
        client, f"/staff/complaints/{ref}")
    with app.app_context():
        handler = db.session.scalar(select(User).where(User.email == email))
        try:
            ombudsman.record_investigation(handler, complaint(ref), version=1, seen=0,
                                           started_on=casework.today(), ombudsman_reference="")
        except casework.NotAllowed:
            pass
        else:
            raise AssertionError("a case handler may not record it")
        assert db.session.query(OmbudsmanCase).count() == 0


def test_the_lists_page_in_the_database(app):
    with app.test_request_context():
        manager = make_staff("complaints_manager")
        resident = make_resident("Ada Lovelace")
        today = casework.today()
        made = []
        for n in range(27):
            found = make_complaint(resident, received=today - timedelta(days=10))
            ombudsman.record_investigation(manager, found, version=found.version, seen=0,
                                           started_on=today - timedelta(days=n % 5),
                                           ombudsman_reference=f"HOS-{n}")
            made.append(found.reference)
        page = ombudsman.cases(manager, "investigating", 1)
        assert page.total == 27 and page.pages == 2 and len(page.items) == 25
        starts = [r.case.started_on for r in page.items]
        assert starts == sorted(starts, reverse=True)
        second = ombudsman.cases(manager, "investigating", 2)
        assert len(second.items) == 2
        seen = {r.reference for r in page.items} | {r.reference for r in second.items}
        assert seen == set(made)
        assert ombudsman.cases(manager, "determined", 1).total == 0
        assert tracking.tracked_actions(manager, "ombudsman").total == 0
