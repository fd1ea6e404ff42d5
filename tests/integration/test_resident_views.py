"""What residents and their representatives read on a complaint page: each contact once,
and words that fit who is reading."""

from __future__ import annotations

from portal.services.records import casework, timeline
from portal.services.stage1 import actions as stage1
from portal.web.filters import sentence
from tests.integration.test_representation_support import make_representative, on_behalf, verify
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, sign_in


def test_a_shared_contact_is_on_the_residents_timeline_once(app):
    with app.test_request_context():
        staff = make_staff("complaints_manager", name="Mo Manager")
        complaint = make_complaint(make_resident("Ada Lovelace"))
        stage1.acknowledge(staff, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint),
                             definitions={i.id: i.summary for i in complaint.issues},
                             handler_id=staff.id)
        stage1.log_contact(staff, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint), method="phone",
                             notes="We booked the damp survey for Monday.", shared=True)
        found = [e.summary for e in timeline.resident_entries(complaint)
                 if "call" in e.summary.lower()]
        assert found == ["Phone call with Mo Manager: We booked the damp survey for Monday."]


def test_a_representative_reads_about_the_resident_not_themselves(app, client):
    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org")
        verify(made)
        reference = made.reference
    sign_in(client, "alex@advice.example.org")
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "People you act for" in page and "Case handler" in page
    assert "Your case handler" not in page and "Withdraw your complaint" not in page
    other = app.test_client()
    sign_in(other, "jo@example.org")
    page = get(other, f"/complaints/{reference}").get_data(as_text=True)
    assert "Your case handler" in page and "Withdraw your complaint" in page


def test_sentence_capitalises_only_the_first_letter():
    assert sentence("all her complaints, until 26 May 2027") == (
        "All her complaints, until 26 May 2027")
    assert sentence("") == "" and sentence(None) == ""


def test_the_resident_sees_how_we_keep_in_touch(app, client):
    with app.test_request_context():
        resident = make_resident("Pat Post", email="pat@example.org", address="3 Mill Lane",
                                 postcode="E1 1AA")  # a letter needs an address
        reference = make_complaint(resident, contact_method="letter",
                                   adjustments=("large_print",)).reference
    sign_in(client, "pat@example.org")
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    assert "How we keep in touch" in page and "Letter, in large print" in page


def test_a_closed_complaint_shows_no_outstanding_dates(app, client):
    """A complaint that has ended owes nothing: its unmet dates say "Not needed" (as the
    Ombudsman pack does), and no contact is "coming up"."""
    with app.test_request_context():
        staff = make_staff("complaints_manager", name="Mo Manager")
        resident = make_resident("Ada Lovelace", email="ada@example.org")
        complaint = make_complaint(resident)
        stage1.acknowledge(staff, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint),
                             definitions={i.id: i.summary for i in complaint.issues},
                             handler_id=staff.id)
        from datetime import timedelta

        from portal.services.records import clock

        stage1.log_contact(staff, complaint, version=complaint.version,
                             seen=casework.last_event_id(complaint), method=None, notes="",
                             shared=False, next_on=clock.today() + timedelta(days=7),
                             next_method="phone")
        # Withdrawn (resolving at first contact now sends a stage 1 response, SPEC §2).
        from portal.services.stage1 import resident as stage1_resident

        stage1_resident.withdraw(complaint, resident, "Fixed.")
        reference = complaint.reference
    sign_in(client, "ada@example.org")
    page = get(client, f"/complaints/{reference}").get_data(as_text=True)
    dates = page.split(">Dates<", 1)[1].split("What you told us", 1)[0]
    assert "We expect to send our answer by" in dates and "Not needed" in dates
    assert "Coming up" not in page and "None: the complaint has ended" in page
