"""Restrictions for unreasonable behaviour (issue 16 §1; ISHA 001 §4; IDS 002 §10.1-10.6;
southern-2022 "Unreasonable customer behaviour"): a complaints manager proposes, the role
the profile names approves (IDS 002 §10.3: a Head of Service or a Director), the person is
told in writing unless that creates a greater risk (IDS 002 §10.4), "written contact
only" turns calls into letters, it is reviewed on its date (IDS 002 §10.5: every 6
months), and an appeal is a new complaint (IDS 002 §10.6)."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import (
    ContactTask,
    Document,
    OutboxMessage,
    Restriction,
    RestrictionEvent,
    User,
)
from portal.domain.restrictions import review_date
from portal.services.correspondence import digest
from portal.services.correspondence.recipients import recipients
from portal.services.records import casework
from tests.integration.test_representation_support import pdf_text
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    date_fields,
    get,
    hidden,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import make_complaint, make_staff

REASON = "Forty calls a day to different staff, and shouting at the repairs team."
DETAIL = "Write to us by letter, email or your online account. We will not take calls."


def _ids_complaint(app, contact_method="phone"):
    email, ref = staff_and_complaint(app, contact_method=contact_method)
    with app.app_context():
        found = complaint(ref)
        found.profile = "ids"
        db.session.commit()
        director = make_staff("director", name="Dee Director")
        return email, ref, director.email, found.resident.email, found.resident_id


def _propose(client, ref, **extra):
    data = {"kind": "written_only", "behaviour": REASON, "detail": DETAIL,
            **date_fields("starts_on", casework.today()), **extra}
    act(client, f"/staff/complaints/{ref}/restriction", data)


def _restriction(person_id) -> Restriction:
    return db.session.scalar(select(Restriction).where(Restriction.person_id == person_id)
                             .order_by(Restriction.id.desc()))


_VERSIONS = re.compile(r'<input type="hidden" name="(\w+-version)" value="([^"]*)"')


def _post(client, url, page, data, status=303):
    response = client.post(url, data={**hidden(page), **dict(_VERSIONS.findall(page)), **data})
    assert response.status_code == status, response.get_data(as_text=True)[:1500]
    return response.get_data(as_text=True)


def test_proposed_by_a_manager_approved_by_a_director_and_the_person_told(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    manager, ref, director, resident, person_id = _ids_complaint(app)
    sign_in(client, manager)
    page = get(client, f"/staff/complaints/{ref}")
    assert f'href="/staff/complaints/{ref}/restriction"' in page

    # Nothing chosen or typed: the form again, naming each thing to fix, keeping the rest.
    response = act(client, f"/staff/complaints/{ref}/restriction",
                   {"behaviour": REASON, "detail": ""}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#kind"' in html and 'href="#detail"' in html
    assert "Forty calls a day" in html  # what was typed is kept

    _propose(client, ref)
    with app.app_context():
        restriction = _restriction(person_id)
        assert restriction.status == "proposed"
        # IDS 002 §10.5: reviewed every 6 months.
        assert restriction.review_on == review_date(casework.today(), 6)
        assert restriction.proposed_by.email == manager
        # Until approved it has no effect: calls stay calls.
        [person] = recipients(complaint(ref))
        assert person.channel == "phone"
        restriction_id = restriction.id
    page = get(client, f"/staff/complaints/{ref}")
    assert "is proposed and waiting for approval" in page
    # The manager cannot approve it under IDS (002 §10.3: Head of Service or Director).
    page = get(client, f"/staff/restrictions/{restriction_id}")
    assert "Approve the restriction" not in page
    _post(client, f"/staff/restrictions/{restriction_id}/approve", page, {}, status=403)

    # A case handler may not propose one, in the route.
    handler_client = app.test_client()
    with app.app_context():
        handler = make_staff("case_handler").email
    sign_in(handler_client, handler)
    assert handler_client.get(f"/staff/complaints/{ref}/restriction").status_code == 403

    director_client = app.test_client()
    sign_in(director_client, director)
    page = get(director_client, f"/staff/restrictions/{restriction_id}")
    assert "Approve the restriction" in page
    # "Do not tell them" without a reason is refused, naming the field.
    html = _post(director_client, f"/staff/restrictions/{restriction_id}/approve", page,
                 {"approve-withhold": "y"}, status=400)
    assert "There is a problem" in html and "#approve-not_told_reason" in html
    _post(director_client, f"/staff/restrictions/{restriction_id}/approve", page, {})

    with app.app_context():
        restriction = db.session.get(Restriction, restriction_id)
        assert restriction.status == "active"
        assert restriction.decided_by.email == director
        # The resident asked for calls: written in force, they are sent the letter by post.
        [task] = db.session.scalars(select(ContactTask).where(
            ContactTask.kind == "restriction")).all()
        assert task.method == "letter" and task.document_id == restriction.letter_id
        task_id = task.id
        text = pdf_text(db.session.get(Document, restriction.letter_id).file.data)
        assert "Forty calls a day" in text  # the reason
        assert "written contact only" in text.lower() and "We will not take calls" in text
        assert "review this restriction by" in text
        assert casework.long_date(restriction.review_on) in text
        assert "register your appeal as a complaint" in text  # IDS 002 §10.6
        assert "You can still make a complaint" in text
        kinds = [e.kind for e in db.session.scalars(select(RestrictionEvent).where(
            RestrictionEvent.restriction_id == restriction_id).order_by(RestrictionEvent.id))]
        assert kinds == ["proposed", "approved", "told_approved"]
        # While it is in force, a call to the resident becomes a letter.
        [person] = recipients(complaint(ref))
        assert person.channel == "letter"
    # The letter to post is on the work list, with the PDF to print.
    assert "How we will deal with your contact from now on" in get(client, "/staff/contact-tasks")
    get(client, f"/staff/contact-tasks/{task_id}")
    printed = client.get(f"/staff/contact-tasks/{task_id}/letter.pdf")
    assert printed.status_code == 200 and "Forty calls a day" in pdf_text(printed.data)
    acknowledge(client, ref)
    with app.app_context():
        [ack] = db.session.scalars(select(ContactTask).where(
            ContactTask.kind == "acknowledged")).all()
        assert ack.method == "letter"

    # Shown prominently on the staff complaint page, and to the person in plain words.
    page = get(client, f"/staff/complaints/{ref}")
    assert "Restriction on contact" in page and "written contact only" in page
    # ...and on the action pages about them, where staff are about to contact them.
    page = get(client, f"/staff/complaints/{ref}/log-contact")
    assert "Restriction on contact with" in page and "We will not take calls" in page
    resident_client = app.test_client()
    sign_in(resident_client, resident)
    mine = get(resident_client, "/complaints")
    assert "We have limited how we deal with your contact" in mine
    assert "Please contact us in writing only" in mine
    assert "Appeal against this restriction" in mine
    assert "We have limited how we deal with your contact" in get(resident_client,
                                                                  f"/complaints/{ref}")

    # It never stops a complaint: the appeal starts one through the normal intake...
    response = resident_client.post("/complaints/appeal-restriction")
    assert response.status_code == 303
    issue_page = get(resident_client, response.headers["Location"])
    assert f"Appeal against the restriction RST-{restriction_id:06d}" in issue_page
    # ...and a restricted resident's complaint is submitted like any other.
    with app.app_context():
        new = make_complaint(db.session.get(User, person_id))
        assert new.status == "received"


def test_not_told_when_that_creates_a_risk_and_rejected_ones_have_no_effect(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    manager, ref, director, resident, person_id = _ids_complaint(app, "email")
    sign_in(client, manager)
    _propose(client, ref)
    director_client = app.test_client()
    sign_in(director_client, director)
    with app.app_context():
        first = _restriction(person_id).id
    page = get(director_client, f"/staff/restrictions/{first}")
    _post(director_client, f"/staff/restrictions/{first}/reject", page,
          {"reject-note": "Not enough evidence yet."})
    with app.app_context():
        assert db.session.get(Restriction, first).status == "rejected"
        assert [p.channel for p in recipients(complaint(ref))] == ["email"]

    _propose(client, ref, kind="acknowledge_only")
    with app.app_context():
        second = _restriction(person_id).id
    page = get(director_client, f"/staff/restrictions/{second}")
    _post(director_client, f"/staff/restrictions/{second}/approve", page,
          {"approve-withhold": "y",
           "approve-not_told_reason": "Police advice: telling him now puts staff at risk."})
    with app.app_context():
        restriction = db.session.get(Restriction, second)
        assert restriction.status == "active" and restriction.letter_id is None
        assert "Police advice" in restriction.not_told_reason
        assert db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "restriction")) is None
        events = db.session.scalars(select(RestrictionEvent.kind).where(
            RestrictionEvent.restriction_id == second)).all()
        assert "not_told" in events
    # Staff see it; the person's own page does not.
    assert "Restriction on contact" in get(client, f"/staff/complaints/{ref}")
    resident_client = app.test_client()
    sign_in(resident_client, resident)
    assert "How we deal with your contact" not in get(resident_client, "/complaints")


def test_review_comes_round_on_the_digest_and_the_outcome_is_told(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    manager, ref, director, resident, person_id = _ids_complaint(app, "email")
    sign_in(client, manager)
    _propose(client, ref)
    director_client = app.test_client()
    sign_in(director_client, director)
    with app.app_context():
        rid = _restriction(person_id).id
    page = get(director_client, f"/staff/restrictions/{rid}")
    _post(director_client, f"/staff/restrictions/{rid}/approve", page, {})
    with app.app_context():
        review_on = db.session.get(Restriction, rid).review_on
        [approved] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "restriction")).all()
        assert approved.to == resident and "/documents/" in approved.text
        assert digest._restriction_reviews(casework.today()) == []
        [item] = digest._restriction_reviews(review_on)
        assert item.reference == f"RST-{rid:06d}" and item.state == "due_today"
        sent = digest.staff_digest(review_on) if digest.working_day(review_on) else None
        if sent is not None:
            assert manager in sent
            mail = db.session.scalar(select(OutboxMessage).where(
                OutboxMessage.kind == "staff_digest", OutboxMessage.to == manager))
            assert f"RST-{rid:06d}" in mail.text

    page = get(client, f"/staff/restrictions/{rid}")
    html = _post(client, f"/staff/restrictions/{rid}/review", page,
                 {"review-outcome": "change", "review-note": "Calls have stopped."},
                 status=400)
    assert "Select what kind of restriction" in html  # a change needs the new kind
    _post(client, f"/staff/restrictions/{rid}/review", page,
          {"review-outcome": "keep", "review-note": "Still abusive emails in May."})
    with app.app_context():
        restriction = db.session.get(Restriction, rid)
        assert restriction.status == "active"
        assert restriction.review_on == review_date(casework.today(), 6)
        text = pdf_text(db.session.get(Document, restriction.letter_id).file.data)
        assert "It stays in place" in text and "Still abusive emails" in text
    page = get(client, f"/staff/restrictions/{rid}")
    html = _post(client, f"/staff/restrictions/{rid}/review", page,
                 {"review-outcome": "change", "review-note": "Calls stopped.",
                  "review-kind": "named_contact", "review-detail": "Email Sam only."},
                 status=400)
    assert "Select the member of staff who will be their named contact" in html
    with app.app_context():
        named = db.session.scalar(select(User.id).where(User.email == manager))
    _post(client, f"/staff/restrictions/{rid}/review", page,
          {"review-outcome": "change", "review-note": "Calls stopped; emails go to many staff.",
           "review-kind": "named_contact", "review-detail": "Email Sam Manager only.",
           "review-named_contact": str(named)})
    with app.app_context():
        restriction = db.session.get(Restriction, rid)
        assert (restriction.status, restriction.kind) == ("active", "named_contact")
        assert restriction.named_contact_id == named
        text = pdf_text(db.session.get(Document, restriction.letter_id).file.data)
        assert "We have changed it" in text and "Email Sam Manager only." in text
    page = get(client, f"/staff/restrictions/{rid}")
    _post(client, f"/staff/restrictions/{rid}/review", page,
          {"review-outcome": "lift", "review-note": "No contact of concern since."})
    with app.app_context():
        restriction = db.session.get(Restriction, rid)
        assert restriction.status == "lifted"
        text = pdf_text(db.session.get(Document, restriction.letter_id).file.data)
        assert "We have lifted it" in text
        assert len(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "restriction")).all()) == 4
        assert re.search(r"lifted", db.session.scalars(select(RestrictionEvent.summary).where(
            RestrictionEvent.restriction_id == rid).order_by(RestrictionEvent.id.desc()))
            .first(), re.I)
    assert "Restriction on contact" not in get(client, f"/staff/complaints/{ref}")
    assert "Lifted" in get(client, "/staff/restrictions")
