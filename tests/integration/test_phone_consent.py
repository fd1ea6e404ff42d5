"""A councillor or MP tells us the resident agreed by phone to them acting; staff verify
it by calling the resident, recorded as "a phone call to the resident"; until then it
grants nothing (issue 15, item 7; SPEC §1: only a verified authority gives access)."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Event
from portal.data.representation import Authority
from portal.services.records import clock
from tests.integration.test_representation_support import make_representative, on_behalf
from tests.support.factories import make_resident, make_staff
from tests.support.web import get, post, sign_in

PHONE = "07700 900 982"


def _made(app, relationship: str = "councillor"):
    with app.app_context():
        make_resident("Priya Shah", email="priya@example.org")
        rep = make_representative("Cllr Chris Cole", email="chris@council.example.org")
        made = on_behalf(rep, resident_name="Priya Shah", resident_email="priya@example.org",
                         relationship=relationship, method="digital", evidence=False)
        authority = db.session.scalar(select(Authority).where(
            Authority.complaint_id == made.id))
        manager = make_staff("complaints_manager", email="mo@staff.example.org")
        return made.reference, authority.id, manager.email


def _authority(authority_id: int) -> Authority:
    db.session.expire_all()
    return db.session.get(Authority, authority_id)


def test_a_councillor_records_phone_consent_and_staff_verify_it_by_calling(app, client):
    reference, authority_id, manager = _made(app)
    sign_in(client, "chris@council.example.org")
    page = f"/representing/complaints/{reference}"
    url = f"/representing/authorities/{authority_id}/phone-consent"
    assert "Or tell us Priya Shah agreed by phone" in get(client, page).get_data(as_text=True)

    today = clock.today()
    good = {"agreed_on-day": str(today.day), "agreed_on-month": str(today.month),
            "agreed_on-year": str(today.year), "phone": PHONE, "confirmed": "y"}
    tomorrow = today + timedelta(days=1)
    for change, message in [
        ({"agreed_on-day": ""}, "The date the resident agreed must include a day"),
        ({"agreed_on-day": str(tomorrow.day), "agreed_on-month": str(tomorrow.month),
          "agreed_on-year": str(tomorrow.year)}, "must be today or in the past"),
        ({"phone": ""}, "Enter the phone number we should call the resident on"),
        ({"phone": "12345"}, "Enter a phone number, like 01632 960 001"),
        ({"confirmed": ""}, "Confirm that the resident told you they agree"),
    ]:
        data = {k: v for k, v in {**good, **change}.items() if v}
        refused = post(client, url, data, from_url=page, status=400).get_data(as_text=True)
        assert "There is a problem" in refused and message in refused, message
        if data.get("phone"):
            assert f'value="{data["phone"]}"' in refused  # nothing typed is lost
    # Every problem at once, in the error summary.
    everything = post(client, url, {}, from_url=page, status=400).get_data(as_text=True)
    start = everything.index('class="govuk-error-summary"')
    summary = everything[start:everything.index("</ul>", start)]
    for message in ("Enter the date the resident agreed", "Enter the phone number",
                    "Confirm that the resident told you they agree"):
        assert message in summary, message
    with app.app_context():
        assert _authority(authority_id).method == "digital"

    post(client, url, good, from_url=page, status=303)
    with app.app_context():
        found = _authority(authority_id)
        assert (found.method, found.status) == ("phone", "pending")
        assert (found.phone_consent_on, found.phone_consent_number) == (today, PHONE)
        assert db.session.scalar(select(Event).where(Event.kind == "authority_agreed_by_phone"))
    mine = html.unescape(get(client, page).get_data(as_text=True))
    assert f"we will call them on {PHONE} to check" in mine
    assert "Or tell us Priya Shah agreed by phone" not in mine
    # Until staff have called the resident it grants nothing.
    get(client, f"/complaints/{reference}", status=404)

    staff = client.application.test_client()
    sign_in(staff, manager)
    check = f"/staff/authorities/{authority_id}"
    listed = get(staff, "/staff/authorities").get_data(as_text=True)
    assert "Agreed by phone: call the resident to check" in listed
    shown = html.unescape(get(staff, check).get_data(as_text=True))
    assert "Verify it by calling the resident" in shown and f"Call Priya Shah on {PHONE}" in shown
    assert "I checked the signed letter" not in shown  # there is none to check
    no_letter = post(staff, f"{check}/verify", {"scope": "complaint", "verification": "letter"},
                     from_url=check, status=400).get_data(as_text=True)
    assert "There is no signed letter to check" in no_letter
    unsaid = post(staff, f"{check}/verify", {"scope": "complaint"}, from_url=check, status=400)
    assert "Select how you checked the authority" in unsaid.get_data(as_text=True)
    post(staff, f"{check}/verify", {"scope": "complaint", "verification": "phone_call"},
         from_url=check, status=303)
    with app.app_context():
        found = _authority(authority_id)
        assert (found.status, found.verification_method) == ("verified", "phone_call")
        event = db.session.scalar(select(Event).where(Event.kind == "authority_verified"))
        assert event.payload["verification"] == "phone_call"
        assert "by a phone call to the resident" in event.summary
    assert "A phone call to the resident" in get(staff, check).get_data(as_text=True)
    get(client, f"/complaints/{reference}")  # now the councillor may follow it


def test_only_a_councillor_or_mp_can_say_the_resident_agreed_by_phone(app, client):
    reference, authority_id, _manager = _made(app, relationship="advocate")
    sign_in(client, "chris@council.example.org")
    page = f"/representing/complaints/{reference}"
    assert "agreed by phone" not in get(client, page).get_data(as_text=True)
    today = clock.today()
    refused = post(client, f"/representing/authorities/{authority_id}/phone-consent", {
        "agreed_on-day": str(today.day), "agreed_on-month": str(today.month),
        "agreed_on-year": str(today.year), "phone": PHONE, "confirmed": "y"},
        from_url=page, status=400).get_data(as_text=True)
    assert "Only a councillor or an MP" in refused
    with app.app_context():
        assert _authority(authority_id).method == "digital"
