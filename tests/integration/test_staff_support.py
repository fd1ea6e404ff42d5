"""Helpers for the staff tests (no tests here): signing in, fetching checked pages and
sending action forms with the version fields the page gave."""

from __future__ import annotations

import re

from portal.data.db import db
from portal.data.models import Complaint
from tests.pagecheck import check_page
from tests.support.factories import PASSWORD, make_complaint, make_resident, make_staff

_HIDDEN = re.compile(r'<input type="hidden" name="(version|seen|csrf_token)" value="([^"]*)"')


def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def sign_in(client, email: str) -> None:
    page = client.get("/sign-in").get_data(as_text=True)
    data = {"email": email, "password": PASSWORD}
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/sign-in", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == status, (url, response.status_code, html[:300])
    if response.mimetype == "text/html":
        check_page(html, status=response.status_code)
    return html


def hidden(html: str) -> dict[str, str]:
    return {name: value for name, value in _HIDDEN.findall(html)}


def act(client, url: str, data: dict, *, status: int = 303, page: str | None = None):
    """Load the action page (checked), then post `data` with its version fields."""
    page = page if page is not None else get(client, url)
    response = client.post(url, data={**hidden(page), **data})
    html = response.get_data(as_text=True)
    assert response.status_code == status, (url, response.status_code, html[:2000])
    if response.status_code != 303:
        check_page(html, status=response.status_code)
    return response


def staff_and_complaint(app, role: str = "complaints_manager", **complaint_args):
    """A signed-up staff member and a received complaint: (staff email, reference)."""
    with app.app_context():
        staff = make_staff(role, name=f"Sam {role.title()}")
        resident = make_resident("Jo Resident", postcode="E1 1AA", address="1 Example Street")
        complaint = make_complaint(resident, **complaint_args)
        return staff.email, complaint.reference


def complaint(reference: str) -> Complaint:
    """Inside an app context: the complaint, fresh from the database."""
    db.session.expire_all()
    return db.session.query(Complaint).filter_by(reference=reference).one()


def date_fields(name: str, value) -> dict[str, str]:
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month),
            f"{name}-year": str(value.year)}


def acknowledge(client, reference: str, handler_id: int | None = None) -> None:
    url = f"/staff/complaints/{reference}/acknowledge"
    page = get(client, url)
    data = {"definitions-0": "Damp in the bedroom; you want it fixed.",
            "definitions-1": "A missed repair appointment; you want compensation."}
    if handler_id is not None:
        data["handler"] = str(handler_id)
    else:
        found = re.search(r'name="handler" type="radio" value="(\d+)" checked', page)
        data["handler"] = found.group(1)
    act(client, url, data, page=page)


def response_data(**extra) -> dict[str, str]:
    data = {
        "issues-0-decision": "upheld", "issues-0-reasons": "The damp was reported and not fixed.",
        "issues-1-decision": "partially_upheld",
        "issues-1-reasons": "The appointment was missed; the day off is not ours to repay.",
        "apology": "We are sorry.", "explanation": "Our contractor missed the job.",
        "compensation": "£150", "learning": "We now confirm appointments the day before.",
        "actions-0-description": "Treat the damp", "actions-0-owner": "Repairs team",
    }
    data.update(extra)
    return data
