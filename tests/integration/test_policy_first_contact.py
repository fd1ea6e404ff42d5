"""Resolved at first contact (issue 13, item 1), for every profile.

SPEC §2 (corrected) and seeds/000_e9fd0cc2b6916637.txt §3 (steps 3 and 7: the handler
asks whether the resident is happy before closing): closed only with the resident's
agreement recorded (who, how, when), confirmed by a letter through the response-letter
path, counted as the stage 1 response. The Code allows no stage before stage 1
(Complaint Handling Code 5.2-5.3) and a complaint not resolved at stage 1 goes to stage 2
(6.10): the resident keeps the right to ask for a review within the profile's window.

Dates by hand (SPEC §3): resolved on Friday 1 May 2026. IDS 002 §6.1, 21 WD: last day
Wednesday 3 June 2026 (May Day 4 May and Spring bank holiday 25 May skipped).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Response
from portal.services.records.casework import CaseworkError
from portal.services.review import request as review
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import act, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    app_for_fixture,
    complaint,
    kinds,
    mail,
    pdf_text,
    user,
)
from tests.support.factories import make_complaint, make_resident, make_staff

RESOLVED = date(2026, 5, 1)

# profile, asked on, late?  (one row per rule: the window each profile keeps)
ROWS = [
    ("hos-code-2024", date(2027, 5, 1), False),  # Code: no window (SPEC §4), never late
    ("isha", date(2026, 9, 1), False),  # 001 §2.9: none stated
    ("ids", date(2026, 6, 3), False),  # 002 §6.1: last day Wed 3 June 2026
    ("ids", date(2026, 6, 4), True),  # the 22nd working day: flagged late, not refused
]


def _resolve(app, *, agreed=True):
    with app.test_request_context():
        staff = make_staff("customer_services", name="Cass Services")
        resident = make_resident("Jo Resident", postcode="E1 1AA", address="1 Example Street")
        found = make_complaint(resident, received=RESOLVED)
        stage1.resolve_first_contact(
            staff, found, version=found.version, seen=0, on=RESOLVED,
            summary="Replaced the stairwell bulb the same afternoon.", agreed=agreed,
            agreed_by="Jo Resident", agreed_how="phone", agreed_on=RESOLVED)
        return found.reference, resident.email


@pytest.mark.parametrize(("profile", "asked_on", "late"), ROWS)
def test_resolved_with_agreement_is_a_stage1_response_and_a_review_can_follow(
        app_for, profile, asked_on, late):
    app = app_for(profile)
    reference, resident_email = _resolve(app)
    with app.test_request_context():
        found = complaint(reference)
        assert (found.status, found.closed_reason) == ("closed", "resolved_first_contact")
        assert found.stage1_sent_on == RESOLVED
        [letter] = db.session.scalars(select(Response).where(Response.complaint_id == found.id))
        assert (letter.stage, letter.kind) == (1, "response")
        assert letter.content["agreement"] == {"who": "Jo Resident", "how": "phone",
                                               "how_words": "Phone call", "on": "2026-05-01"}
        offer = review.offer(found, asked_on)
        assert offer is not None and offer.stage == 2
        assert review.request_review(found, user(resident_email),
                                     review.ReviewRequest(reasons="The bulb went again.",
                                                          outcome="A new fitting."),
                                     on=asked_on) is late
        found = complaint(reference)
        assert found.status == "stage2_requested" and found.closed_reason is None
        assert "stage2_requested" in kinds(reference)


def test_without_agreement_nothing_closes(app_for):
    app = app_for("hos-code-2024")
    with pytest.raises(CaseworkError, match="stays a stage 1 complaint"):
        _resolve(app, agreed=False)


def test_the_confirmation_letter_says_who_agreed_and_how_to_ask_for_a_review(app_for):
    app = app_for("ids")
    reference, _ = _resolve(app)
    with app.test_request_context():
        found = complaint(reference)
        [letter] = db.session.scalars(select(Response).where(Response.complaint_id == found.id))
        text = pdf_text(letter.document.file.data)
        assert "Stage 1 response: your complaint resolved at first contact" in text
        assert "Jo Resident agreed that this resolves the complaint (phone call, " \
               "Friday 1 May 2026)" in text
        assert "Please ask by Wednesday 3 June 2026" in text
        [sent] = mail(reference, "resolved")
        assert "Wednesday 3 June 2026" in sent.text


def test_the_staff_form_keeps_what_was_typed_and_names_the_agreement(app_for):
    app = no_csrf(app_for("hos-code-2024"))
    with app.test_request_context():
        staff = make_staff("customer_services", name="Cass Services")
        found = make_complaint(make_resident("Jo Resident"))
        reference, email = found.reference, staff.email
    client = app.test_client()
    sign_in(client, email)
    url = f"/staff/complaints/{reference}/resolve-at-first-contact"
    html = get(client, url)
    assert "Who agreed" in html and "How did they agree?" in html
    response = act(client, url, {"summary": "Fixed it.", "agreed_by": ""}, status=400)
    html = response.get_data(as_text=True)
    for message in ("Enter the name of the person who agreed", "Select how the resident agreed",
                    "Without their agreement it stays a stage 1 complaint"):
        assert message in html
    assert "Fixed it." in html
    with app.app_context():
        assert complaint(reference).status == "received"
