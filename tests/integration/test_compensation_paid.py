"""Compensation paid: the case handler or a complaints manager records each payment of
the compensation a response offered (GOV.UK form, errors that keep what was typed, an
event the resident sees); the overview, the export and the annual report set what was
paid against what was offered, across the boundary of two reporting years."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import CompensationPayment, Complaint, Event, Response
from portal.domain import reporting as rules
from portal.services.records.documents import Checked, add_document
from portal.services.reporting import export, overview, remedies
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, post, sign_in

OFFERED_YEAR = rules.Period(date(2025, 4, 1), date(2026, 3, 31))
NEXT_YEAR = rules.Period(date(2026, 4, 1), date(2027, 3, 31))


def _offered(app) -> dict:
    """A complaint received 2 March 2026, its handler, another handler, a manager; its
    stage 1 response, sent 20 March 2026, offered £150 to be paid to the resident."""
    with app.app_context():
        resident = make_resident("Ruth Resident")
        handler = make_staff("case_handler", name="Hal Handler")
        other = make_staff("case_handler", name="Olga Other")
        manager = make_staff("complaints_manager")
        complaint = make_complaint(resident, received=date(2026, 3, 2))
        complaint.handler_id = handler.id
        letter = add_document(kind="response_letter", uploaded_by_id=manager.id,
                              checked=Checked("letter.pdf", "application/pdf", b"%PDF-1.7 x"))
        db.session.add(Response(complaint_id=complaint.id, stage=1, kind="response",
                                issued_at=datetime(2026, 3, 20, 11, tzinfo=UTC),
                                issued_by_id=manager.id, document_id=letter.id,
                                content={"compensation": "150.00", "offset": None}))
        db.session.commit()
        return {"reference": complaint.reference, "handler": handler.email,
                "other": other.email, "manager": manager.email, "resident": resident.email}


def _url(found: dict) -> str:
    return f"/staff/complaints/{found['reference']}/compensation-paid"


def _form(page: str) -> dict:
    import re

    return {name: value for name, value in re.findall(
        r'<input type="hidden" name="(version|seen|csrf_token)" value="([^"]*)"', page)}


def test_a_payment_is_recorded_with_errors_that_keep_what_was_typed(app):
    found = _offered(app)
    client = app.test_client()
    sign_in(client, found["handler"])
    page = get(client, _url(found)).get_data(as_text=True)
    assert "£150.00" in page and "Record the payment" in page
    # Junk: every field named in the error summary, and everything typed is kept.
    typed = {"amount": "a hundred", "paid_on-day": "31", "paid_on-month": "2",
             "paid_on-year": "2026", "note": "BACS reference RX-99"}
    response = client.post(_url(found), data={**_form(page), **typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "The amount paid must be an amount in pounds, like 150 or 75.50" in html
    assert "Select how it was paid" in html
    assert 'value="a hundred"' in html and 'value="31"' in html
    assert "BACS reference RX-99" in html
    # More than was offered: refused by the service, with what is left.
    over = {"amount": "150.01", "paid_on-day": "30", "paid_on-month": "3",
            "paid_on-year": "2026", "method": "bank_transfer", "note": ""}
    response = client.post(_url(found), data={**_form(page), **over})
    assert response.status_code == 400
    assert "no more than the £150.00 not yet paid" in response.get_data(as_text=True)
    # Before the response offered it: refused.
    early = {**over, "amount": "10", "paid_on-day": "19"}
    response = client.post(_url(found), data={**_form(page), **early})
    assert response.status_code == 400
    assert "on or after 20 March 2026" in response.get_data(as_text=True)
    # £100 paid on 30 March 2026 by bank transfer.
    good = {**over, "amount": "£100", "note": "BACS reference RX-99"}
    response = client.post(_url(found), data={**_form(page), **good})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    # The same form sent again (a double click, or a second tab): the complaint's version
    # moved on, so it is refused and nothing is paid twice.
    response = client.post(_url(found), data={**_form(page), **good})
    assert response.status_code == 409
    with app.app_context():
        payment = db.session.scalar(select(CompensationPayment))
        assert len(db.session.scalars(select(CompensationPayment)).all()) == 1
        assert (payment.amount, payment.paid_on, payment.method, payment.note) == (
            Decimal("100.00"), date(2026, 3, 30), "bank_transfer", "BACS reference RX-99")
        event = db.session.scalar(select(Event).where(Event.kind == "compensation_paid"))
        assert event.summary == "We paid you £100.00 on 30 March 2026"
        assert not event.internal
        # The staff note is on the payment only, never in what the resident's timeline reads.
        assert "note" not in event.payload and event.payload["payment_id"] == payment.id
    # The resident sees it on their timeline.
    resident = app.test_client()
    sign_in(resident, found["resident"])
    timeline = get(resident, f"/complaints/{found['reference']}").get_data(as_text=True)
    assert "We paid you £100.00 on 30 March 2026" in timeline


def test_only_the_handler_or_a_manager_may_record_a_payment(app):
    found = _offered(app)
    other = app.test_client()
    sign_in(other, found["other"])
    assert other.get(_url(found)).status_code == 403
    # Not even with a page taken from somewhere else: the POST is refused too.
    response = post(other, _url(found), {"amount": "10", "paid_on-day": "30",
                                         "paid_on-month": "3", "paid_on-year": "2026",
                                         "method": "cheque"},
                    from_url=f"/staff/complaints/{found['reference']}")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(CompensationPayment)) is None
    manager = app.test_client()
    sign_in(manager, found["manager"])
    page = get(manager, f"/staff/complaints/{found['reference']}").get_data(as_text=True)
    assert "Record a compensation payment" in page
    # The complaint page of the other handler does not offer the link.
    page = get(other, f"/staff/complaints/{found['reference']}").get_data(as_text=True)
    assert "Record a compensation payment" not in page


def test_offered_and_paid_across_the_years(app):
    """£150 offered on 20 March 2026 (2025/26); £100 paid 30 March 2026 (2025/26) and
    £50 paid 2 April 2026 (2026/27)."""
    found = _offered(app)
    client = app.test_client()
    sign_in(client, found["manager"])
    for amount, day, month in (("100", "30", "3"), ("50", "2", "4")):
        page = get(client, _url(found)).get_data(as_text=True)
        response = client.post(_url(found), data={
            **_form(page), "amount": amount, "paid_on-day": day, "paid_on-month": month,
            "paid_on-year": "2026", "method": "cheque", "note": ""})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        if amount == "100":
            with app.app_context():
                # After the first payment, £50 of 2025/26's offer is still to pay.
                assert remedies.paid(OFFERED_YEAR) == remedies.Paid(
                    1, Decimal("100.00"), Decimal("50.00"))
    with app.app_context():
        # 2025/26: £150 offered; £100 paid in the year; nothing left to pay now.
        assert remedies.compensation(OFFERED_YEAR)[0] == (remedies.PAID, 1, Decimal("150.00"))
        assert remedies.paid(OFFERED_YEAR) == remedies.Paid(
            1, Decimal("100.00"), Decimal("0.00"))
        # 2026/27: nothing offered; £50 paid (of the year before's offer).
        assert remedies.compensation(NEXT_YEAR)[0] == (remedies.PAID, 0, Decimal("0.00"))
        assert remedies.paid(NEXT_YEAR) == remedies.Paid(1, Decimal("50.00"), Decimal("0.00"))
        # March 2026 alone: the £100 paid in March; nothing of March's offer is left to
        # pay, as the £50 paid in April counts against it too.
        march = rules.Period(date(2026, 3, 1), date(2026, 3, 31))
        assert remedies.paid(march) == remedies.Paid(1, Decimal("100.00"), Decimal("0.00"))
        # The export: offered and paid (in all) on the complaint's row.
        complaint = db.session.scalar(select(Complaint))
        rows = list(csv.DictReader(io.StringIO(export.export(
            export.Filters(OFFERED_YEAR.start, OFFERED_YEAR.end), "csv").decode())))
        assert [(r["reference"], r["compensation_offered"], r["compensation_paid"])
                for r in rows] == [(complaint.reference, "150.00", "150.00")]
    # The overview page says it.
    html = get(client, "/staff/reports?start-day=1&start-month=4&start-year=2025&end-day=31"
                       "&end-month=3&end-year=2026").get_data(as_text=True)
    assert "Compensation paid in the period: £100.00 in 1 payment." in html


def test_the_annual_report_says_what_was_paid(app):
    from portal.services.reporting import annual
    from tests.integration.test_representation_support import pdf_text

    found = _offered(app)
    client = app.test_client()
    sign_in(client, found["manager"])
    page = get(client, _url(found)).get_data(as_text=True)
    client.post(_url(found), data={**_form(page), "amount": "100", "paid_on-day": "30",
                                   "paid_on-month": "3", "paid_on-year": "2026",
                                   "method": "offset", "note": ""})
    with app.test_request_context():
        from portal.data.models import User

        manager = db.session.scalar(select(User).where(User.email == found["manager"]))
        text = " ".join(pdf_text(annual.render(annual.draft(manager, 2025))).split())
    assert "we offered £150.00 in compensation" in text
    assert "We paid £100.00 in compensation in the year (1 payment" in text
    assert "£50.00 was not yet paid" in text


def test_overview_series_names_paid_and_outstanding(app):
    found = _offered(app)
    with app.app_context():
        from portal.data.models import User

        manager = db.session.scalar(select(User).where(User.email == found["manager"]))
        seen = overview.overview(manager, OFFERED_YEAR, date(2026, 4, 30))
        assert seen.series["compensation_paid"].rows == [
            (remedies.PAID_IN_PERIOD, Decimal("0.00")),
            (remedies.OUTSTANDING, Decimal("150.00"))]
