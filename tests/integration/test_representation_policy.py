"""Who may act for a resident is the landlord's policy (SPEC §1, §4):

- IDS does not accept a solicitor as an advocate: "an advocate can be a friend/relative
  or representative from an external organisation ... but not a solicitor. Letters from
  solicitors or anyone legally trained will be responded to outside this complaints
  process" (seeds/002 §4.2).
- IDS treats an enquiry from a councillor or an MP as correspondence, answered within
  ten working days (seeds/002 §9.1): the profile's deadlines.councillor_reply.
- ISHA lets a representative act with signed authority, and "MPs and Councillors can
  also act on behalf of a customer" (seeds/001 §2.5, §8): through the complaints
  process, like any representative.
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.data.db import db
from portal.services.records import deadlines
from portal.services.records.policy import current_calendar
from portal.services.representation import authority as representation
from tests.conftest import make_settings
from tests.integration.test_representation_support import make_representative, on_behalf
from tests.support.factories import make_staff
from tests.support.web import csrf_token, get, post, sign_in

ABOUT = {
    "resident_name": "Jo Resident", "resident_address": "10 Mill Lane", "resident_postcode":
    "E1 1AA", "scope": "complaint", "method": "letter", "correspondence_to": "both",
}


@pytest.fixture
def settings(tmp_path, database_url, request):
    profile = getattr(request, "param", "ids")
    return make_settings(tmp_path, database_url, profile=profile)


def test_ids_refuses_a_solicitor_as_advocate_and_says_where_such_letters_go(app, client):
    with app.app_context():
        make_representative("Sol Icitor", email="sol@law.example.org")
    sign_in(client, "sol@law.example.org")
    page = get(client, "/representing/new").get_data(as_text=True)
    assert "not a solicitor" in page  # the policy's own words, shown before they start
    response = post(client, "/representing/new", {**ABOUT, "relationship": "solicitor",
                                                   "organisation": "Icitor LLP"}, status=400)
    html = response.get_data(as_text=True)
    assert "does not accept a solicitor" in html
    assert "Letters from solicitors are answered outside this process" in html
    assert "4.2" in html  # cites the policy
    with app.app_context():
        from portal.data.models import Draft

        assert db.session.query(Draft).count() == 0  # nothing was started


def test_ids_refuses_registering_as_a_solicitor_advocate(app, client):
    response = post(client, "/register", {
        "name": "Sol Icitor", "email": "sol@law.example.org", "password": "a long passphrase",
        "confirm": "a long passphrase", "account_type": "representative",
        "relationship": "solicitor"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "does not accept a solicitor" in html
    assert "<title>Error: " in html
    with app.app_context():
        from portal.services.accounts.users import find_user

        assert find_user("sol@law.example.org") is None


def test_ids_answers_a_councillors_enquiry_as_correspondence_within_10_working_days(app,
                                                                                   client):
    with app.test_request_context():
        councillor = make_representative("Cllr Cole", email="cole@council.example.org")
        made = on_behalf(councillor, relationship="councillor", organisation="Camden Council")
        assert made.councillor_enquiry is True
        due = deadlines.councillor_reply_due(made)
        assert due.rule.amount == 10 and due.rule.unit == "working_days"
        assert due.rule.cite.section == "9.1"
        assert due.due_on == current_calendar().add_working_days(made.received_on, 10)
        # Correspondence, not a complaint: its only date is the reply (no acknowledgement
        # or stage 1 response dates beside it), and that is what the queue shows next.

        shown = deadlines.complaint_deadlines(made)
        assert [(d.key, d.due_on) for d in shown] == [("councillor_reply", due.due_on)]
        assert deadlines.next_due(made).label == "Reply to the enquiry"
        reference = made.reference
        make_staff("case_handler", email="handler@example.org")
    sign_in(client, "cole@council.example.org")
    page = get(client, "/representing/new").get_data(as_text=True)
    assert "treats an enquiry from a councillor or an MP" in page
    staff = app.test_client()
    sign_in(staff, "handler@example.org")
    case = get(staff, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "Councillor’s or MP’s enquiry" in case and "Reply due by" in case
    assert "10 working days after the complaint was received" in case


@pytest.mark.parametrize("settings", ["isha"], indirect=True)
def test_isha_accepts_councillors_through_the_complaints_process(app, client):
    with app.test_request_context():
        councillor = make_representative("Cllr Cole", email="cole@council.example.org")
        made = on_behalf(councillor, relationship="councillor")
        assert made.councillor_enquiry is False
        assert deadlines.councillor_reply_due(made) is None
        rule = representation.handling("councillor")
        assert rule.allowed and "through the complaints process" in rule.message
        assert representation.handling("solicitor").allowed  # 001 §2.5 names no exception
        assert representation.handling("friend").message is None


@pytest.mark.parametrize("settings", ["hos-code-2024"], indirect=True)
def test_the_code_profile_accepts_a_solicitor(app, client):
    with app.app_context():
        make_representative("Sol Icitor", email="sol@law.example.org")
    sign_in(client, "sol@law.example.org")
    page = get(client, "/representing/new").get_data(as_text=True)
    response = client.post("/representing/new", data={
        **ABOUT, "relationship": "solicitor", "method": "digital",
        "resident_email": "jo@example.org", "csrf_token": csrf_token(page)})
    assert response.status_code == 303


def test_a_representative_cannot_be_the_resident(app, client):
    with app.app_context():
        make_representative("Alex Advocate", email="alex@advice.example.org")
    sign_in(client, "alex@advice.example.org")
    response = post(client, "/representing/new", {
        **ABOUT, "relationship": "friend", "method": "digital",
        "resident_email": "ALEX@advice.example.org"}, status=400)
    assert "not your own" in response.get_data(as_text=True)


def test_authority_for_all_complaints_needs_a_future_end_date(app, client):
    with app.app_context():
        make_representative("Alex Advocate", email="alex@advice.example.org")
    sign_in(client, "alex@advice.example.org")
    base = {**ABOUT, "relationship": "friend", "method": "digital",
            "resident_email": "jo@example.org", "scope": "all"}
    response = post(client, "/representing/new", base, status=400)
    assert "Enter the date the authority ends" in response.get_data(as_text=True)
    past = date(2020, 1, 1)
    response = post(client, "/representing/new", {
        **base, "expires_on-day": past.day, "expires_on-month": past.month,
        "expires_on-year": past.year}, status=400)
    assert "must be in the future" in response.get_data(as_text=True)
