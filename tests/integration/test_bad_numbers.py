"""A malformed number, date or id gives the form back with a message (or a 404 for an
address), never a 500: dates of 2147483648 or 20 digits in every kind of date field, hidden
version fields past the database integer, ids past it in addresses and in choices."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_representation_support import make_representative
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    get,
    hidden,
    response_data,
    sign_in,
    staff_and_complaint,
)
from tests.pagecheck import check_page

HUGE = "99999999999999999999"  # 20 digits: past a 64-bit integer
BAD_YEARS = ("2147483648", HUGE, "١٢٣٤", "2026.0", "-2026")


def _date(name: str, year: str, day: str = "1", month: str = "2") -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _form_back(response, *messages: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 409), (response.status_code, html[:2000])
    check_page(html, status=response.status_code)
    assert "<title>Error: " in html  # the form again, with its error summary
    for message in messages:
        assert message in html, (message, html[:3000])
    return html


@pytest.fixture
def staff(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    email, reference = staff_and_complaint(app)
    sign_in(client, email)
    return client, reference


def test_an_overflowing_extension_date_gives_the_form_back(app, staff):
    client, reference = staff
    acknowledge(client, reference)
    url = f"/staff/complaints/{reference}/extend"
    for year in BAD_YEARS:
        response = act(client, url, {**_date("new_on", year), "reason": "A report."},
                       status=400)
        _form_back(response, "A report.")
    for day, month in ((HUGE, "1"), ("1", HUGE), ("2147483648", "2147483648")):
        response = act(client, url, {**_date("new_on", "2026", day, month), "reason": "R"},
                       status=400)
        _form_back(response, "The new response date must be a real date")
    with app.app_context():
        assert complaint(reference).stage1_extended_to is None


def test_an_overflowing_contact_date_and_action_due_date_give_the_form_back(app, staff):
    client, reference = staff
    acknowledge(client, reference)
    response = act(client, f"/staff/complaints/{reference}/log-contact", {
        "method": "phone", "notes": "Spoke to Jo.", "shared": "yes",
        **_date("next_on", "2147483648")}, status=400)
    _form_back(response, "Spoke to Jo.")
    response = act(client, f"/staff/complaints/{reference}/stage-1-response",
                   response_data(**_date("actions-0-due_on", HUGE)), status=400)
    _form_back(response, "Treat the damp")


def test_a_year_far_beyond_any_deadline_is_refused_plainly(app, staff):
    client, reference = staff
    acknowledge(client, reference)
    response = act(client, f"/staff/complaints/{reference}/log-contact", {
        "method": "phone", "notes": "Spoke to Jo.", "shared": "yes",
        **_date("next_on", "9999", "31", "12")}, status=400)
    _form_back(response, "Year must be between 1900 and 2100")


def test_an_overflowing_issue_date_gives_the_resident_the_form_back(app, client):
    from tests.support.factories import make_resident
    from tests.support.web import post
    from tests.support.web import sign_in as resident_sign_in

    with app.app_context():
        make_resident(email="dates@example.org")
    resident_sign_in(client, "dates@example.org")
    start = post(client, "/complaints/new", from_url="/complaints", status=303)
    base = start.headers["Location"].rsplit("/", 1)[0]
    post(client, f"{base}/category", {"category": "repairs", "health": "no"}, status=303)
    for year in ("2147483648", HUGE):
        response = post(client, f"{base}/issues/0", {
            "summary": "Damp", "details": "Mould", "outcome_wanted": "Fix it",
            **_date("happened_on", year), **_date("aware_on", HUGE, HUGE, HUGE)})
        _form_back(response, "Mould")


def test_an_overflowing_authority_end_date_gives_the_representative_the_form_back(app,
                                                                                    client):
    from tests.support.web import post
    from tests.support.web import sign_in as person_sign_in

    with app.app_context():
        make_representative(email="rep-dates@advice.example.org")
    person_sign_in(client, "rep-dates@advice.example.org")
    response = post(client, "/representing/new", {
        "method": "digital", "resident_name": "Jo Resident",
        "resident_address": "Flat 2, 10 Mill Lane", "resident_postcode": "E1 1AA",
        "resident_email": "jo@example.org", "relationship": "advocate",
        "organisation": "Citizens Advice", "scope": "complaint", "correspondence_to": "both",
        **_date("expires_on", "2147483648")})
    _form_back(response, "Citizens Advice")


def test_version_and_seen_past_the_database_integer_show_what_changed(app, staff):
    client, reference = staff
    url = f"/staff/complaints/{reference}/acknowledge"
    page = get(client, url)
    handler = re.search(r'name="handler" type="radio" value="(\d+)" checked', page).group(1)
    data = {"definitions-0": "Damp.", "definitions-1": "Missed appointment.",
            "handler": handler}
    for version, seen in ((HUGE, HUGE), ("2147483648", "0"), ("-1", "-" + HUGE),
                          ("x", "1e9"), ("１", "0")):
        response = client.post(url, data={**hidden(page), **data, "version": version,
                                          "seen": seen})
        _form_back(response, "Check what changed")
    with app.app_context():
        assert complaint(reference).status == "received"
    # The real version with a nonsense `seen` (only used to show changes) still works.
    act(client, url, {**data, "seen": HUGE}, page=page)
    with app.app_context():
        assert complaint(reference).status != "received"


def test_a_chosen_id_past_the_database_integer_gives_the_form_back(app, staff):
    client, reference = staff
    url = f"/staff/complaints/{reference}/acknowledge"
    response = act(client, url, {"definitions-0": "Damp.", "definitions-1": "Missed.",
                                 "handler": HUGE}, status=400)
    _form_back(response)


@pytest.mark.parametrize("path", [
    "/staff/outbox/{n}", "/staff/authorities/{n}", "/staff/contact-tasks/{n}",
    "/complaints/{ref}/documents/{n}", "/staff/complaints/{ref}/documents/{n}",
    "/petitions/{n}", "/complaints/new/{n}/category"])
def test_an_id_past_the_database_integer_in_an_address_is_not_found(app, staff, path):
    client, reference = staff
    for n in ("2147483648", HUGE):
        assert client.get(path.format(n=n, ref=reference)).status_code in (303, 404)


def test_a_sheet_choice_that_is_not_an_id_gives_the_form_back(app, client):
    from tests.integration.test_petitions_journey import STATEMENT
    from tests.support.factories import make_resident
    from tests.support.web import csrf_token, post
    from tests.support.web import sign_in as person_sign_in

    with app.app_context():
        make_resident("Lee Lead", email="lead@example.org")
    person_sign_in(client, "lead@example.org")
    url = post(client, "/petitions/new", STATEMENT, status=303).headers["Location"]
    url += "/paper-signatures"
    for sheet_id in ("abc", HUGE, "-1"):
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, data={
            "name": "Pat Paper", "address_line_1": "9 Rose Road", "town": "London",
            "postcode": "E1 1AA", "declaration": "y", "sheet_id": sheet_id,
            "csrf_token": csrf_token(page)})
        _form_back(response, "Upload the scanned sheet this signature is on")
