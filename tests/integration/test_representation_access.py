"""Who sees what (SPEC §9; seed 001 §8): a representative sees a complaint, its documents
and its PDFs only while a verified, unexpired, unrevoked authority covers it. Each state
is tried by URL; anything not visible is a 404, and the page that shows where the
authority stands shows nothing of the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint
from portal.services.accounts import access
from portal.services.records import clock
from portal.services.representation import authority as representation
from portal.services.representation import casework as staff_representation
from portal.services.stage1 import actions as stage1
from tests.integration.test_representation_support import (
    authority_of,
    document,
    make_representative,
    on_behalf,
    verify,
    yesterday,
)
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, sign_in

STATES = ["pending", "verified", "expired", "revoked", "rejected", "out_of_scope",
          "all_complaints"]


def _arrange(app, state: str) -> dict:
    """A resident with two complaints, each with a refusal letter (a PDF): one sent for
    them by a representative (with a letter of authority and a photo), and one they sent
    themselves. The representative's authority is put into `state`."""
    with app.test_request_context():
        resident = make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative(email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org",
                         scope="all" if state == "all_complaints" else "complaint",
                         expires_on=clock.today() + timedelta(days=30)
                         if state == "all_complaints" else None)
        own = make_complaint(resident)
        manager = make_staff("complaints_manager")
        for complaint in (made, own):
            stage1.refuse(manager, complaint, version=complaint.version, seen=0,
                            reasons=["late"], detail="")
        if state in ("verified", "expired", "revoked", "out_of_scope", "all_complaints"):
            verify(made)
        found = authority_of(made)
        if state == "expired":
            found.expires_on = yesterday()  # verified last month, ended yesterday
            db.session.commit()
        elif state == "revoked":
            representation.revoke(resident, found, "I will deal with it myself")
        elif state == "rejected":
            staff_representation.reject_authority(manager, found, reason="It is not signed")
        return {
            "made": made.reference, "own": own.reference,
            "photo": document(made, "evidence").id,
            "letter": document(made, "authority_letter").id,
            "made_pdf": document(made, "refusal_letter").id,
            "pdf": document(own, "refusal_letter").id,
        }


@pytest.mark.parametrize("state", STATES)
def test_each_authority_state_by_url(app, client, state):
    refs = _arrange(app, state)
    sign_in(client, "alex@advice.example.org")
    made, own = refs["made"], refs["own"]
    sees_made = state in ("verified", "out_of_scope", "all_complaints")
    sees_own = state == "all_complaints"

    status = 200 if sees_made else 404
    page = get(client, f"/complaints/{made}", status=status).get_data(as_text=True)
    assert ("Damp in the bedroom not fixed" in page) is sees_made
    for doc in ("photo", "letter", "made_pdf"):
        response = client.get(f"/complaints/{made}/documents/{refs[doc]}")
        assert response.status_code == status, (state, doc)
        if sees_made and doc == "made_pdf":
            assert response.data.startswith(b"%PDF-")
    htmx = client.get(f"/complaints/{made}", headers={"HX-Request": "true"})
    assert htmx.status_code == status

    # The resident's own complaint: only an authority for all their complaints covers it.
    status = 200 if sees_own else 404
    get(client, f"/complaints/{own}", status=status)
    response = client.get(f"/complaints/{own}/documents/{refs['pdf']}")
    assert response.status_code == status
    if sees_own:
        assert response.data.startswith(b"%PDF-")

    # Where the authority stands: the reference, the date and the state, never the case.
    limited = get(client, f"/representing/complaints/{made}").get_data(as_text=True)
    assert "Damp in the bedroom" not in limited and "mould.png" not in limited
    words = {"pending": "Being checked", "verified": "Verified", "expired": "Expired",
             "revoked": "Ended", "rejected": "Not accepted", "out_of_scope": "Verified",
             "all_complaints": "Verified"}[state]
    assert words in limited
    if state == "rejected":
        assert "It is not signed" in limited
    # Nobody else's complaint has such a page.
    get(client, f"/representing/complaints/{own}", status=404)


def _authority(reference: str):
    return authority_of(db.session.scalar(select(Complaint).where(
        Complaint.reference == reference)))


def test_the_moment_authority_is_revoked_access_ends(app, client):
    refs = _arrange(app, "verified")
    sign_in(client, "alex@advice.example.org")
    get(client, f"/complaints/{refs['made']}")
    with app.test_request_context():
        found = _authority(refs["made"])
        representation.revoke(found.resident, found)
    get(client, f"/complaints/{refs['made']}", status=404)
    assert client.get(f"/complaints/{refs['made']}/documents/{refs['photo']}").status_code == 404


def test_the_day_an_authority_ends_it_still_works_and_the_next_day_it_does_not(app, client):
    refs = _arrange(app, "verified")
    with app.app_context():
        _authority(refs["made"]).expires_on = clock.today()
        db.session.commit()
    sign_in(client, "alex@advice.example.org")
    get(client, f"/complaints/{refs['made']}")
    with app.app_context():
        rep = _authority(refs["made"]).representative
        tomorrow = clock.today() + timedelta(days=1)
        query = access.visible_complaints(rep, tomorrow).where(
            Complaint.reference == refs["made"])
        assert db.session.scalar(query) is None


def test_a_resident_sees_only_their_own_and_staff_see_all(app, client):
    refs = _arrange(app, "verified")
    with app.app_context():
        make_resident("Other Resident", email="other@example.org")
        make_staff("case_handler", email="handler@example.org")
    sign_in(client, "other@example.org")
    for ref in (refs["made"], refs["own"]):
        get(client, f"/complaints/{ref}", status=404)
        get(client, f"/representing/complaints/{ref}", status=404)
    client = app.test_client()
    sign_in(client, "jo@example.org")
    for ref in (refs["made"], refs["own"]):
        get(client, f"/complaints/{ref}")
    client = app.test_client()
    sign_in(client, "handler@example.org")
    for ref in (refs["made"], refs["own"]):
        get(client, f"/staff/complaints/{ref}")


def test_another_representative_sees_nothing(app, client):
    refs = _arrange(app, "verified")
    with app.app_context():
        make_representative("Other Advocate", email="other-rep@advice.example.org")
    sign_in(client, "other-rep@advice.example.org")
    get(client, f"/complaints/{refs['made']}", status=404)
    get(client, f"/representing/complaints/{refs['made']}", status=404)
    assert client.get(f"/complaints/{refs['made']}/documents/{refs['photo']}").status_code == 404
