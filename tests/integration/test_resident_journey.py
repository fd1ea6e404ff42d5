"""A resident registers, makes a two-issue complaint with a file, and follows it."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Document, Draft, Event, OutboxMessage, User
from tests.support.factories import make_complaint, make_resident
from tests.support.web import csrf_token, get, post, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _last_email(to: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id.desc())
    ).first()


def _link(message: OutboxMessage) -> str:
    url = re.search(r"http://127\.0\.0\.1:5000(/\S+)", message.text).group(1)
    return url


def test_register_verify_sign_in_and_out(client, app):
    get(client, "/register")
    response = post(client, "/register", {
        "name": "Sam Resident", "email": "Sam@Example.org",
        "password": "a long passphrase", "confirm": "a long passphrase"}, status=303)
    assert response.headers["Location"].endswith("/check-your-email")
    page = get(client, "/check-your-email").get_data(as_text=True)
    assert "sam@example.org" in page
    with app.app_context():
        message = _last_email("sam@example.org")
        assert message.kind == "verify_email"
        assert "Sam" not in message.subject  # no personal detail in the subject
        link = _link(message)
    # Not verified yet: sign-in sends them to check their email.
    response = post(client, "/sign-in", {"email": "sam@example.org",
                                         "password": "a long passphrase"}, status=303)
    assert response.headers["Location"].endswith("/check-your-email")
    assert client.get(link).status_code == 303  # confirmed, and signed in
    get(client, "/complaints")
    post(client, "/sign-out", from_url="/complaints", status=303)
    assert client.get("/complaints").status_code == 302  # to sign-in
    sign_in(client, "sam@example.org", "a long passphrase")
    get(client, "/complaints")


def test_registration_never_reveals_an_existing_account(client, app):
    with app.app_context():
        make_resident(email="taken@example.org")
    first = post(client, "/register", {"name": "X", "email": "taken@example.org",
                                       "password": "another passphrase",
                                       "confirm": "another passphrase"}, status=303)
    second = post(client, "/register", {"name": "X", "email": "new@example.org",
                                        "password": "another passphrase",
                                        "confirm": "another passphrase"}, status=303)
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert _last_email("taken@example.org").kind == "account_exists"
        assert _last_email("new@example.org").kind == "verify_email"


def test_password_reset_by_emailed_link_works_once(client, app):
    with app.app_context():
        make_resident(email="forgot@example.org")
    unknown = post(client, "/forgot-password", {"email": "nobody@example.org"}, status=303)
    known = post(client, "/forgot-password", {"email": "forgot@example.org"}, status=303)
    assert unknown.headers["Location"] == known.headers["Location"]
    with app.app_context():
        link = _link(_last_email("forgot@example.org"))
        assert _last_email("nobody@example.org") is None
    get(client, link)
    post(client, link, {"password": "brand new passphrase",
                        "confirm": "brand new passphrase"}, status=303)
    get(client, link, status=400)  # used: the link no longer works
    sign_in(client, "forgot@example.org", "brand new passphrase")


def test_sign_in_with_wrong_password_shows_an_error_summary(client, app):
    with app.app_context():
        make_resident(email="jo@example.org")
    response = post(client, "/sign-in", {"email": "jo@example.org", "password": "wrong"},
                    status=400)
    html = response.get_data(as_text=True)
    assert "<title>Error: Sign in" in html
    assert "Enter a correct email address and password" in html


def _start(client) -> str:
    response = post(client, "/complaints/new", from_url="/complaints", status=303)
    return response.headers["Location"]


def test_make_a_two_issue_complaint_with_an_upload(client, app):
    with app.app_context():
        make_resident(email="maker@example.org", name="Maker")
    sign_in(client, "maker@example.org")
    url = _start(client)
    base = url.rsplit("/", 1)[0]
    get(client, url)
    # An empty answer re-renders with an error summary naming what to fix.
    response = post(client, url, {}, status=200)
    assert "Select what your complaint is about" in response.get_data(as_text=True)
    post(client, url, {"category": "repairs", "health": "no"}, status=303)
    issue0 = f"{base}/issues/0"
    bad = post(client, issue0, {"summary": "Damp", "details": "Mould everywhere",
                                "happened_on-day": "31", "happened_on-month": "2",
                                "happened_on-year": "2026", "outcome_wanted": ""})
    html = bad.get_data(as_text=True)
    assert "The date it happened must be a real date" in html
    assert "Tell us what you would like us to do to put it right" in html
    assert "Mould everywhere" in html  # nothing typed is lost
    post(client, issue0, {"summary": "Damp", "details": "Mould everywhere",
                          "happened_on-day": "1", "happened_on-month": "10",
                          "happened_on-year": "2026", "outcome_wanted": "Fix it"}, status=303)
    post(client, f"{base}/issues", {"another": "yes"}, status=303)
    post(client, f"{base}/issues/1", {"summary": "Missed visit", "details": "Nobody came",
                                      "outcome_wanted": "Apology"}, status=303)
    post(client, f"{base}/issues", {"another": "no"}, status=303)
    post(client, f"{base}/questions", {"screening": "none"}, status=303)
    post(client, f"{base}/contact", {"contact_method": "phone"}, status=200)  # needs a number
    post(client, f"{base}/contact", {"contact_method": "phone",
                                     "contact_phone": "07700 900982"}, status=303)
    post(client, f"{base}/adjustments", {"adjustments": "large_print"}, status=303)
    post(client, f"{base}/support", {"vulnerability": ""}, status=303)
    # A bad upload is refused by its content, and what was typed survives.
    page = client.get(f"{base}/evidence")
    token = csrf_token(page.get_data(as_text=True))
    bad = client.post(f"{base}/evidence", data={
        "csrf_token": token, "action": "upload",
        "files": (io.BytesIO(b"MZ\x90\x00not really a photo"), "photo.jpg")},
        content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "photo.jpg must be a photo" in bad.get_data(as_text=True)
    good = client.post(f"{base}/evidence", data={
        "csrf_token": token, "action": "continue",
        "files": (io.BytesIO(PNG), "damp.png")}, content_type="multipart/form-data")
    assert good.status_code == 303
    check = get(client, f"{base}/check").get_data(as_text=True)
    for text in ("Damp", "Missed visit", "Large print", "damp.png", "07700 900982"):
        assert text in check
    response = post(client, f"{base}/check", status=303)
    confirmation = get(client, response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"CMP-\d{4}-\d{6}", confirmation).group(0)
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "Received: we are checking it" in page
    assert "How we worked this out" in page
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert [i.summary for i in complaint.issues] == ["Damp", "Missed visit"]
        assert complaint.adjustments == ["large_print"]
        assert [d.filename for d in complaint.documents] == ["damp.png"]
        assert db.session.scalar(select(Draft)) is None
        assert _last_email("maker@example.org").kind == "complaint_received"
        document_id = complaint.documents[0].id
    download = client.get(f"/complaints/{reference}/documents/{document_id}")
    assert download.status_code == 200 and download.data == PNG


def test_screening_warns_but_still_lets_them_submit(client, app):
    with app.app_context():
        make_resident(email="late@example.org")
    sign_in(client, "late@example.org")
    url = _start(client)
    base = url.rsplit("/", 1)[0]
    post(client, url, {"category": "repairs", "health": "no"}, status=303)
    post(client, f"{base}/issues/0", {"summary": "Old leak", "details": "Years ago",
                                      "happened_on-day": "1", "happened_on-month": "1",
                                      "happened_on-year": "2020",
                                      "outcome_wanted": "Pay"}, status=303)
    post(client, f"{base}/issues", {"another": "no"}, status=303)
    post(client, f"{base}/questions", {"screening": ["legal", "insurance"]}, status=303)
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    page = get(client, f"{base}/check").get_data(as_text=True)
    assert "We may not be able to accept this as a complaint" in page
    assert "more than 12 months" in page  # the Code profile's limit, 2.3
    assert "Legal proceedings have started" in page
    assert "0300 111 3000" in page
    response = post(client, f"{base}/check", status=303)
    assert "/confirmation" in response.headers["Location"]


def test_a_resident_cannot_open_another_residents_complaint(client, app):
    with app.app_context():
        owner = make_resident(email="owner@example.org")
        complaint = make_complaint(owner)
        reference = complaint.reference
        make_resident(email="nosy@example.org")
    sign_in(client, "nosy@example.org")
    for url in (f"/complaints/{reference}", f"/complaints/{reference}/withdraw",
                f"/complaints/{reference}/add-information", f"/complaints/{reference}/documents/1"):
        get(client, url, status=404)


def test_withdraw_and_add_information(client, app):
    with app.app_context():
        owner = make_resident(email="w@example.org")
        reference = make_complaint(owner).reference
    sign_in(client, "w@example.org")
    post(client, f"/complaints/{reference}/add-information", {"text": "Another photo soon"},
         status=303)
    post(client, f"/complaints/{reference}/withdraw", {"reason": "Sorted now"}, status=303)
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "Withdrawn" in page and "Another photo soon" in page
    # Withdrawn: no more changes.
    response = post(client, f"/complaints/{reference}/add-information", {"text": "More"},
                    from_url=f"/complaints/{reference}", status=400)
    assert "You cannot do that now" in response.get_data(as_text=True)
    with app.app_context():
        kinds = db.session.scalars(select(Event.kind).order_by(Event.id)).all()
        assert kinds == ["complaint_submitted", "information_added", "complaint_withdrawn"]


def test_post_without_csrf_token_is_refused(client, app):
    with app.app_context():
        make_resident(email="c@example.org")
    sign_in(client, "c@example.org")
    response = client.post("/complaints/new")
    assert response.status_code == 400
    assert "session has expired" in response.get_data(as_text=True)


def test_staff_are_sent_to_their_own_area(client, app):
    from tests.support.factories import make_staff

    with app.app_context():
        staff = make_staff("case_handler")
        email = staff.email
        assert db.session.get(User, staff.id).is_staff
    sign_in(client, email)
    response = client.get("/complaints")
    assert response.status_code == 303 and "/staff" in response.headers["Location"]


def test_documents_are_stored_once(app):
    from portal.services.records.documents import add_document, check_upload

    with app.app_context():
        checked = check_upload("a.png", PNG)
        first = add_document(kind="evidence", checked=checked, uploaded_by_id=None)
        second = add_document(kind="evidence", checked=checked, uploaded_by_id=None)
        db.session.commit()
        assert first.file_id == second.file_id
        assert db.session.scalar(select(Document).where(Document.id == first.id)).file.size == 72


def test_a_database_failure_while_sending_loses_nothing(client, app, monkeypatch):
    """The email is written last in the transaction; make it fail. No complaint,
    no half-made issues, the draft and its file still there, a clear message."""
    from sqlalchemy.exc import OperationalError

    from portal.data.models import Issue
    from portal.services.intake import submission

    with app.app_context():
        make_resident(email="fail@example.org")
    sign_in(client, "fail@example.org")
    url = _start(client)
    base = url.rsplit("/", 1)[0]
    post(client, url, {"category": "repairs", "health": "no"}, status=303)
    post(client, f"{base}/issues/0", {"summary": "Broken boiler", "details": "No heating",
                                      "outcome_wanted": "Fix it"}, status=303)
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    page = client.get(f"{base}/evidence")
    client.post(f"{base}/evidence", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "action": "upload",
        "files": (io.BytesIO(PNG), "boiler.png")}, content_type="multipart/form-data")

    def broken(*args, **kwargs):
        raise OperationalError("INSERT INTO outbox_messages", {}, Exception("disk I/O error"))

    monkeypatch.setattr(submission, "queue_email", broken)
    response = post(client, f"{base}/check", status=503)
    html = response.get_data(as_text=True)
    assert "<title>Error: Check your answers" in html
    assert "We could not send your complaint just now" in html
    assert "Broken boiler" in html and "boiler.png" in html
    with app.app_context():
        assert db.session.scalar(select(Complaint)) is None
        assert db.session.scalar(select(Issue)) is None
        draft = db.session.scalar(select(Draft))
        assert draft.answers["issues"][0]["summary"] == "Broken boiler"
        assert [d.filename for d in draft.documents] == ["boiler.png"]
    monkeypatch.undo()
    response = post(client, f"{base}/check", status=303)
    assert "/confirmation" in response.headers["Location"]
