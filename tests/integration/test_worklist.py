"""The staff work list (seed 000 acceptance: "where the preferred method is a letter or a
phone call, the portal puts a task on a staff work list (with the letter PDF to print, in
large print where asked) instead of sending an email"): the list, the task, the letter
to print, marking it done once, and who may see it."""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import ContactLog, ContactTask, Event, OutboxMessage
from portal.services.correspondence import worklist
from tests.integration.test_representation_support import pdf_text, respond_to
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    get,
    hidden,
    sign_in,
    staff_and_complaint,
)
from tests.pagecheck import check_page
from tests.support.factories import make_complaint, make_resident, make_staff

LIST = "/staff/contact-tasks"


def _tasks(reference: str) -> list[ContactTask]:
    found = complaint(reference)
    return list(db.session.scalars(select(ContactTask).where(
        ContactTask.complaint_id == found.id).order_by(ContactTask.id)))


def _mail(reference: str) -> list[OutboxMessage]:
    found = complaint(reference)
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.complaint_id == found.id)))


def _events(reference: str, kind: str = "contact_task_done") -> list[Event]:
    found = complaint(reference)
    return list(db.session.scalars(select(Event).where(
        Event.complaint_id == found.id, Event.kind == kind).order_by(Event.id)))


def _contacts(reference: str) -> list[ContactLog]:
    found = complaint(reference)
    return list(db.session.scalars(select(ContactLog).where(
        ContactLog.complaint_id == found.id)))


def _acknowledged(app, client, method: str, **complaint_args):
    """A complaint whose resident chose `method`, acknowledged through the staff page by
    a signed-in complaints manager: (reference, the acknowledgement task's id)."""
    email, ref = staff_and_complaint(app, contact_method=method, **complaint_args)
    with app.app_context():
        resident = complaint(ref).resident
        resident.phone = "07700 900123"
        db.session.commit()
    sign_in(client, email)
    acknowledge(client, ref)
    with app.app_context():
        [task] = _tasks(ref)
        return ref, task.id


def _body_size(data: bytes, words: str) -> float:
    """The printed size, in points, of the text run that contains `words`."""
    sizes = []

    def visit(text, cm, tm, _font, size):
        if words in text:
            sizes.append(size * tm[0] * cm[0])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    assert sizes, f"{words!r} not on page 1"
    return sizes[0]


def test_a_large_print_letter_task_instead_of_an_email(app, client):
    ref, task_id = _acknowledged(app, client, "letter", adjustments=("large_print",))
    with app.app_context():
        assert [m.kind for m in _mail(ref) if m.kind == "acknowledged"] == []
        [task] = _tasks(ref)
        assert (task.kind, task.method, task.large_print) == ("acknowledged", "letter", True)
        assert task.done_at is None and task.document_id is None

    # The list: the task, who, the complaint, and the count in the staff navigation.
    page = get(client, LIST)
    assert f"/staff/contact-tasks/{task_id}" in page and ref in page
    assert "We have acknowledged your complaint" in page and "Jo Resident" in page
    assert "Large print" in page and "Letters and calls to make (1)" in page

    # The task: the address, the message, the large print letter offered first.
    page = get(client, f"{LIST}/{task_id}")
    assert "Post a letter to Jo Resident" in page
    assert "1 Example Street" in page and "E1 1AA" in page
    assert "Damp in the bedroom; you want it fixed." in page
    assert "Download the large print letter to print (PDF)" in page
    assert page.index("?large=1") < page.index(f'{task_id}/letter.pdf"')

    # The letter: a real PDF on the letterhead, the greeting once, in large print (18pt).
    large = client.get(f"{LIST}/{task_id}/letter.pdf?large=1")
    assert large.status_code == 200 and large.mimetype == "application/pdf"
    assert large.data.startswith(b"%PDF-")
    disposition = large.headers["Content-Disposition"]
    assert "attachment" in disposition
    assert f"{ref}-acknowledged-letter-large-print.pdf" in disposition
    text = pdf_text(large.data)
    assert ref in text and "We have acknowledged your complaint" in text
    assert text.count("Dear Jo Resident") == 1 and "Yours sincerely" in text
    assert "Damp in the bedroom; you want it fixed." in text
    assert _body_size(large.data, "Your case handler is") >= 17.5
    standard = client.get(f"{LIST}/{task_id}/letter.pdf")
    assert standard.status_code == 200
    assert _body_size(standard.data, "Your case handler is") < 12.5

    # Marked as posted, with no note: gone from the list, in the done table, one event.
    response = act(client, f"{LIST}/{task_id}/done", {"outcome": ""},
                   page=get(client, f"{LIST}/{task_id}"))
    assert response.headers["Location"].endswith(LIST)
    page = get(client, LIST)
    assert "Letter marked as posted: Jo Resident" in page
    assert "Nothing to do" in page and "Letters and calls to make (0)" in page
    assert f"{LIST}/{task_id}" in page  # in "Done in the last 14 days"
    with app.app_context():
        [task] = _tasks(ref)
        assert task.done_at is not None and task.done_by.name.startswith("Sam")
        [event] = _events(ref)
        assert event.summary == "Letter posted: We have acknowledged your complaint"
        assert not event.internal  # the resident sees that we posted it
        assert _contacts(ref) == []


def test_a_phone_task_is_done_once_and_counts_as_a_contact(app, client):
    ref, task_id = _acknowledged(app, client, "phone")
    with app.app_context():
        assert [m.kind for m in _mail(ref) if m.kind == "acknowledged"] == []
    url = f"{LIST}/{task_id}"
    page = get(client, url)
    assert "Phone Jo Resident" in page and "07700 900123" in page and "Mornings" in page
    assert "Damp in the bedroom; you want it fixed." in page

    # What happened is needed for a call; a long note keeps every word typed.
    response = act(client, f"{url}/done", {"outcome": "  ", "reached": "yes"}, status=400,
                   page=page)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#outcome"' in html
    assert "Enter what happened when you phoned" in html
    typed = "Spoke to Jo, message given. " * 80  # over the 2,000 character limit
    response = act(client, f"{url}/done", {"outcome": typed, "reached": "yes"}, status=400,
                   page=page)
    html = response.get_data(as_text=True)
    assert "2,000 characters or fewer" in html and typed.strip() in html
    with app.app_context():
        assert _tasks(ref)[0].done_at is None and _contacts(ref) == []

    act(client, f"{url}/done", {"outcome": "Spoke to Jo, message given.", "reached": "yes"},
        page=page)
    assert f"{url}\"" not in get(client, LIST).split("Done in the last")[0]
    with app.app_context():
        [contact] = _contacts(ref)
        assert (contact.method, contact.shared) == ("phone", False)
        assert "Spoke to Jo, message given." in contact.notes
        [event] = _events(ref)
        assert event.summary == "Phoned Jo Resident: Spoke to Jo, message given."
        assert event.internal

    # Sent again (a second tab, a double click): nothing is recorded twice.
    response = client.post(f"{url}/done", data={**hidden(page), "outcome": "Again",
                                                        "reached": "yes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    check_page(html, status=409)
    assert "already marked this as done" in html and "Nothing has been recorded again" in html
    with app.app_context():
        assert len(_contacts(ref)) == 1 and len(_events(ref)) == 1
        assert _tasks(ref)[0].outcome == "Spoke to Jo, message given."


def test_a_formal_letter_is_printed_exactly_as_stored(app, client):
    with app.test_request_context():
        staff = make_staff("case_handler", name="Hana Handler")
        resident = make_resident("Pat Post", address="3 Mill Lane", postcode="E1 1AA")
        made = make_complaint(resident, contact_method="letter", adjustments=("large_print",))
        respond_to(made, staff)
        ref, email = made.reference, staff.email
        [responded] = [t for t in _tasks(ref) if t.kind == "responded"]
        task_id = responded.id
        large_sha = hashlib.sha256(responded.large_print_document.file.data).hexdigest()
        standard_name = responded.document.filename
    sign_in(client, email)
    page = get(client, f"{LIST}/{task_id}")
    assert "our formal letter" in page
    large = client.get(f"{LIST}/{task_id}/letter.pdf?large=1")
    assert hashlib.sha256(large.data).hexdigest() == large_sha
    standard = client.get(f"{LIST}/{task_id}/letter.pdf")
    assert standard_name in standard.headers["Content-Disposition"]
    assert "Upheld" in pdf_text(standard.data) or "upheld" in pdf_text(standard.data)


def test_the_message_set_as_a_letter_drops_the_email_greeting_and_sign_off(app):
    with app.test_request_context():
        landlord = app.config["PORTAL"].landlord_name
        task = ContactTask(kind="extended", method="letter", recipient_name="Jo", subject="S",
                           text="Dear Jo,\n\nWe are writing to you on behalf of Sam.\n\n"
                                "First.\nSecond line.\n\nWhat happens next\n- One\n- Two\n\n"
                                f"{landlord}\n")
        assert [(b.kind, b.lines) for b in worklist.notice_blocks(task)] == [
            ("paragraph", ("First.", "Second line.")),
            ("heading", ("What happens next",)),
            ("list", ("One", "Two")),
        ]


def test_residents_and_roles_without_the_permission_cannot_see_the_work_list(app, client):
    ref, task_id = _acknowledged(app, client, "letter")
    urls = [LIST, f"{LIST}/{task_id}", f"{LIST}/{task_id}/letter.pdf"]
    client.post("/sign-out", data=hidden(get(client, LIST)))
    for url in urls:  # signed out: sign in first
        assert "/sign-in" in client.get(url).headers.get("Location", "")
    with app.app_context():
        resident_email = complaint(ref).resident.email
        admin_email = make_staff("administrator").email
    sign_in(client, resident_email)
    for url in urls:
        assert client.get(url).status_code == 404
    page = get(client, "/complaints")
    assert client.post(f"{LIST}/{task_id}/done",
                       data={**hidden(page), "outcome": "x"}).status_code == 404
    assert "Letters and calls to make" not in page
    client.post("/sign-out", data=hidden(page))
    sign_in(client, admin_email)
    for url in urls:
        assert client.get(url).status_code == 403
    assert "Letters and calls to make" not in get(client, "/staff")
    with app.app_context():
        assert _tasks(ref)[0].done_at is None
    assert client.get(f"{LIST}/999999").status_code == 403


def test_a_post_without_the_csrf_token_is_refused(app, client):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    ref, task_id = _acknowledged(app, client, "phone")
    response = client.post(f"{LIST}/{task_id}/done", data={"outcome": "Spoke to Jo"})
    assert response.status_code == 400
    with app.app_context():
        assert _tasks(ref)[0].done_at is None and _contacts(ref) == []
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      get(client, f"{LIST}/{task_id}")).group(1)
    response = client.post(f"{LIST}/{task_id}/done",
                           data={"outcome": "Spoke to Jo", "csrf_token": token,
                                 "reached": "yes"})
    assert response.status_code == 303


def test_an_unknown_task_is_not_found(app, client):
    email, _ref = staff_and_complaint(app)
    sign_in(client, email)
    get(client, f"{LIST}/999999", status=404)
    assert client.get(f"{LIST}/999999/letter.pdf").status_code == 404


def test_two_people_marking_the_same_task_done_record_it_once(app):
    """The second finds it already done inside its own transaction, even with a copy of
    the task loaded before the first committed."""
    with app.test_request_context():
        first, second = make_staff("case_handler", name="Ann"), make_staff("reviewer", name="Bo")
        made = make_complaint(make_resident("Phil Phone", phone="07700 900123"),
                              contact_method="phone")
        respond_to(made, first)
        ref = made.reference
        task = _tasks(ref)[0]
        stale_id = task.id
        db.session.commit()
        assert task.done_at is None  # this session's copy, loaded now
        # Another server marks it done meanwhile, on its own connection.
        with db.engine.begin() as other:
            other.execute(ContactTask.__table__.update().where(
                ContactTask.id == stale_id).values(done_at=task.created_at,
                                                   done_by_id=first.id, outcome="Spoke to Phil"))
        assert task.done_at is None  # still stale
        try:
            worklist.complete(second, task, "Spoke to Phil too")
        except worklist.AlreadyDone as error:
            assert "Ann already marked this as done" in str(error)
        else:
            raise AssertionError("marked done twice")
        db.session.expire_all()
        assert _events(ref) == [] and _contacts(ref) == []
        assert db.session.get(ContactTask, stale_id).outcome == "Spoke to Phil"


def test_the_complaint_page_partial_lists_the_complaints_open_tasks(app):
    """templates/staff/worklist/_complaint.html, for the staff complaint page."""
    from flask import render_template
    from flask_login import login_user

    with app.app_context():
        staff = make_staff("case_handler", name="Hana Handler")
        made = make_complaint(make_resident("Pat Post", address="3 Mill Lane"),
                              contact_method="letter")
        respond_to(made, staff)
        ref, staff_id = made.reference, staff.id
    with app.test_request_context(f"/staff/complaints/{ref}"):
        login_user(db.session.get(type(staff), staff_id))
        found = complaint(ref)
        html = render_template("staff/worklist/_complaint.html", c=found)
        assert html.count("/staff/contact-tasks/") == 2
        assert "We have acknowledged your complaint: letter to Pat Post" in html
        for task in _tasks(ref):
            task.done_at = task.created_at
        db.session.commit()
        assert "Letters and calls to make" not in render_template(
            "staff/worklist/_complaint.html", c=found)


def test_a_call_that_did_not_get_through_stays_on_the_list_and_keeps_no_promise(app, client):
    ref, task_id = _acknowledged(app, client, "phone")
    url = f"{LIST}/{task_id}"
    page = get(client, url)
    # Whether they were reached must be said.
    html = act(client, f"{url}/done", {"outcome": "No answer"}, status=400,
               page=page).get_data(as_text=True)
    assert "Select whether you spoke to them" in html and "No answer" in html
    act(client, f"{url}/done", {"outcome": "No answer, left a voicemail", "reached": "no"},
        page=page)
    with app.app_context():
        [task] = _tasks(ref)
        assert task.done_at is None and _contacts(ref) == []
        [event] = _events(ref, "contact_attempted")
        assert event.summary == "Tried to phone Jo Resident: No answer, left a voicemail"
        assert event.internal
    assert f"{url}\"" in get(client, LIST).split("Done in the last")[0]
    complaint_page = get(client, f"/staff/complaints/{ref}")
    assert "Letters and calls to make" in complaint_page and f'href="{url}"' in complaint_page


def test_a_call_replaced_by_a_posted_letter_is_done_without_a_contact(app, client):
    ref, task_id = _acknowledged(app, client, "phone")
    url = f"{LIST}/{task_id}"
    act(client, f"{url}/done", {"outcome": "Three tries, no answer", "reached": "posted"},
        page=get(client, url))
    with app.app_context():
        [task] = _tasks(ref)
        assert task.done_at is not None and _contacts(ref) == []
        [event] = _events(ref)
        assert event.summary == ("Letter posted (we could not reach Jo Resident by phone): "
                                 "We have acknowledged your complaint")
        assert not event.internal
        [note] = _events(ref, "contact_task_note")
        assert note.internal and note.summary == (
            "Note on the letter to Jo Resident: Three tries, no answer")


def test_a_letter_posted_instead_of_a_call_needs_no_note(app, client):
    ref, task_id = _acknowledged(app, client, "phone")
    url = f"{LIST}/{task_id}"
    act(client, f"{url}/done", {"outcome": "", "reached": "posted"}, page=get(client, url))
    with app.app_context():
        assert _tasks(ref)[0].done_at is not None
        assert _events(ref, "contact_task_note") == []


def test_the_staff_header_links_to_the_work_list_and_actions_on_every_page(app, client):
    email, _ref = staff_and_complaint(app)
    sign_in(client, email)
    for url in ("/staff", "/", "/our-complaints-policy"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "Letters and calls to make" in html and "Promised actions" in html, url


def test_a_letter_that_cannot_be_made_says_so_and_loses_nothing(app, client, monkeypatch):
    from portal.services.correspondence import letters

    ref, task_id = _acknowledged(app, client, "letter")

    def broken(*args, **kwargs):
        raise RuntimeError("the PDF engine failed")

    monkeypatch.setattr(letters, "render_pdf", broken)
    response = client.get(f"{LIST}/{task_id}/letter.pdf")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"{LIST}/{task_id}")
    page = get(client, f"{LIST}/{task_id}")
    assert "The letter could not be created" in page
    with app.app_context():
        assert _tasks(ref)[0].done_at is None


def test_after_acknowledging_staff_are_told_the_letter_is_waiting_not_that_an_email_went(
        app, client):
    ref, _task_id = _acknowledged(app, client, "letter")
    page = get(client, f"/staff/complaints/{ref}")
    assert "Complaint acknowledged. A letter to Jo Resident is waiting on Letters and calls " \
           "to make." in page
    assert "has been emailed" not in page
