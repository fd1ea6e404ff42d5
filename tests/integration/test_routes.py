"""Every route: page-checked when fetched, CSRF on every POST, staff routes
guarded, and the outbox readable by administrators only."""

from __future__ import annotations

import re

from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, sign_in


def _row_counts() -> dict[str, int]:
    from sqlalchemy import func, select

    from portal.data.db import db
    from portal.data.models import (
        Complaint,
        ContactTask,
        Event,
        OutboxMessage,
        ThrottleHit,
        User,
    )

    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Event, Complaint, OutboxMessage, User, ContactTask, ThrottleHit)}


def test_every_post_route_refuses_a_missing_wrong_or_borrowed_csrf_token(app):
    """No token, a made-up token, and a real token from another person's session: each is
    refused with the CSRF page before the view runs, and nothing in the database changes.
    Staff routes are sent as an administrator, every other route as the owner resident."""
    from tests.support.web import csrf_token

    with app.app_context():
        resident = make_resident(email="csrf@example.org")
        make_resident(email="other@example.org")
        reference = make_complaint(resident).reference
        admin_email = make_staff("administrator").email
    owner, admin, other = app.test_client(), app.test_client(), app.test_client()
    sign_in(owner, "csrf@example.org")
    sign_in(admin, admin_email)
    sign_in(other, "other@example.org")
    borrowed = csrf_token(other.get("/").get_data(as_text=True))
    with app.app_context():
        before = _row_counts()
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        values = {}
        for arg in rule.arguments:
            values[arg] = reference if arg == "reference" else 1
        url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m, v=values: str(v[m.group(1)]),
                     rule.rule)
        client = admin if rule.rule.startswith("/staff") else owner
        for token in (None, "not-a-token", borrowed):
            data = {} if token is None else {"csrf_token": token}
            response = client.post(url, data=data)
            assert response.status_code == 400, (rule.rule, token, response.status_code)
            assert b"Your session has expired" in response.data, (rule.rule, token)
            checked += 1
    assert checked >= 60
    with app.app_context():
        assert _row_counts() == before


def test_every_staff_view_carries_a_permission(app):
    staff_views = {name: view for name, view in app.view_functions.items()
                   if name.startswith("staff.")}
    assert len(staff_views) >= 12
    unguarded = [name for name, view in staff_views.items()
                 if not hasattr(view, "staff_permission")]
    assert unguarded == []


def test_every_staff_url_is_404_for_residents(app):
    client = app.test_client()
    with app.app_context():
        make_resident(email="r404@example.org")
    sign_in(client, "r404@example.org")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff") or "GET" not in rule.methods:
            continue
        url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "1", rule.rule)
        # The reports tell a resident plainly that they may not see them (issue 14).
        expected = 403 if rule.rule.startswith("/staff/reports") else 404
        assert client.get(url).status_code == expected, rule.rule


def test_outbox_is_for_administrators(app):
    client = app.test_client()
    with app.app_context():
        admin = make_staff("administrator")
        handler = make_staff("case_handler")
        make_complaint()
        admin_email, handler_email = admin.email, handler.email
    sign_in(client, handler_email)
    get(client, "/staff/outbox", status=403)
    client = app.test_client()
    sign_in(client, admin_email)
    page = get(client, "/staff/outbox").get_data(as_text=True)
    assert "We have received your complaint" in page
    link = re.search(r'href="(/staff/outbox/\d+)"', page).group(1)
    assert "Your reference is" in get(client, link).get_data(as_text=True)


def test_outbox_cli_lists_and_shows(app):
    with app.app_context():
        make_complaint()
    cli = app.test_cli_runner()
    listing = cli.invoke(args=["outbox", "list"]).output
    assert "We have received your complaint" in listing
    message_id = listing.split()[0]
    shown = cli.invoke(args=["outbox", "show", message_id]).output
    assert "Your reference is CMP-" in shown
    assert cli.invoke(args=["outbox", "show", "99999"]).exit_code == 1


def test_staff_never_download_through_the_resident_route(app):
    """An administrator (or any staff) asking for a document on the resident's route is sent
    to the staff complaint page; the file comes only from the staff route, by permission."""
    from portal.data.db import db
    from portal.data.models import Complaint
    from portal.services.records.documents import add_document, check_upload

    with app.app_context():
        resident = make_resident(email="owner@example.org")
        complaint = make_complaint(resident)
        reference = complaint.reference
        shared = add_document(kind="evidence", checked=check_upload("damp.txt", b"mould"),
                              uploaded_by_id=resident.id, complaint_id=complaint.id)
        internal = add_document(kind="note", checked=check_upload("note.txt", b"internal"),
                                uploaded_by_id=resident.id, complaint_id=complaint.id,
                                internal=True)
        db.session.commit()
        ids = {"shared": shared.id, "internal": internal.id}
        emails = {role: make_staff(role).email
                  for role in ("administrator", "case_handler", "customer_services")}
        assert db.session.get(Complaint, complaint.id) is not None
    for role, email in emails.items():
        client = app.test_client()
        sign_in(client, email)
        for which, document_id in ids.items():
            response = client.get(f"/complaints/{reference}/documents/{document_id}")
            assert response.status_code == 303, (role, which, response.status_code)
            assert response.headers["Location"] == f"/staff/complaints/{reference}"
            assert b"mould" not in response.data and b"internal" not in response.data
    owner = app.test_client()
    sign_in(owner, "owner@example.org")
    assert owner.get(f"/complaints/{reference}/documents/{ids['shared']}").data == b"mould"
    assert owner.get(f"/complaints/{reference}/documents/{ids['internal']}").status_code == 404
