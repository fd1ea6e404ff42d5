"""A representative acts for a resident, through the pages: registers, sends a complaint
"on behalf of" a resident with the resident's own complaint form, and follows it once
the resident's authority is verified by staff or confirmed by the resident (seeds 000
"How to make a complaint", 001 §2.5 and §8)."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Event, User
from portal.services.representation import authority as representation
from tests.integration.test_representation_support import (
    LETTER,
    authority_of,
    link,
    mail,
    make_representative,
)
from tests.pagecheck import check_page
from tests.support.factories import make_resident, make_staff
from tests.support.web import csrf_token, get, post, sign_in

ABOUT = {
    "resident_name": "Jo Resident", "resident_address": "Flat 2, 10 Mill Lane\nLondon",
    "resident_postcode": "e1 1aa", "relationship": "advocate",
    "organisation": "Citizens Advice Camden", "scope": "complaint",
    "correspondence_to": "both",
}


def _send_for_resident(client, about: dict, letter: bytes | None = LETTER) -> str:
    """The representative's form, then the resident's own complaint form; returns the
    reference of the complaint sent."""
    page = get(client, "/representing/new").get_data(as_text=True)
    data = {"method": "letter" if letter is not None else "digital", **about,
            "csrf_token": csrf_token(page)}
    if letter is not None:
        data["letter"] = (io.BytesIO(letter), "authority.pdf")
    response = client.post("/representing/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    category = response.headers["Location"]
    draft = re.search(r"/complaints/new/(\d+)/category", category).group(1)
    base = f"/complaints/new/{draft}"
    post(client, f"{base}/category", {"category": "repairs", "health": "no"}, status=303)
    post(client, f"{base}/issues/0", {
        "summary": "Damp in the bedroom", "details": "Black mould since September.",
        "outcome_wanted": "Treat the damp."}, status=303)
    post(client, f"{base}/issues", {"another": "no"}, status=303)
    post(client, f"{base}/questions", {"screening": "none"}, status=303)
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    post(client, f"{base}/support", {}, status=303)
    post(client, f"{base}/evidence", {"action": "continue"}, status=303)
    check = get(client, f"{base}/check").get_data(as_text=True)
    if letter is not None:
        assert "authority.pdf" in check  # the letter goes with the complaint
    sent = post(client, f"{base}/check", {}, status=303)
    confirmation = client.get(sent.headers["Location"])
    assert confirmation.status_code == 303  # a representative's confirmation is their own
    page = get(client, confirmation.headers["Location"]).get_data(as_text=True)
    return re.search(r"CMP-\d{4}-\d{6}", page).group(0)


def test_register_as_a_representative(client, app):
    post(client, "/register", {
        "name": "Alex Advocate", "email": "alex@advice.example.org",
        "password": "a long passphrase", "confirm": "a long passphrase",
        "account_type": "representative", "relationship": "advocate",
        "organisation": "Citizens Advice Camden"}, status=303)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "alex@advice.example.org"))
        assert user.kind == "representative"
        event = db.session.scalar(select(Event).where(Event.actor_id == user.id))
        assert event.kind == "representative_registered"
        assert event.payload == {"relationship": "advocate",
                                 "organisation": "Citizens Advice Camden"}
        user.email_verified_at = user.created_at
        db.session.commit()
    response = post(client, "/sign-in", {"email": "alex@advice.example.org",
                                         "password": "a long passphrase"}, status=303)
    assert response.headers["Location"].endswith("/representing")
    page = get(client, "/representing/new").get_data(as_text=True)
    assert 'value="Citizens Advice Camden"' in page  # what they registered with


def test_letter_of_authority_checked_by_staff_then_the_advocate_sees_the_case(client, app):
    with app.app_context():
        make_representative(email="alex@advice.example.org")
        make_staff("customer_services", email="cs@example.org")
    sign_in(client, "alex@advice.example.org")
    reference = _send_for_resident(client, ABOUT)

    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        resident = complaint.resident
        # A resident with no email: an account they cannot sign in to, and no email.
        assert resident.kind == "resident" and resident.name == "Jo Resident"
        assert resident.email_verified_at is None and representation.has_no_password(resident)
        assert resident.postcode == "E1 1AA"
        assert complaint.submitted_by.email == "alex@advice.example.org"
        found = authority_of(complaint)
        assert (found.status, found.method, found.scope) == ("pending", "letter", "complaint")
        assert found.letter_document_id is not None
        [received] = mail("alex@advice.example.org", "representative_received")
        assert reference in received.text and "checking" not in received.subject.lower()
        authority_id = found.id

    # Until it is verified: only that it was received and authority is being checked.
    page = get(client, f"/representing/complaints/{reference}").get_data(as_text=True)
    assert "Being checked" in page and "Damp in the bedroom" not in page
    get(client, f"/complaints/{reference}", status=404)
    dashboard = get(client, "/representing").get_data(as_text=True)
    assert reference in dashboard and "Being checked" in dashboard

    staff = app.test_client()
    sign_in(staff, "cs@example.org")
    queue = get(staff, "/staff/authorities").get_data(as_text=True)
    assert "Jo Resident" in queue
    detail = get(staff, f"/staff/authorities/{authority_id}").get_data(as_text=True)
    assert "Open the signed letter" in detail
    case = get(staff, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "Representatives" in case and "Alex Advocate" in case and "Being checked" in case
    url = f"/staff/authorities/{authority_id}"
    post(staff, f"{url}/verify", {"scope": "complaint"}, from_url=url, status=303)

    with app.app_context():
        assert authority_of(complaint).status == "verified"
        [decided] = mail("alex@advice.example.org", "authority_decided")
        assert "confirmed" in decided.text
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "Damp in the bedroom" in page and "Your authority to act" in page
    letter = client.get(f"/complaints/{reference}/documents/{found.letter_document_id}")
    assert letter.status_code == 200 and letter.data == LETTER


def test_a_rejected_letter_shows_the_reason_and_a_new_one_can_be_sent(client, app):
    with app.app_context():
        make_representative(email="alex@advice.example.org")
        make_staff("case_handler", email="handler@example.org")
    sign_in(client, "alex@advice.example.org")
    reference = _send_for_resident(client, ABOUT)
    with app.app_context():
        authority_id = authority_of(db.session.scalar(
            select(Complaint).where(Complaint.reference == reference))).id
    staff = app.test_client()
    sign_in(staff, "handler@example.org")
    url = f"/staff/authorities/{authority_id}"
    missing = post(staff, f"{url}/reject", {"reject-reason": ""}, from_url=url, status=400)
    assert "Enter the reason" in missing.get_data(as_text=True)
    post(staff, f"{url}/reject", {"reject-reason": "The letter is not signed."}, from_url=url,
         status=303)

    page = get(client, f"/representing/complaints/{reference}").get_data(as_text=True)
    assert "Not accepted" in page and "The letter is not signed." in page
    get(client, f"/complaints/{reference}", status=404)
    bad = client.post(f"/representing/authorities/{authority_id}/letter", data={
        "csrf_token": csrf_token(page), "letter": (io.BytesIO(b"MZ\x90\x00"), "letter.exe")},
        content_type="multipart/form-data")
    assert bad.status_code == 400 and "must be" in bad.get_data(as_text=True)
    check_page(bad.get_data(as_text=True), status=400)
    good = client.post(f"/representing/authorities/{authority_id}/letter", data={
        "csrf_token": csrf_token(page), "letter": (io.BytesIO(LETTER), "signed.pdf")},
        content_type="multipart/form-data")
    assert good.status_code == 303
    page = get(client, f"/representing/complaints/{reference}").get_data(as_text=True)
    assert "Being checked" in page


def test_the_resident_confirms_from_their_account_then_ends_it(client, app):
    with app.app_context():
        make_representative("Rita Relative", email="rita@example.org")
        make_resident("Jo Resident", email="jo@example.org")
    sign_in(client, "rita@example.org")
    reference = _send_for_resident(client, {
        **ABOUT, "relationship": "relative", "organisation": "",
        "resident_email": "jo@example.org", "correspondence_to": "representative"},
        letter=None)
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert complaint.resident.email == "jo@example.org"  # their own account
        [told] = mail("jo@example.org", "acting_for_you")
        confirm_url = link(told, "/confirm")
        authority_id = authority_of(complaint).id
        assert not mail("jo@example.org", "complaint_received")
    get(client, f"/complaints/{reference}", status=404)

    resident = app.test_client()
    sign_in(resident, "jo@example.org")
    own = get(resident, f"/complaints/{reference}").get_data(as_text=True)
    assert "People acting for you" in own and "Rita Relative" in own
    page = get(resident, confirm_url).get_data(as_text=True)
    assert "Confirm Rita Relative can act for you" in page
    unticked = post(resident, confirm_url, {}, status=400)
    assert "Confirm that you give your authority" in unticked.get_data(as_text=True)
    post(resident, confirm_url, {"agree": "y"}, status=303)

    get(client, f"/complaints/{reference}")  # the relative now sees it
    with app.app_context():
        assert authority_of(complaint).decided_by_id == complaint.resident_id
    listing = get(resident, "/your-representatives").get_data(as_text=True)
    assert "Rita Relative" in listing and "Verified" in listing
    url = f"/your-representatives/{authority_id}/revoke"
    get(resident, url)
    post(resident, url, {"reason": "My son is helping me now."}, status=303)
    get(client, f"/complaints/{reference}", status=404)
    with app.app_context():
        [ended] = mail("rita@example.org", "authority_ended")
        assert "My son is helping me now." in ended.text
        kinds = [e.kind for e in db.session.scalars(
            select(Event).where(Event.complaint_id == complaint.id).order_by(Event.id))]
        assert kinds[-3:] == ["authority_requested", "authority_confirmed", "authority_revoked"]


def test_digital_consent_needs_the_residents_email(client, app):
    with app.app_context():
        make_representative(email="alex@advice.example.org")
    sign_in(client, "alex@advice.example.org")
    page = get(client, "/representing/new").get_data(as_text=True)
    response = client.post("/representing/new", data={
        **ABOUT, "method": "digital", "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    check_page(html, status=400)
    assert "so we can ask them to confirm, or upload a signed letter instead" in html
    response = client.post("/representing/new", data={
        **ABOUT, "method": "letter", "resident_postcode": "ZZ9 9ZZ",
        "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    check_page(html, status=400)
    assert "Enter a real UK postcode, like SW1A 1AA" in html


def test_a_resident_new_to_us_takes_over_the_account_made_for_them(client, app):
    with app.app_context():
        make_representative("Rita Relative", email="rita@example.org")
    sign_in(client, "rita@example.org")
    reference = _send_for_resident(client, {
        **ABOUT, "relationship": "relative", "resident_email": "new@example.org"}, letter=None)
    resident = app.test_client()
    # Nobody can sign in to the account made for them: no password matches it.
    refused = post(resident, "/sign-in", {"email": "new@example.org", "password": "anything"},
                   status=400)
    assert "Enter a correct email address and password" in refused.get_data(as_text=True)
    with app.app_context():
        [told] = mail("new@example.org", "acting_for_you")
        assert "set a password" in told.text
        confirm_url = link(told, "/confirm")
    post(resident, "/forgot-password", {"email": "new@example.org"}, status=303)
    with app.app_context():
        reset = link(mail("new@example.org", "reset_password")[-1], "/reset-password/")
    post(resident, reset, {"password": "a brand new passphrase",
                           "confirm": "a brand new passphrase"}, status=303)
    sign_in(resident, "new@example.org", "a brand new passphrase")
    post(resident, confirm_url, {"agree": "y"}, status=303)
    get(client, f"/complaints/{reference}")
