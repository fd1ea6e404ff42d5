"""What a restriction does where the portal is the channel (issue 16 §1): "one named
contact" puts the person's letters, calls and texts on that member of staff's work list,
only they can do them, and they are told when the person writes to us; and southern-2022's
"one review on request" ("if a customer wants to challenge the way they're managed, they
can ask us to review it. The Head of Customer Feedback will do this review and we will
only do this once": southern-2022 "Unreasonable customer behaviour")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import create_app
from portal.data.db import db
from portal.data.models import ContactTask, OutboxMessage, Restriction, RestrictionEvent
from portal.services.correspondence.tell import tell
from portal.services.records import casework
from tests.conftest import make_settings
from tests.integration.test_restrictions import DETAIL, REASON, _ids_complaint, _post
from tests.integration.test_staff_support import (
    act,
    complaint,
    date_fields,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import make_staff


def _client(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def test_one_named_contact_gets_the_persons_tasks_and_their_messages(app):
    no_csrf(app)
    manager, ref, director, resident, person_id = _ids_complaint(app, "phone")
    with app.app_context():
        named = make_staff("case_handler", name="Nia Named")
        other = make_staff("case_handler", name="Oscar Other")
        ids = named.id, named.email, other.email
    named_id, named_email, other_email = ids
    boss = _client(app, manager)
    url = f"/staff/complaints/{ref}/restriction"
    data = {"kind": "named_contact", "behaviour": REASON, "detail": "Contact Nia only.",
            **date_fields("starts_on", casework.today())}
    page = get(boss, url)
    assert "Who is their named contact?" in page and "Nia Named" in page
    html = act(boss, url, data, status=400).get_data(as_text=True)
    assert "Select the member of staff who will be their named contact" in html
    assert "Contact Nia only." in html  # nothing typed is lost
    act(boss, url, {**data, "named_contact": str(named_id)})
    with app.app_context():
        rid = db.session.scalar(select(Restriction.id).where(
            Restriction.person_id == person_id))
    dee = _client(app, director)
    _post(dee, f"/staff/restrictions/{rid}/approve", get(dee, f"/staff/restrictions/{rid}"), {})
    assert "Nia Named" in get(dee, f"/staff/restrictions/{rid}")

    with app.test_request_context():
        found = complaint(ref)
        # The approval letter (a call, so a letter to post instead) and any later message
        # to the person are the named contact's to do.
        tell(found, "extended", "We need more time", new_on=casework.today(),
             reason="Waiting for a survey")
        db.session.commit()
        tasks = db.session.scalars(select(ContactTask).where(
            ContactTask.complaint_id == found.id, ContactTask.done_at.is_(None))).all()
        assert tasks and {t.assigned_to_id for t in tasks} == {named_id}
        task_id = tasks[-1].id
    listing = get(_client(app, other_email), "/staff/contact-tasks")
    assert "Only Nia Named" in listing
    # Anyone else is refused, with the reason; the named contact does it.
    other = _client(app, other_email)
    done = f"/staff/contact-tasks/{task_id}/done"
    response = other.post(done, data={"reached": "yes", "outcome": "Spoke to them."})
    assert response.status_code == 400
    assert "Only Nia Named, the named contact" in response.get_data(as_text=True)
    nia = _client(app, named_email)
    assert nia.post(done, data={"reached": "yes", "outcome": "Spoke to them."}
                    ).status_code == 303
    with app.app_context():
        assert db.session.get(ContactTask, task_id).done_by_id == named_id

    # What the person sends us through the portal: the named contact is told.
    person = _client(app, resident)
    response = person.post(f"/complaints/{ref}/add-information",
                           data={"text": "The leak is worse."})
    assert response.status_code == 303
    with app.app_context():
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "named_contact_message")).all()
        assert mail.to == named_email and ref in mail.text
        assert "leak" not in mail.subject.lower()


def test_no_named_contact_no_routing(app):
    """Without a "one named contact" restriction, tasks belong to nobody in particular."""
    no_csrf(app)
    _email, ref = staff_and_complaint(app, contact_method="phone")
    with app.test_request_context():
        found = complaint(ref)
        tell(found, "extended", "We need more time", new_on=casework.today(),
             reason="Waiting for a survey")
        db.session.commit()
        assert [t.assigned_to_id for t in db.session.scalars(select(ContactTask))] == [None]


@pytest.fixture
def southern(tmp_path, database_url):
    app = create_app(make_settings(tmp_path, database_url, profile="southern-2022"))
    yield no_csrf(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_southern_allows_one_review_on_request_and_refuses_a_second(southern):
    app = southern
    manager, ref = staff_and_complaint(app, contact_method="email")
    with app.app_context():
        found = complaint(ref)
        assert found.profile == "southern-2022"
        second = make_staff("complaints_manager", name="Second Manager").email
        resident = found.resident.email
        person_id = found.resident_id
    act(_client(app, manager), f"/staff/complaints/{ref}/restriction", {
        "kind": "written_only", "behaviour": REASON, "detail": DETAIL,
        **date_fields("starts_on", casework.today())})
    with app.app_context():
        rid = db.session.scalar(select(Restriction.id).where(
            Restriction.person_id == person_id))
    approver = _client(app, second)  # the profile's approver, not the proposer
    _post(approver, f"/staff/restrictions/{rid}/approve",
          get(approver, f"/staff/restrictions/{rid}"), {})
    with app.app_context():
        review_on = db.session.get(Restriction, rid).review_on
        assert review_on > casework.today()

    person = _client(app, resident)
    home = get(person, "/complaints")
    assert "Ask us to review this restriction" in home and "you can ask once" in home
    assert "Appeal against this restriction" not in home
    page = get(person, "/restriction/review")
    assert "You can ask only once" in page
    response = person.post("/restriction/review", data={"reason": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert 'href="#reason"' in html
    response = person.post("/restriction/review", data={"reason": "I have stopped calling."})
    assert response.status_code == 303
    with app.app_context():
        restriction = db.session.get(Restriction, rid)
        assert restriction.review_on == casework.today()  # due now, on the digest
        [event] = db.session.scalars(select(RestrictionEvent).where(
            RestrictionEvent.restriction_id == rid,
            RestrictionEvent.kind == "review_requested")).all()
        assert event.text == "I have stopped calling."
    # A second request is refused, saying when they asked and that it is once only.
    assert "already asked us to review this restriction" in get(person, "/restriction/review")
    response = person.post("/restriction/review", data={"reason": "Please look again."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You already asked us to review this restriction" in html
    assert "Our policy allows this once" in html
    with app.app_context():
        assert len(db.session.scalars(select(RestrictionEvent).where(
            RestrictionEvent.restriction_id == rid,
            RestrictionEvent.kind == "review_requested")).all()) == 1
    # The staff page shows the request in the restriction's history.
    assert "asked for a review" in get(_client(app, manager), f"/staff/restrictions/{rid}")


def test_a_policy_without_a_review_on_request_offers_the_appeal(app):
    """IDS 002 §10.6: an appeal (a new complaint), not a review on request."""
    no_csrf(app)
    manager, ref, director, resident, person_id = _ids_complaint(app, "email")
    act(_client(app, manager), f"/staff/complaints/{ref}/restriction", {
        "kind": "written_only", "behaviour": REASON, "detail": DETAIL,
        **date_fields("starts_on", casework.today())})
    with app.app_context():
        rid = db.session.scalar(select(Restriction.id).where(
            Restriction.person_id == person_id))
    dee = _client(app, director)
    _post(dee, f"/staff/restrictions/{rid}/approve", get(dee, f"/staff/restrictions/{rid}"), {})
    person = _client(app, resident)
    home = get(person, "/complaints")
    assert "Appeal against this restriction" in home
    assert "Ask us to review this restriction" not in home
    response = person.post("/restriction/review", data={"reason": "Please review it."})
    assert response.status_code == 400
    assert "does not offer a review on request" in response.get_data(as_text=True)
