"""Each staff action, end to end: the page, the form, the service, the event, the email."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import AgreedContact, ContactLog, Event, OutboxMessage, Response, User
from portal.services.records import casework, deadlines
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import views as stage1_views
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    date_fields,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import make_staff


def _events(reference):
    found = complaint(reference)
    return [(e.kind, e.internal) for e in db.session.scalars(
        select(Event).where(Event.complaint_id == found.id).order_by(Event.id))]


def _mail(reference, kind):
    found = complaint(reference)
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.complaint_id == found.id, OutboxMessage.kind == kind)).all()


def test_acknowledge_sets_definitions_handler_date_and_emails(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "customer_services")
    with app.app_context():
        handler = make_staff("case_handler", name="Hana Handler")
        handler_id = handler.id
    sign_in(client, email)

    html = get(client, f"/staff/complaints/{ref}/acknowledge")
    assert "Hana Handler" in html and "Our understanding of issue 1" in html
    acknowledge(client, ref, handler_id)

    with app.app_context():
        found = complaint(ref)
        assert found.status == "stage1"
        assert found.acknowledged_on == casework.today()
        assert found.handler_id == handler_id
        assert found.issues[0].definition == "Damp in the bedroom; you want it fixed."
        assert ("complaint_acknowledged", False) in _events(ref)
        [mail] = _mail(ref, "acknowledged")
        assert ref in mail.text and "Hana Handler" in mail.text
        assert "stage 1 response by" in mail.text
        assert "Damp in the bedroom; you want it fixed." in mail.text
    page = get(client, f"/staff/complaints/{ref}")
    assert "Stage 1: investigating" in page and "How we worked this out" in page


def test_acknowledge_without_definition_shows_error_summary(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/acknowledge"
    response = act(client, url, {"definitions-0": "", "definitions-1": "x"}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#definitions-0"' in html
    with app.app_context():
        assert complaint(ref).status == "received"


def test_case_handler_can_only_pick_themselves(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "case_handler")
    with app.app_context():
        other = make_staff("case_handler", name="Other Handler").id
    sign_in(client, email)
    html = get(client, f"/staff/complaints/{ref}/acknowledge")
    assert "Other Handler" not in html
    url = f"/staff/complaints/{ref}/acknowledge"
    act(client, url, {"definitions-0": "a", "definitions-1": "b", "handler": str(other)},
        status=400)


def test_refuse_writes_letter_response_and_email(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/refuse"
    html = get(client, url)
    assert "Legal proceedings" in html or "legal" in html.lower()
    act(client, url, {"reasons": ["legal_proceedings"], "detail": "A claim was filed."})
    with app.app_context():
        found = complaint(ref)
        assert found.status == "not_accepted" and found.closed_reason == "not_accepted"
        [response] = db.session.scalars(select(Response).where(
            Response.complaint_id == found.id)).all()
        assert response.kind == "refusal"
        assert response.document.kind == "refusal_letter"
        assert response.document.file.data.startswith(b"%PDF-")
        [mail] = _mail(ref, "refused")
        assert "Housing Ombudsman" in mail.text and "/documents/" in mail.text


def test_refuse_needs_a_reason(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    response = act(client, f"/staff/complaints/{ref}/refuse", {"detail": "x"}, status=400)
    assert "Select at least one reason" in response.get_data(as_text=True)


def test_change_handler_tells_the_resident_why(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    with app.app_context():
        new = make_staff("case_handler", name="Nia New").id
    sign_in(client, email)
    acknowledge(client, ref)
    act(client, f"/staff/complaints/{ref}/change-handler",
        {"handler": str(new), "reason": "Sam is on leave for three weeks."})
    with app.app_context():
        assert complaint(ref).handler_id == new
        assert ("handler_changed", False) in _events(ref)
        [mail] = _mail(ref, "handler_changed")
        assert "Sam is on leave for three weeks." in mail.text and "Nia New" in mail.text


def test_log_contact_and_agree_next_date(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/log-contact"
    with app.app_context():
        today = casework.today()
    act(client, url, {"method": "phone", "notes": "Talked about the damp.", "shared": "no",
                      **date_fields("next_on", today + timedelta(days=3)),
                      "next_method": "phone"})
    with app.app_context():
        found = complaint(ref)
        [log] = db.session.scalars(select(ContactLog)).all()
        assert log.shared is False and log.notes == "Talked about the damp."
        [agreed] = db.session.scalars(select(AgreedContact)).all()
        assert agreed.due_on == today + timedelta(days=3)
        assert ("contact_logged", True) in _events(ref)
        assert ("contact_date_agreed", False) in _events(ref)
        rows = stage1_views.agreed_contacts(found, today)
        assert [r.state for r in rows] == ["upcoming"]  # the call that agreed it does not count
        later = today + timedelta(days=4)
        assert [r.state for r in stage1_views.agreed_contacts(found, later)] == [
            "missed"]
    page = get(client, f"/staff/complaints/{ref}")
    assert "Talked about the damp." in page and "Coming up" in page

    # A later contact keeps it.
    act(client, url, {"method": "email", "notes": "Emailed an update.", "shared": "yes"})
    with app.app_context():
        rows = stage1_views.agreed_contacts(complaint(ref), today + timedelta(days=4))
        assert [r.state for r in rows] == ["kept"]


def test_next_contact_date_cannot_be_in_the_past(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    with app.app_context():
        yesterday = casework.today() - timedelta(days=1)
    response = act(client, f"/staff/complaints/{ref}/log-contact",
                   {**date_fields("next_on", yesterday), "next_method": "phone"}, status=400)
    assert "must be today or in the future" in response.get_data(as_text=True)


def test_extend_within_the_limit_emails_reason_date_and_ombudsman(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    with app.app_context():
        current, latest = stage1.extension_window(complaint(ref))
    url = f"/staff/complaints/{ref}/extend"
    act(client, url, {**date_fields("new_on", latest), "reason": "We need a surveyor's report."})
    with app.app_context():
        found = complaint(ref)
        assert found.stage1_extended_to == latest
        [mail] = _mail(ref, "extended")
        assert "We need a surveyor's report." in mail.text
        assert "Housing Ombudsman" in mail.text and "0300 111 3000" in mail.text
        due = {d.key: d for d in deadlines.complaint_deadlines(found)}["stage1_response"]
        assert due.effective_on == latest


def test_extend_beyond_the_maximum_is_refused_with_a_clear_message(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    with app.app_context():
        current, latest = stage1.extension_window(complaint(ref))
    url = f"/staff/complaints/{ref}/extend"
    response = act(client, url, {**date_fields("new_on", latest + timedelta(days=1)),
                                 "reason": "More time"}, status=400)
    html = response.get_data(as_text=True)
    assert "the longest extension your policy allows" in html
    assert 'href="#new_on-day"' in html
    response = act(client, url, {**date_fields("new_on", current), "reason": "x"}, status=400)
    assert "must be after the current due date" in response.get_data(as_text=True)
    with app.app_context():
        assert complaint(ref).stage1_extended_to is None


def test_resolve_at_first_contact_needs_agreement_then_closes_with_a_letter(app, client):
    """SPEC §2; seeds/000_e9fd0cc2b6916637.txt §3 steps 3 and 7: closed only with the
    resident's agreement recorded (who, how, when), confirmed by a stage 1 letter."""
    email, ref = staff_and_complaint(no_csrf(app), "customer_services")
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/resolve-at-first-contact"
    typed = {"summary": "Booked the repair for tomorrow; the resident is happy.",
             "agreed_by": "Jo Resident", "agreed_how": "phone",
             **date_fields("agreed_on", casework.today())}
    # Without the agreement ticked: the form comes back with everything typed, nothing closes.
    html = act(client, url, typed, status=400).get_data(as_text=True)
    assert "Without their agreement it stays a stage 1 complaint" in html
    assert 'href="#agreed"' in html and "Booked the repair for tomorrow" in html
    with app.app_context():
        assert complaint(ref).status == "received"
    act(client, url, {**typed, "agreed": "y"})
    with app.app_context():
        found = complaint(ref)
        assert found.status == "closed" and found.closed_reason == "resolved_first_contact"
        assert found.acknowledged_on == casework.today()
        assert found.stage1_sent_on == casework.today()
        [letter] = db.session.scalars(select(Response).where(
            Response.complaint_id == found.id)).all()
        assert letter.stage == 1 and letter.kind == "response"
        assert letter.content["agreement"]["who"] == "Jo Resident"
        assert letter.content["agreement"]["how"] == "phone"
        [mail] = _mail(ref, "resolved")
        assert "Booked the repair" in mail.text and "Jo Resident agreed" in mail.text
        assert "still ask for a review" in mail.text


def test_close_after_response_needs_a_reason(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    # Not possible before a response: the link is not offered and the service refuses.
    page = get(client, f"/staff/complaints/{ref}")
    assert "Close the complaint" not in page
    act(client, f"/staff/complaints/{ref}/close", {"reason": "x"}, status=400)
    act(client, f"/staff/complaints/{ref}/stage-1-response", {
        "issues-0-decision": "upheld", "issues-0-reasons": "r",
        "issues-1-decision": "not_upheld", "issues-1-reasons": "r"})
    act(client, f"/staff/complaints/{ref}/close", {"reason": ""}, status=400)
    act(client, f"/staff/complaints/{ref}/close", {"reason": "The resident said by phone they "
                                                   "are satisfied."})
    with app.app_context():
        found = complaint(ref)
        assert found.status == "closed" and found.closed_reason == "closed_by_staff"
        assert len(_mail(ref, "closed")) == 1


def test_version_conflict_shows_what_changed_and_saves_nothing(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    with app.app_context():
        other = make_staff("complaints_manager", name="Olu Other").email
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/extend"
    stale = get(client, url)  # loaded, then someone else extends it
    with app.app_context():
        current, latest = stage1.extension_window(complaint(ref))
    second = app.test_client()
    sign_in(second, other)
    act(second, url, {**date_fields("new_on", current + timedelta(days=1)),
                      "reason": "Olu's reason"})

    response = act(client, url, {**date_fields("new_on", latest), "reason": "Sam's reason"},
                   status=409, page=stale)
    html = response.get_data(as_text=True)
    assert "Someone else changed this complaint while you were working on it" in html
    assert "Olu Other" in html and "Olu&#39;s reason" in html
    assert "Sam&#39;s reason" in html  # what they typed is still there
    with app.app_context():
        assert complaint(ref).stage1_extended_to == current + timedelta(days=1)
    # Sending again, having seen the change, works.
    act(client, url, {**date_fields("new_on", latest), "reason": "Sam's reason"}, page=html)
    with app.app_context():
        assert complaint(ref).stage1_extended_to == latest


def test_a_concurrent_commit_is_caught_as_a_conflict(app):
    """Two requests pass the version check at once; the second to commit gets
    SQLAlchemy's StaleDataError, shown as the same conflict, and nothing is saved."""
    from sqlalchemy import text

    with app.app_context():
        staff_id = make_staff("complaints_manager").id
    email, ref = staff_and_complaint(app)
    with app.test_request_context():
        found = complaint(ref)
        actor = db.session.get(User, staff_id)
        version = found.version
        with db.engine.begin() as other:  # someone else commits first
            other.execute(text("UPDATE complaints SET version = version + 1, "
                               "status = 'withdrawn' WHERE reference = :r"), {"r": ref})
        try:
            stage1.resolve_first_contact(actor, found, version=version, seen=0,
                                         summary="Done", agreed=True, agreed_by="Jo",
                                         agreed_how="phone", agreed_on=found.received_on)
        except casework.VersionConflict as conflict:
            assert conflict.version == version + 1
        else:
            raise AssertionError("expected a VersionConflict")
        found = complaint(ref)
        assert found.status == "withdrawn" and found.closed_reason is None


def test_a_policy_without_an_extension_rule_refuses_to_extend(tmp_path, database_url):
    from portal import create_app
    from tests.conftest import make_settings

    app = no_csrf(create_app(make_settings(tmp_path, database_url, profile="isha")))
    try:
        client = app.test_client()
        email, ref = staff_and_complaint(app)
        sign_in(client, email)
        acknowledge(client, ref)
        url = f"/staff/complaints/{ref}/extend"
        html = get(client, url)
        assert "Your policy does not set an extension at stage 1" in html
        assert 'name="new_on-day"' not in html
        with app.app_context():
            version = complaint(ref).version
        response = client.post(url, data={**date_fields("new_on", casework.today()),
                                          "reason": "x", "version": str(version), "seen": "0"})
        assert response.status_code == 400
        assert "Your policy does not set an extension at stage 1" in response.get_data(
            as_text=True)
        with app.app_context():
            assert complaint(ref).stage1_extended_to is None
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_internal_notes_are_never_shown_to_the_resident(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/log-contact"
    act(client, url, {"method": "visit", "notes": "Neighbour dispute suspected.", "shared": "no"})
    act(client, url, {"method": "phone", "notes": "Explained the next steps.", "shared": "yes"})
    staff_page = get(client, f"/staff/complaints/{ref}")
    assert "Neighbour dispute suspected." in staff_page and "Internal" in staff_page

    with app.app_context():
        resident_email = complaint(ref).resident.email
    resident = app.test_client()
    sign_in(resident, resident_email)
    page = get(resident, f"/complaints/{ref}")
    assert "Neighbour dispute suspected." not in page
    assert "internal note" not in page.lower()
    assert "Explained the next steps." in page


def test_every_staff_route_carries_a_permission(app):
    staff_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")]
    assert len(staff_rules) >= 13
    for rule in staff_rules:
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "staff_permission", None), rule.rule


def test_an_extension_to_a_weekend_day_is_refused_with_a_working_day_offered(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    with app.app_context():
        current, latest = stage1.extension_window(complaint(ref))
    saturday = current + timedelta(days=(5 - current.weekday()) % 7 or 7)
    assert saturday.weekday() == 5 and current < saturday <= latest
    response = act(client, f"/staff/complaints/{ref}/extend",
                   {**date_fields("new_on", saturday), "reason": "A surveyor's report."},
                   status=400)
    html = response.get_data(as_text=True)
    assert f"Saturday {saturday.day}" in html
    assert "is not a working day: choose a working day such as" in html
    assert "A surveyor&#39;s report." in html or "A surveyor's report." in html
    with app.app_context():
        assert complaint(ref).stage1_extended_to is None
