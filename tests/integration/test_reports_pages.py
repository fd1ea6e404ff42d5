"""The reports pages: who may see them (residents and handlers 403; managers,
administrators and board members 200), the overview's figures and charts on a
hand-built set (tests/support/reporting_set.py), a period that cannot be shown, what a
CH02 figure counted, the exports (opened with csv and openpyxl), the homes figures."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.support import reporting_set
from tests.support.factories import make_resident, make_staff
from tests.support.web import get, post, sign_in

YEAR = "start-day=1&start-month=4&start-year=2026&end-day=31&end-month=3&end-year=2027"
SPAN = "from=2026-04-01&to=2027-03-31"


def _world(app, role: str = "complaints_manager"):
    with app.app_context():
        resident = make_resident()
        refs = reporting_set.build(resident.id)
        person = make_staff(role)
        return person.email, resident.email, refs


@pytest.mark.parametrize(("role", "status"), [
    ("case_handler", 403), ("reviewer", 403), ("customer_services", 403),
    ("complaints_manager", 200), ("administrator", 200), ("board_member", 200)])
def test_who_may_see_the_reports(app, client, role, status):
    email, _, _ = _world(app, role)
    sign_in(client, email)
    for url in (f"/staff/reports?{YEAR}", f"/staff/reports/counted/stage1_late?{SPAN}",
                f"/staff/reports/complaints.csv?{SPAN}"):
        response = client.get(url)
        assert response.status_code == status, (role, url)
    # Only an administrator enters the homes figures.
    homes = client.get("/staff/reports/homes")
    assert homes.status_code == (200 if role == "administrator" else 403)


def test_a_resident_is_refused(app, client):
    _, resident_email, _ = _world(app)
    sign_in(client, resident_email)
    for url in (f"/staff/reports?{YEAR}", f"/staff/reports/complaints.xlsx?{SPAN}"):
        response = client.get(url)
        assert response.status_code == 403
        assert "You do not have permission" in response.get_data(as_text=True)


def test_the_overview_for_the_year(app, client):
    email, _, refs = _world(app)
    sign_in(client, email)
    html = get(client, f"/staff/reports?{YEAR}").get_data(as_text=True)
    # CH01(1) 7 / 1,200 x 1,000 = 5.8; CH02(1) 3 of 5 = 60.0 (reporting_set's comments).
    assert re.search(r"CH01\(1\)[^<]*</th><td[^>]*>5\.8<", html)
    assert re.search(r"CH02\(1\)[^<]*</th><td[^>]*>60\.0<", html)
    assert "3 of 5 stage 1 responses" in html and "2 within the original timescale" in html
    assert "1 within a valid extension" in html
    # Charts: an SVG labelled by its title and summary, with the table beneath.
    assert '<svg class="portal-chart__svg"' in html and 'role="img"' in html
    assert "Complaints received by stage: 8 complaints in all" in html  # 7 + 1 at stage 2
    assert "Show the table" in html
    # Responded on time: stage 1 against our policy (the Code profile: the same 3 of 5).
    assert "Escalation rate: 20.0%" in html  # 1 stage 2 complaint per 5 stage 1 responses


def test_a_period_that_cannot_be_shown_keeps_what_was_typed(app, client):
    email, _, _ = _world(app)
    sign_in(client, email)
    response = client.get("/staff/reports?start-day=31&start-month=3&start-year=2027"
                          "&end-day=1&end-month=4&end-year=2026")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "The last day must be the same as or after" in html
    assert 'value="2027"' in html and 'value="31"' in html
    assert client.get("/staff/reports/counted/stage1_late?from=nonsense&to=2027-03-31"
                      ).status_code == 404
    assert client.get(f"/staff/reports/counted/nothing?{SPAN}").status_code == 404


def test_expanding_ch02_lists_the_late_complaints(app, client):
    email, _, refs = _world(app)
    sign_in(client, email)
    html = get(client, f"/staff/reports/counted/stage1_late?{SPAN}").get_data(as_text=True)
    assert "2 complaints counted" in html
    for name in ("extension_beyond", "no_acknowledgement"):
        assert f'href="/staff/complaints/{refs[name]}"' in html
    assert refs["valid_extension"] not in html
    within = get(client, f"/staff/reports/counted/stage1_within?{SPAN}").get_data(as_text=True)
    assert "Within a valid extension" in within and refs["valid_extension"] in within


def test_exports_of_the_filtered_list_and_of_a_table(app, client):
    email, _, refs = _world(app)
    sign_in(client, email)
    response = client.get(f"/staff/reports/complaints.csv?{SPAN}&stock_type=LCHO")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["reference"] for r in rows] == [refs["first_contact"]]
    response = client.get(f"/staff/reports/complaints.xlsx?{SPAN}&state=open")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    open_ones = {refs[n] for n in ("escalated", "valid_extension", "extension_beyond",
                                   "march_april", "no_acknowledgement")}
    assert {row[0] for row in values[1:]} == open_ones
    table = client.get(f"/staff/reports/tables/by_stage.csv?{SPAN}")
    assert list(csv.reader(io.StringIO(table.get_data(as_text=True)))) == [
        ["Label", "Complaints"], ["Stage 1", "7"], ["Stage 2", "1"]]
    assert client.get(f"/staff/reports/complaints.pdf?{SPAN}").status_code == 404


def test_an_administrator_enters_the_homes(app, client):
    email, _, _ = _world(app, "administrator")
    sign_in(client, email)
    bad = post(client, "/staff/reports/homes", {"stock_type": "LCRA", "count": "twelve",
                                                "on-day": "31", "on-month": "3",
                                                "on-year": "2027"}, status=400)
    html = bad.get_data(as_text=True)
    assert "Enter the number of homes as a whole number" in html and 'value="twelve"' in html
    post(client, "/staff/reports/homes", {"stock_type": "LCRA", "count": "1,500",
                                          "on-day": "31", "on-month": "3", "on-year": "2027"},
         status=303)
    html = get(client, "/staff/reports/homes").get_data(as_text=True)
    assert "1,500" in html
    # LCRA is now 1,500 at the year's end, LCHO 200: CH01(1) = 7 / 1,700 x 1,000 = 4.1.
    html = get(client, f"/staff/reports?{YEAR}").get_data(as_text=True)
    assert re.search(r"CH01\(1\)[^<]*</th><td[^>]*>4\.1<", html)


def test_refusals_are_counted_by_each_reason_given(app):
    """Refused through the service (a real refusal letter); reasons are a JSON list in
    the refusal, expanded in SQL on each database: 2 refusals, "late" given twice and
    "legal_proceedings" once."""
    from portal.domain import reporting as rules
    from portal.services.records import clock
    from portal.services.reporting import overview
    from portal.services.stage1 import actions as stage1
    from tests.support.factories import make_complaint

    with app.test_request_context():
        manager = make_staff("complaints_manager")
        for reasons in (["late"], ["late", "legal_proceedings"]):
            complaint = make_complaint(make_resident())
            stage1.refuse(manager, complaint, version=complaint.version, seen=0,
                          reasons=reasons, detail="")
        today = clock.today()
        found = overview.overview(manager, rules.Period(today, today), today)
        assert found.series["refused"].rows == [
            ("Made more than 12 months after the problem", 2),
            ("Legal proceedings have started", 1)]


def test_the_pages_send_the_same_statements_whatever_the_number_of_complaints(app, client):
    """Counted in SQL: 400 more complaints (in bulk, across the year) change no page's
    number of statements."""
    from datetime import date, timedelta

    from sqlalchemy import event

    from portal.data.db import db
    from portal.services.records import report_index
    from tests.support import bulk

    email, resident_email, _ = _world(app)
    sign_in(client, email)
    pages = [f"/staff/reports?{YEAR}", f"/staff/reports/counted/stage1_received?{SPAN}",
             f"/staff/reports/complaints.csv?{SPAN}", f"/staff/reports/learning?{YEAR}",
             "/staff/reports/improvements"]

    def counts():
        found = {}
        for url in pages:
            statements = []
            with app.app_context():
                def listener(*_args, _seen=statements, **_kwargs):
                    _seen.append(1)

                event.listen(db.engine, "before_cursor_execute", listener)
                try:
                    assert client.get(url).status_code == 200
                finally:
                    event.remove(db.engine, "before_cursor_execute", listener)
            found[url] = len(statements)
        return found

    before = counts()
    with app.app_context():
        from portal.data.models import User

        resident_id = db.session.scalar(db.select(User.id).where(User.email == resident_email))
        bulk.complaints(resident_id, [date(2026, 4, 6) + timedelta(days=n % 300)
                                      for n in range(400)], status="stage1_responded")
        report_index.rebuild()
    assert counts() == before
    assert before[pages[0]] < 40


def test_the_trend_by_month(app):
    """13 months to March 2027 on the hand-built set (dates in reporting_set): received
    June 1, July 2, September 1 (the refused one is not counted), October 1, November 1,
    March 1; stage 1 answered June, July, August, October, November (1 April 2027 is
    after the span); within the Code: June, July (a valid extension), October."""
    from datetime import date

    from portal.domain import reporting as rules
    from portal.services.reporting import overview

    with app.test_request_context():
        reporting_set.build(make_resident().id)
        manager = make_staff("complaints_manager")
        found = overview.overview(manager, rules.reporting_year(2026), date(2027, 3, 31))
        received = dict(found.series["trend_received"].rows)
        answered = dict(found.series["trend_answered"].rows)
        within = dict(found.series["trend_within"].rows)
    assert len(received) == 13 and next(iter(received)) == "Mar 2026"
    assert {k: v for k, v in received.items() if v} == {
        "Jun 2026": 1, "Jul 2026": 2, "Sep 2026": 1, "Oct 2026": 1, "Nov 2026": 1,
        "Mar 2027": 1}
    assert {k: v for k, v in answered.items() if v} == {
        "Jun 2026": 1, "Jul 2026": 1, "Aug 2026": 1, "Oct 2026": 1, "Nov 2026": 1}
    assert {k: v for k, v in within.items() if v} == {"Jun 2026": 1, "Jul 2026": 1,
                                                     "Oct 2026": 1}


def test_a_large_xlsx_is_refused_with_a_way_forward(app, client, monkeypatch):
    from portal.services.reporting import export

    email, _, _ = _world(app)
    sign_in(client, email)
    monkeypatch.setattr(export, "XLSX_WEB_LIMIT", 3)  # the set has 8 in the year
    response = client.get(f"/staff/reports/complaints.xlsx?{SPAN}")
    assert response.status_code == 400
    assert "Download CSV instead" in response.get_data(as_text=True)
    assert client.get(f"/staff/reports/complaints.csv?{SPAN}").status_code == 200
