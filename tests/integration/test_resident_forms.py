"""The resident's complaint form, question by question, through the real routes: the
address for letters and the phone number, dates that cannot be in the future, the
questions a representative sees about the resident, plain singular and plural words,
and adding a file on its own to an open complaint."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Draft, Event, User
from portal.services.correspondence.recipients import letter_addressee
from portal.services.intake import drafts as complaint_service
from portal.services.records import clock
from portal.web.filters import file_size
from tests.integration.test_representation_support import LETTER, make_representative
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import csrf_token, get, post, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NO_ADDRESS = {"address_line_1": "", "address_line_2": "", "address_town": "",
              "address_postcode": ""}


def _start(client) -> str:
    """A new draft, with the questions before the contact step answered; its base URL."""
    response = post(client, "/complaints/new", from_url="/complaints", status=303)
    base = response.headers["Location"].rsplit("/", 1)[0]
    _answer_up_to_contact(client, base)
    return base


def _answer_up_to_contact(client, base: str) -> None:
    post(client, f"{base}/category", {"category": "repairs", "health": "no"}, status=303)
    post(client, f"{base}/issues/0", {"summary": "Damp", "details": "Mould in the bedroom",
                                      "outcome_wanted": "Fix it"}, status=303)
    post(client, f"{base}/issues", {"another": "no"}, status=303)
    post(client, f"{base}/questions", {"screening": "none"}, status=303)


def _finish_and_send(client, base: str) -> str:
    post(client, f"{base}/adjustments", {}, status=303)
    post(client, f"{base}/support", {}, status=303)
    post(client, f"{base}/evidence", {"action": "continue"}, status=303)
    sent = post(client, f"{base}/check", status=303)
    return re.search(r"CMP-\d{4}-\d{6}", sent.headers["Location"]).group(0)


def _user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def _draft() -> Draft:
    db.session.expire_all()
    return db.session.scalar(select(Draft))


# -- 1. the address for letters, and the phone number ------------------------------------


def test_letter_asks_for_an_address_which_goes_on_the_account_when_the_complaint_is_sent(
        client, app):
    with app.app_context():
        make_resident(email="post@example.org", name="Pat Post")
    sign_in(client, "post@example.org")
    base = _start(client)
    page = get(client, f"{base}/contact").get_data(as_text=True)
    assert "Your address for letters" in page
    assert "Needed for a letter. We will keep it with your account." in page

    # Letter with no address: each box named, and what was typed is kept.
    response = post(client, f"{base}/contact", {
        "contact_method": "letter", **NO_ADDRESS, "contact_times": "Weekday mornings"},
        status=200)
    html = response.get_data(as_text=True)
    assert "<title>Error: How should we contact you about your complaint?" in html
    for message in ("Enter address line 1, typically the building and street",
                    "Enter town or city", "Enter postcode"):
        assert message in html
    assert 'value="Weekday mornings"' in html
    assert "Enter the first line" not in html

    # A postcode that is not one, checked as petitions and representatives check it.
    response = post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "Flat 3, 12 High Street",
        "address_town": "London", "address_postcode": "SW1A"}, status=200)
    html = response.get_data(as_text=True)
    assert "Enter a full UK postcode, like SW1A 1AA" in html
    assert 'value="Flat 3, 12 High Street"' in html and 'value="SW1A"' in html

    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "Flat 3, 12 High Street",
        "address_line_2": "", "address_town": "London", "address_postcode": "sw1a1aa"},
        status=303)
    with app.app_context():
        assert _draft().answers["letter_address"] == {
            "line_1": "Flat 3, 12 High Street", "line_2": "", "town": "London",
            "postcode": "SW1A 1AA"}
        assert _user("post@example.org").address is None  # not before it is sent
    # Back on the question, the address is there to check.
    page = get(client, f"{base}/contact").get_data(as_text=True)
    assert 'value="Flat 3, 12 High Street"' in page and 'value="SW1A 1AA"' in page
    post(client, f"{base}/adjustments", {}, status=303)
    check = get(client, f"{base}/check").get_data(as_text=True)
    assert "Address for letters" in check
    assert "Flat 3, 12 High Street, London, SW1A 1AA" in check

    reference = _finish_and_send(client, base)
    with app.app_context():
        user = _user("post@example.org")
        assert (user.address, user.postcode) == ("Flat 3, 12 High Street\nLondon", "SW1A 1AA")
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert complaint.contact_method == "letter"
        # Staff's letter now has somewhere to go.
        assert letter_addressee(complaint)["recipient"]["address_lines"] == [
            "Flat 3", "12 High Street", "London", "SW1A 1AA"]


def test_an_address_on_the_account_is_shown_and_can_be_changed(client, app):
    with app.app_context():
        make_resident(email="known@example.org", address="1 Example Street\nLondon",
                      postcode="E1 1AA")
    sign_in(client, "known@example.org")
    base = _start(client)
    page = get(client, f"{base}/contact").get_data(as_text=True)
    assert "This is the address we have for you" in page
    assert 'value="1 Example Street"' in page and 'value="London"' in page
    assert 'value="E1 1AA"' in page
    # Kept as it is: it is sent with the form, unchanged.
    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "1 Example Street",
        "address_town": "London", "address_postcode": "E1 1AA"}, status=303)
    # Changed: a move to a new flat.
    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "Flat 9, Canal House",
        "address_line_2": "2 Wharf Road", "address_town": "London",
        "address_postcode": "n1 7gu"}, status=303)
    with app.app_context():
        assert _user("known@example.org").address == "1 Example Street\nLondon"
    _finish_and_send(client, base)
    with app.app_context():
        user = _user("known@example.org")
        assert user.address == "Flat 9, Canal House\n2 Wharf Road\nLondon"
        assert user.postcode == "N1 7GU"


def test_without_javascript_the_address_is_asked_for_only_with_letter(client, app):
    """Every field shows without JavaScript, and a browser sends every box: an email
    contact with empty or half-typed address boxes is not held up by them, and nothing
    unchecked reaches the account."""
    with app.app_context():
        make_resident(email="nojs@example.org")
    sign_in(client, "nojs@example.org")
    base = _start(client)
    post(client, f"{base}/contact", {
        "contact_method": "email", **NO_ADDRESS, "address_postcode": "not a postcode"},
        status=303)
    with app.app_context():
        assert _draft().answers.get("letter_address") is None
    _finish_and_send(client, base)
    with app.app_context():
        user = _user("nojs@example.org")
        assert (user.address, user.postcode) == (None, None)


def test_switching_away_from_letter_drops_the_address_from_the_draft(client, app):
    with app.app_context():
        make_resident(email="switch@example.org")
    sign_in(client, "switch@example.org")
    base = _start(client)
    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "3 Park Road", "address_town": "Leeds",
        "address_postcode": "LS1 4AP"}, status=303)
    post(client, f"{base}/contact", {"contact_method": "email", "address_line_1": "3 Park Road",
                                     "address_town": "Leeds", "address_postcode": "LS1 4AP"},
         status=303)
    _finish_and_send(client, base)
    with app.app_context():
        assert _user("switch@example.org").address is None


def test_a_phone_call_or_a_text_needs_a_number(client, app):
    with app.app_context():
        make_resident(email="phone@example.org")
    sign_in(client, "phone@example.org")
    base = _start(client)
    for method, message in (("phone", "Enter a phone number so we can call you"),
                            ("text", "Enter a phone number so we can text you")):
        response = post(client, f"{base}/contact", {
            "contact_method": method, "contact_phone": "  ", **NO_ADDRESS,
            "contact_times": "After 6pm"}, status=200)
        html = response.get_data(as_text=True)
        assert message in html
        assert 'href="#contact_phone"' in html  # the summary links to the box
        assert 'value="After 6pm"' in html
    post(client, f"{base}/contact", {"contact_method": "text", "contact_phone": "07700 900982",
                                     **NO_ADDRESS}, status=303)
    with app.app_context():
        assert _draft().answers["contact_phone"] == "07700 900982"


def test_a_letter_draft_without_an_address_cannot_be_sent(client, app):
    """A draft saved before the address was asked for: the check page sends them back."""
    with app.app_context():
        resident = make_resident(email="old@example.org")
        draft = complaint_service.new_draft(resident)
        complaint_service.save_answers(draft, category="repairs", contact_method="letter",
                                       adjustments=[], screening=["none"])
        complaint_service.save_issue(draft, None, {"summary": "Leak", "details": "Roof",
                                                   "outcome_wanted": "Fix it"})
        draft_id = draft.id
    sign_in(client, "old@example.org")
    response = post(client, f"/complaints/new/{draft_id}/check", status=400)
    assert "Answer the question about how to contact you" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Complaint)) is None


# -- 2. dates -----------------------------------------------------------------------------


def _date(prefix: str, when) -> dict:
    return {f"{prefix}-day": str(when.day), f"{prefix}-month": str(when.month),
            f"{prefix}-year": str(when.year)}


def test_when_it_happened_and_when_they_knew_cannot_be_in_the_future(client, app):
    with app.app_context():
        make_resident(email="dates@example.org")
        today = clock.today()
    sign_in(client, "dates@example.org")
    response = post(client, "/complaints/new", from_url="/complaints", status=303)
    base = response.headers["Location"].rsplit("/", 1)[0]
    issue = {"summary": "Damp", "details": "Mould", "outcome_wanted": "Fix it"}
    response = post(client, f"{base}/issues/0", {
        **issue, "happened_on-day": "1", "happened_on-month": "1", "happened_on-year": "2030"},
        status=200)
    html = response.get_data(as_text=True)
    assert "The date it happened must be today or in the past" in html
    assert 'value="2030"' in html and ">Mould</textarea>" in html  # nothing typed is lost
    tomorrow = today + timedelta(days=1)
    response = post(client, f"{base}/issues/0", {
        **issue, **_date("happened_on", today), **_date("aware_on", tomorrow)}, status=200)
    assert ("The date you became aware of it must be today or in the past"
            in response.get_data(as_text=True))
    post(client, f"{base}/issues/0", {
        **issue, **_date("happened_on", today), **_date("aware_on", today)}, status=303)
    with app.app_context():
        assert _draft().answers["issues"][0]["happened_on"] == today.isoformat()


# -- 3. a representative's questions speak of the resident ------------------------------


def _start_for(client, about: dict) -> str:
    page = get(client, "/representing/new").get_data(as_text=True)
    response = client.post("/representing/new", data={
        "method": "letter", "letter": (io.BytesIO(LETTER), "authority.pdf"),
        "relationship": "relative", "scope": "complaint", "correspondence_to": "both",
        **about, "csrf_token": csrf_token(page)}, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[0]


DEV = {"resident_name": "Dev Patel", "resident_address": "Flat 2, 10 Mill Lane\nLondon",
       "resident_postcode": "e1 1aa"}


def test_a_representative_is_asked_about_the_resident_by_name(client, app):
    with app.app_context():
        make_representative(email="sister@example.org", name="Asha Patel")
    sign_in(client, "sister@example.org")
    base = _start_for(client, DEV)
    _answer_up_to_contact(client, base)
    page = get(client, f"{base}/issues/0").get_data(as_text=True)
    assert "When did Dev Patel become aware of it?" in page
    page = get(client, f"{base}/questions").get_data(as_text=True)
    assert "Dev Patel has started legal proceedings" in page
    assert "I have started legal proceedings" not in page

    page = get(client, f"{base}/contact").get_data(as_text=True)
    assert "<title>How should we contact Dev Patel about the complaint?" in page
    assert "contact you" not in page
    assert "This is the address you gave for Dev Patel" in page
    assert 'value="Flat 2, 10 Mill Lane"' in page and 'value="E1 1AA"' in page
    html = post(client, f"{base}/contact", {}, status=200).get_data(as_text=True)
    assert "Select how we should contact Dev Patel" in html
    html = post(client, f"{base}/contact", {"contact_method": "phone", **NO_ADDRESS},
                status=200).get_data(as_text=True)
    assert "Enter a phone number so we can call Dev Patel" in html
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)

    page = get(client, f"{base}/adjustments").get_data(as_text=True)
    assert "<title>Does Dev Patel need anything to help them with the complaint?" in page
    assert "Do you need anything" not in page
    html = post(client, f"{base}/adjustments", {"adjustments": "other"},
                status=200).get_data(as_text=True)
    assert "Tell us what they need" in html
    post(client, f"{base}/adjustments", {}, status=303)

    page = get(client, f"{base}/support").get_data(as_text=True)
    assert "<title>Is there anything else you would like us to know about Dev Patel?" in page
    assert "Only tell us what Dev Patel is happy for us to know" in page
    assert "If you or someone else is in danger" not in page
    post(client, f"{base}/support", {}, status=303)

    check = get(client, f"{base}/check").get_data(as_text=True)
    assert "Who the complaint is for" in check
    assert "You are making this complaint for Dev Patel" in check
    assert "How we contact Dev Patel" in check and "Help Dev Patel needs" in check
    assert "How we contact you" not in check and "Help you need" not in check


def test_the_residents_own_questions_still_say_you(client, app):
    with app.app_context():
        make_resident(email="own@example.org")
    sign_in(client, "own@example.org")
    base = _start(client)
    assert "<title>How should we contact you about your complaint?" in get(
        client, f"{base}/contact").get_data(as_text=True)
    assert "<title>Do you need anything to help you with your complaint?" in get(
        client, f"{base}/adjustments").get_data(as_text=True)
    assert "<title>Is there anything else you would like us to know? –" in get(
        client, f"{base}/support").get_data(as_text=True)
    assert "I have started legal proceedings" in get(
        client, f"{base}/questions").get_data(as_text=True)
    assert "Who the complaint is for" not in get(client, f"{base}/check").get_data(as_text=True)


def test_a_letter_for_someone_new_goes_to_the_address_given(client, app):
    with app.app_context():
        make_representative(email="son@example.org", name="Ravi Patel")
    sign_in(client, "son@example.org")
    base = _start_for(client, DEV)
    _answer_up_to_contact(client, base)
    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "Flat 5, 10 Mill Lane",
        "address_town": "London", "address_postcode": "E1 1AA"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    post(client, f"{base}/support", {}, status=303)
    post(client, f"{base}/evidence", {"action": "continue"}, status=303)
    post(client, f"{base}/check", status=303)
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.resident.name == "Dev Patel"
        assert complaint.resident.address == "Flat 5, 10 Mill Lane\nLondon"


def test_a_representative_does_not_replace_an_existing_accounts_address(client, app):
    """Their authority is not checked yet: letters keep going where the resident said."""
    with app.app_context():
        make_resident(email="dev@example.org", name="Dev Patel", address="7 Old Road\nLondon",
                      postcode="E2 7AA")
        make_representative(email="someone@example.org", name="Sam Someone")
    sign_in(client, "someone@example.org")
    base = _start_for(client, {**DEV, "resident_email": "dev@example.org"})
    _answer_up_to_contact(client, base)
    post(client, f"{base}/contact", {
        "contact_method": "letter", "address_line_1": "99 Elsewhere Street",
        "address_town": "Leeds", "address_postcode": "LS1 4AP"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    post(client, f"{base}/support", {}, status=303)
    post(client, f"{base}/evidence", {"action": "continue"}, status=303)
    post(client, f"{base}/check", status=303)
    with app.app_context():
        user = _user("dev@example.org")
        assert (user.address, user.postcode) == ("7 Old Road\nLondon", "E2 7AA")


# -- 4. singular and plural, and small files -------------------------------------------------


def test_one_issue_one_file_and_a_tiny_file_in_plain_words(client, app):
    with app.app_context():
        make_resident(email="words@example.org")
        staff_email = make_staff("complaints_manager").email
    sign_in(client, "words@example.org")
    base = _start(client)
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    post(client, f"{base}/support", {}, status=303)
    page = client.get(f"{base}/evidence")
    response = client.post(f"{base}/evidence", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "action": "upload",
        "files": (io.BytesIO(PNG), "damp.png")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "1 file added." in response.get_data(as_text=True)
    assert "file(s)" not in response.get_data(as_text=True)
    sent = post(client, f"{base}/check", status=303)
    reference = re.search(r"CMP-\d{4}-\d{6}", sent.headers["Location"]).group(0)
    with app.app_context():
        summary = db.session.scalar(select(Event.summary).where(
            Event.kind == "complaint_submitted"))
        assert summary == "Complaint received with 1 issue"
    post(client, "/sign-out", from_url="/complaints", status=303)
    sign_in(client, staff_email)
    page = get(client, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "less than 1 KB" in page and "0 KB" not in page


def test_two_issues_are_two_issues(app):
    with app.app_context():
        make_complaint()
        assert db.session.scalar(select(Event.summary)) == "Complaint received with 2 issues"


def test_file_sizes_in_words():
    assert file_size(0) == "less than 1 KB"
    assert file_size(72) == "less than 1 KB"
    assert file_size(1023) == "less than 1 KB"
    assert file_size(1024) == "1 KB"
    assert file_size(35 * 1024 + 100) == "35 KB"
    assert file_size(int(2.4 * 1024 * 1024)) == "2.4 MB"


# -- 5. adding information: a file on its own is enough ------------------------------------


def _add(client, reference: str, text: str, files: list[tuple[bytes, str]]):
    url = f"/complaints/{reference}/add-information"
    page = client.get(url)
    return client.post(url, data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "text": text,
        "files": [(io.BytesIO(data), name) for data, name in files]},
        content_type="multipart/form-data")


def test_a_photo_on_its_own_can_be_added_to_an_open_complaint(client, app):
    with app.app_context():
        reference = make_complaint(make_resident(email="photo@example.org")).reference
    sign_in(client, "photo@example.org")
    response = _add(client, reference, "", [(PNG, "leak.png")])
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    # Neither: one of the two is asked for.
    response = _add(client, reference, "  ", [])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the information you want to add, or select a file to upload" in html
    # Both, with plain plurals.
    response = _add(client, reference, "Two more photos", [(PNG, "a.png"), (PNG, "b.png")])
    assert response.status_code == 303
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert sorted(d.filename for d in complaint.documents) == ["a.png", "b.png", "leak.png"]
        summaries = db.session.scalars(select(Event.summary).where(
            Event.kind == "information_added").order_by(Event.id)).all()
        assert summaries == ["Added 1 file: leak.png",
                             "Added more information and 2 files: a.png, b.png"]
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "Added 1 file: leak.png" in page


def test_health_or_safety_is_asked_and_a_yes_reaches_staff_as_urgent(app, client):
    """Issue 15 item 6: "Is anyone's health or safety affected?" is asked with the
    category; a yes needs the resident's words, and flags the complaint as urgent in the
    staff queue and on the staff page, with their words beside the disclosure answer."""
    with app.test_request_context():
        resident = make_resident("Ada Lovelace")
        draft = complaint_service.new_draft(resident)
        draft_id, email, resident_id = draft.id, resident.email, resident.id
        manager = make_staff("complaints_manager").email
    sign_in(client, email)
    base = f"/complaints/new/{draft_id}"
    page = post(client, f"{base}/category", {"category": "damp_mould_leak"}, status=200)
    assert "Select yes if anyone’s health or safety is affected" in page.get_data(as_text=True)
    page = post(client, f"{base}/category", {"category": "damp_mould_leak", "health": "yes"},
                status=200)
    assert "Tell us whose health or safety is affected, and how" in page.get_data(as_text=True)
    words = "Black mould in my son's room; his asthma is worse"
    post(client, f"{base}/category", {"category": "damp_mould_leak", "health": "yes",
                                      "health_detail": words}, status=303)
    with app.test_request_context():
        draft = complaint_service.draft_for(db.session.get(User, resident_id), draft_id)
        complaint_service.save_answers(draft, issues=[{"summary": "Mould", "details": "Mould",
                                            "outcome_wanted": "Fix it"}],
                            contact_method="email", adjustments=[])
    assert "Yes: Black mould" in get(client, f"{base}/check").get_data(as_text=True)
    post(client, f"{base}/check", {}, status=303)
    with app.app_context():
        made = db.session.query(Complaint).one()
        assert (made.health_risk, made.health_detail, made.category) == (
            True, words, "damp_mould_leak")
        reference = made.reference
    staff = app.test_client()
    sign_in(staff, manager)
    queue = get(staff, "/staff").get_data(as_text=True)
    assert "Urgent: health or safety" in queue and "Damp, mould or a leak" in queue
    page = get(staff, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "Urgent: the resident says someone’s health or safety is affected" in page
    assert "Black mould in my son&#39;s room" in page
