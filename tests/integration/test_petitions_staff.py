"""Staff and a submitted petition (SPEC §5; seed 001 §5 and Appendix 2.2-2.3): signatures
verified or rejected, the petition rejected or referred to the Council with a letter to
the lead, or otherwise following the same stages, with the final response going to every
member of the petition."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Document
from portal.data.representation import Petition, Signature
from tests.integration.test_representation_support import (
    HOUSEHOLDS,
    PNG,
    link,
    mail,
    pdf_text,
    respond_to,
    submitted_petition,
)
from tests.integration.test_staff_support import act
from tests.pagecheck import check_page
from tests.support.factories import make_staff
from tests.support.web import csrf_token, get, post, sign_in


@pytest.fixture
def settings(tmp_path, database_url):
    """A threshold of 5 households is ISHA's alone (seeds/001_5ef213f20e0d3d47.txt
    Appendix 2.1; SPEC §5): these tests follow the ISHA petition protocol."""
    from tests.conftest import make_settings

    return make_settings(tmp_path, database_url, profile="isha")



def _arrange(app, role: str = "complaints_manager") -> tuple[str, int]:
    with app.test_request_context():
        petition, complaint = submitted_petition()
        make_staff(role, email="staff@example.org")
        return complaint.reference, petition.id


def test_the_final_response_reaches_every_member(app, client):
    with app.test_request_context():
        petition, complaint = submitted_petition()
        response = respond_to(complaint)
        text = pdf_text(response.document.file.data)
        assert "Members of the petition “Repair the lifts at Rose Court”" in text
        assert "Care of Lee Lead" in text
        emails = [email for *_rest, email in HOUSEHOLDS if email]
        for email in emails:
            [told] = mail(email, "petition_member_letter")
            assert "Repair the lifts" not in told.subject  # no detail in the subject
        assert mail(petition.lead.email, "responded")  # the lead, as the contact
        signer_url = link(mail("ann@example.org", "petition_member_letter")[0], "/signed/")
        document_id = response.document_id
        no_email = db.session.scalar(select(Signature).where(Signature.email.is_(None)))
        assert no_email.name == "Cat Cole"  # the one member with no email is not emailed
    member = app.test_client()
    page = get(member, signer_url).get_data(as_text=True)
    assert "Our letters about the petition" in page and "stage-1-response" in page
    letter = member.get(f"{signer_url}/letters/{document_id}")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    assert member.get(f"{signer_url}/letters/{document_id + 999}").status_code == 404


def test_staff_verify_and_reject_signatures_and_the_households_are_recounted(app, client):
    reference, petition_id = _arrange(app, "case_handler")
    sign_in(client, "staff@example.org")
    case = get(client, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "Petition" in case and "5 of the 5 needed" in case
    url = f"/staff/complaints/{reference}/petition"
    page = get(client, url).get_data(as_text=True)
    for name, *_ in HOUSEHOLDS:
        assert name in page  # staff see every signer
    with app.app_context():
        ids = [s.id for s in db.session.scalars(select(Signature).order_by(Signature.id))]
    post(client, f"{url}/signatures/{ids[0]}/verify", {}, from_url=url, status=303)
    missing = post(client, f"{url}/signatures/{ids[1]}/reject", {}, from_url=url, status=400)
    assert "Enter why the signature does not count" in missing.get_data(as_text=True)
    post(client, f"{url}/signatures/{ids[1]}/reject", {"reason": "Not one of our homes"},
         from_url=url, status=303)
    with app.app_context():
        statuses = [s.status for s in db.session.scalars(select(Signature).order_by(
            Signature.id))]
        assert statuses[:2] == ["verified", "rejected"]
    page = get(client, url).get_data(as_text=True)
    assert "<strong>4</strong> households" in page
    # A handler cannot reject the whole petition.
    get(client, f"{url}/reject", status=403)


def test_staff_add_a_paper_signature_with_its_sheet(app, client):
    reference, _petition_id = _arrange(app)
    sign_in(client, "staff@example.org")
    url = f"/staff/complaints/{reference}/petition"
    page = get(client, url).get_data(as_text=True)
    response = client.post(f"{url}/paper-signatures", data={
        "csrf_token": csrf_token(page), "name": "Pat Paper", "address_line_1": "9 Rose Road",
        "town": "London", "postcode": "E1 1AA", "declaration": "y",
        "sheet": (io.BytesIO(PNG), "sheet.png")}, content_type="multipart/form-data")
    assert response.status_code == 303
    bad = client.post(f"{url}/paper-signatures", data={
        "csrf_token": csrf_token(page), "name": "Pat Paper", "address_line_1": "9 Rose Road",
        "town": "London", "postcode": "nowhere", "declaration": "y"})
    assert bad.status_code == 400
    check_page(bad.get_data(as_text=True), status=400)
    with app.app_context():
        signature = db.session.scalar(select(Signature).where(Signature.name == "Pat Paper"))
        sheet = db.session.get(Document, signature.sheet_document_id)
        assert signature.status == "verified" and signature.source == "paper"
        assert sheet.complaint.reference == reference and sheet.internal
    page = get(client, url).get_data(as_text=True)
    assert "Pat Paper" in page and "<strong>6</strong> households" in page


def test_reject_a_petition_with_a_letter_to_the_lead(app, client):
    reference, petition_id = _arrange(app)
    sign_in(client, "staff@example.org")
    url = f"/staff/complaints/{reference}/petition/reject"
    page = get(client, url).get_data(as_text=True)
    assert "vexatious, discriminatory, abusive" in page
    missing = act(client, url, {"reason": "x"}, status=400, page=page)
    assert "Select why the petition is rejected" in missing.get_data(as_text=True)
    act(client, url, {"grounds": "abusive",
                      "reason": "It names a member of staff and uses abusive language."})
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        petition = db.session.get(Petition, petition_id)
        assert (complaint.status, complaint.closed_reason) == ("not_accepted",
                                                               "petition_rejected")
        assert petition.status == "rejected"
        assert "abusive language" in petition.decision_reason
        letter = db.session.scalar(select(Document).where(
            Document.kind == "petition_rejection_letter"))
        text = pdf_text(letter.file.data)
        assert "Dear Lee Lead" in text and "abusive" in text and "Housing Ombudsman" in text
        [told] = mail("lee@example.org", "petition_decided")
        assert "abusive language" in told.text
        assert not mail("ann@example.org", "petition_member_letter")  # to the lead alone
    get(client, url, status=200)  # the page still opens, but the action is no longer offered
    again = act(client, url, {"grounds": "abusive", "reason": "Again"}, status=400)
    assert "only before the stage 1 response" in again.get_data(as_text=True)


def test_refer_a_petition_to_the_council_with_a_letter_to_the_lead(app, client):
    reference, petition_id = _arrange(app, "customer_services")
    sign_in(client, "staff@example.org")
    url = f"/staff/complaints/{reference}/petition/refer-to-council"
    act(client, url, {"council": "London Borough of Camden",
                      "reason": "Street lighting on Rose Road is the Council's."})
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert (complaint.status, complaint.closed_reason) == ("closed", "referred_to_council")
        assert db.session.get(Petition, petition_id).status == "referred"
        letter = db.session.scalar(select(Document).where(
            Document.kind == "council_referral_letter"))
        text = pdf_text(letter.file.data)
        assert "London Borough of Camden" in text and "Street lighting" in text
        assert mail("lee@example.org", "petition_referred")


def test_staff_routes_for_a_complaint_that_is_not_a_petition_are_404(app, client):
    from tests.support.factories import make_complaint

    with app.app_context():
        reference = make_complaint().reference
        make_staff("complaints_manager", email="staff@example.org")
    sign_in(client, "staff@example.org")
    for path in ("petition", "petition/reject", "petition/refer-to-council"):
        get(client, f"/staff/complaints/{reference}/{path}", status=404)


def test_the_queue_marks_a_petition_as_a_group_complaint(app, client):
    reference, _petition_id = _arrange(app)
    with app.test_request_context():
        from tests.support.factories import make_complaint

        single = make_complaint().reference
    sign_in(client, "staff@example.org")
    page = get(client, "/staff").get_data(as_text=True)
    rows = {ref: page.split(ref, 2)[-1].split("</tr>", 1)[0] for ref in (reference, single)}
    assert "Petition" in rows[reference] and "Led by" in rows[reference]
    assert "Petition" not in rows[single]
