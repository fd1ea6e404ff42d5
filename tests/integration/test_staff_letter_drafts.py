"""Staff letters (issue 15, items 9 and 11): "Save and come back later" keeps a draft per
complaint per letter, "Preview the letter" renders it by the sending path and stores,
records and sends nothing, "Send" deletes the draft; a draft written on an older
version of the complaint says so; every page says how the resident will be told, and a
letter that needs a postal address we do not have cannot be sent."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import (
    ContactTask,
    Document,
    Event,
    OutboxMessage,
    Response,
    StaffDraft,
)
from portal.services.records import casework, clock
from tests.integration import test_stage2_support as stage2
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    date_fields,
    get,
    hidden,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.integration.test_staff_support import response_data as _response_data
from tests.integration.test_stage2_support import app_for_fixture  # noqa: F401 (a fixture)
from tests.pagecheck import check_page
from tests.support.factories import make_complaint, make_resident, make_staff

APOLOGY = "We are truly sorry about the mould in the back bedroom."


def response_data(**extra):
    """A complete stage 1 response, its action due in a fortnight."""
    due = casework.today() + timedelta(days=14)
    return _response_data(**{**date_fields("actions-0-due_on", due), **extra})


def _ready(app, client, **complaint_args):
    email, ref = staff_and_complaint(no_csrf(app), **complaint_args)
    sign_in(client, email)
    acknowledge(client, ref)
    return ref


def _counts():
    """Everything a sent letter would leave behind."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Document, Event, Response, OutboxMessage, ContactTask))


def _drafts():
    return db.session.scalars(select(StaffDraft)).all()


def test_a_draft_is_saved_and_everything_typed_comes_back(app, client):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"
    with app.app_context():
        before = _counts()
    data = response_data(apology=APOLOGY, **{"issues-1-decision": "not_upheld",
                                            "actions-0-due_on-day": "3"})
    response = act(client, url, {**data, "letter_action": "save"})
    assert response.headers["Location"].endswith(f"/staff/complaints/{ref}")
    assert "Your draft of the stage 1 response is saved" in get(client, f"/staff/complaints/{ref}")
    with app.app_context():
        [draft] = _drafts()
        assert draft.kind == "stage1" and draft.answers["apology"] == [APOLOGY]
        assert "csrf_token" not in draft.answers and "letter_action" not in draft.answers
        assert _counts() == before  # a draft is not an event, a letter or a message

    html = get(client, url)
    assert 'id="draft-restored"' in html and 'id="draft-stale"' not in html
    assert APOLOGY in html
    assert 'value="upheld" checked' in html and 'value="not_upheld" checked' in html
    assert "The damp was reported and not fixed." in html
    assert "Treat the damp" in html and 'value="Repairs team"' in html
    assert 'value="£150"' in html
    # The issues, the resident's evidence and the contact log are beside the form.
    assert "Reported in March, no visit." in html
    assert "The resident’s evidence" in html and "Contact log" in html


def test_preview_renders_the_letter_and_changes_nothing(app, client):
    ref = _ready(app, client, adjustments=["large_print"])
    url = f"/staff/complaints/{ref}/stage-1-response"
    with app.app_context():
        before = _counts()
        status = complaint(ref).status
    response = act(client, url, {**response_data(apology=APOLOGY), "letter_action": "preview"},
                   status=200)
    html = response.get_data(as_text=True)
    assert "Check the stage 1 response before you send it" in html
    assert html.count('src="data:image/png;base64,') >= 1
    assert "Nothing has been sent or stored yet" in html
    # The Send form carries what was typed, so Send sends what was previewed.
    assert f'name="apology" value="{APOLOGY}"' in html

    pdf = client.get(f"/staff/complaints/{ref}/letters/stage1/preview.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "We are truly sorry" in " ".join(text.split())
    assert "Stage 1 response" in text
    large = client.get(f"/staff/complaints/{ref}/letters/stage1/preview.pdf?large=1")
    assert large.status_code == 200 and large.data != pdf.data

    with app.app_context():
        assert _counts() == before  # no document, event, response, email or task
        found = complaint(ref)
        assert found.status == status and found.stage1_sent_on is None
        assert [i.decision for i in found.issues] == [None, None]
        assert len(_drafts()) == 1  # previewing keeps the draft

    # Send, from the preview page: the response goes and the draft is gone.
    sent = client.post(url, data=hidden(html) | {
        k: v for k, v in response_data(apology=APOLOGY).items()})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]
    with app.app_context():
        assert complaint(ref).status == "stage1_responded"
        [stored] = db.session.scalars(select(Response)).all()
        assert stored.content["apology"] == APOLOGY
        assert _drafts() == []


def test_preview_with_something_missing_shows_the_error_summary_and_keeps_it(app, client):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"
    data = response_data(apology=APOLOGY)
    data["issues-1-reasons"] = ""
    response = act(client, url, {**data, "letter_action": "preview"}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Enter the reasons for issue 2" in html
    assert APOLOGY in html and 'value="upheld" checked' in html
    with app.app_context():
        [draft] = _drafts()  # kept even though it cannot be previewed yet
        assert draft.answers["issues-1-reasons"] == [""]
    # The PDF route sends an unfinished draft back to the form.
    assert client.get(f"/staff/complaints/{ref}/letters/stage1/preview.pdf").status_code == 303


def test_a_stale_draft_says_what_changed_and_send_shows_the_conflict(app, client):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"
    act(client, url, {**response_data(apology=APOLOGY), "letter_action": "save"})
    assert 'id="draft-stale"' not in get(client, url)
    with app.app_context():
        other = make_staff("case_handler", name="Nia New").id
    act(client, f"/staff/complaints/{ref}/change-handler",
        {"handler": str(other), "reason": "Sam is on leave for three weeks."})

    html = get(client, url)
    assert 'id="draft-stale"' in html
    assert "The complaint has changed since this draft was saved" in html
    assert "Nia New" in html and APOLOGY in html
    response = client.post(url, data={**hidden(html), **response_data(apology=APOLOGY)})
    assert response.status_code == 409
    assert "Someone else changed this complaint" in response.get_data(as_text=True)
    with app.app_context():
        assert complaint(ref).status == "stage1"
        assert len(_drafts()) == 1


def test_the_refusal_letter_has_a_draft_and_a_preview_too(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/refuse"
    data = {"reasons": ["legal_proceedings"], "detail": "A claim was filed in May."}
    act(client, url, {**data, "letter_action": "save"})
    html = get(client, url)
    assert "A claim was filed in May." in html
    assert re.search(r'value="legal_proceedings"[^>]* checked>', html)
    assert not re.search(r'value="late"[^>]* checked>', html)
    with app.app_context():
        before = _counts()
    page = act(client, url, {**data, "letter_action": "preview"}, status=200)
    assert "Check the refusal letter before you send it" in page.get_data(as_text=True)
    pdf = client.get(f"/staff/complaints/{ref}/letters/refusal/preview.pdf")
    assert "A claim was filed in May." in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    with app.app_context():
        assert _counts() == before and complaint(ref).status == "received"
    act(client, url, data, page=html)
    with app.app_context():
        assert complaint(ref).status == "not_accepted" and _drafts() == []


def test_the_page_says_how_the_resident_will_be_told(app, client):
    by_email = _ready(app, client)
    html = get(client, f"/staff/complaints/{by_email}/stage-1-response")
    assert "When you send it: Jo Resident will be emailed a link to it." in html
    assert "Send the stage 1 response and email it</button>" in html

    for method, words, button in (
            ("letter", "A letter to post to Jo Resident will wait on Letters and calls",
             "print it to post"),
            ("phone", "A call to make to Jo Resident will wait on Letters and calls",
             "call to tell them")):
        ref = _ready(app, client, contact_method=method)
        html = get(client, f"/staff/complaints/{ref}/stage-1-response")
        assert words in html and f"and {button}</button>" in html
        refuse = get(client, f"/staff/complaints/{ref}/refuse")
        assert words in refuse
    # After sending, the banner says how they were told.
    act(client, f"/staff/complaints/{ref}/stage-1-response", response_data())
    banner = get(client, f"/staff/complaints/{ref}")
    assert "Stage 1 response sent. A call to Jo Resident is waiting on Letters and calls" \
        in banner


def test_large_print_without_an_address_cannot_be_sent(app, client):
    with no_csrf(app).app_context():
        staff = make_staff("complaints_manager", name="Sam Manager")
        resident = make_resident("Ada Noaddress")  # no address, no postcode
        ref = make_complaint(resident, adjustments=["large_print"]).reference
        email = staff.email
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/stage-1-response"
    html = get(client, url)
    assert 'id="cannot-send"' in html and "This letter cannot be sent yet" in html
    assert "asked for letters in large print but we have no postal address" in html
    assert "Send the stage 1 response and" not in html
    assert "Save and come back later" in html and "Preview the letter" in html
    # A hand-made Send is refused the same way, and nothing typed is lost.
    response = client.post(url, data={**hidden(html), **response_data(apology=APOLOGY)})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    check_page(body, status=400)
    assert "no postal address" in body and APOLOGY in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_stage_2_response_and_declined_review_have_drafts_and_previews(app_for, monkeypatch):
    """The reviewer's letters go through the same page: a stage 2 response previewed
    (stage 2 decisions not recorded by the preview), and a declined review saved,
    previewed and sent (ISHA 001 §2.8 reasons)."""
    app = no_csrf(app_for("isha"))
    case = stage2.responded(app, received=date(2026, 4, 20), sent=date(2026, 5, 1))
    stage2.ask(app, case, date(2026, 5, 6))
    monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 7))
    client = app.test_client()
    sign_in(client, case.reviewer_email)
    url = f"/staff/complaints/{case.reference}/decline-review"
    data = {"reasons": ["unreasonable_behaviour"], "detail": "The same points as before."}
    act(client, url, {**data, "letter_action": "save"})
    assert "The same points as before." in get(client, url)
    with app.app_context():
        before = _counts()
    page = act(client, url, {**data, "letter_action": "preview"}, status=200)
    assert "Check the letter declining the review before you send it" in page.get_data(
        as_text=True)
    pdf = client.get(f"/staff/complaints/{case.reference}/letters/decline/preview.pdf")
    assert "The same points as before." in stage2.pdf_text(pdf.data)
    with app.app_context():
        assert _counts() == before and complaint(case.reference).status == "stage2_requested"

    stage2.acknowledge_stage2(app, case, date(2026, 5, 7))
    respond = f"/staff/complaints/{case.reference}/stage-2-response"
    reasons = {"issues-0-decision": "upheld", "issues-0-reasons": "The repair did not work.",
               "issues-1-decision": "not_upheld", "issues-1-reasons": "It was rebooked."}
    shown = act(client, respond, {**reasons, "letter_action": "preview"}, status=200)
    assert "Check the stage 2 response before you send it" in shown.get_data(as_text=True)
    with app.app_context():
        found = complaint(case.reference)
        assert [i.stage2_decision for i in found.issues] == [None, None]
        assert found.status == "stage2" and found.stage2_sent_on is None
        assert {d.kind for d in _drafts()} == {"decline", "stage2"}


def test_a_preview_whose_pictures_fail_still_offers_the_pdf(app, client, monkeypatch):
    from portal.services.correspondence import letter_preview

    ref = _ready(app, client)

    def broken(pdf):
        raise RuntimeError("PDFium fell over")

    monkeypatch.setattr(letter_preview, "page_images", broken)
    page = act(client, f"/staff/complaints/{ref}/stage-1-response",
               {**response_data(), "letter_action": "preview"}, status=200)
    html = page.get_data(as_text=True)
    assert "The pages cannot be shown here" in html and "Download this preview (PDF)" in html
    assert "data:image/png" not in html


def test_a_representative_and_a_resident_by_post_are_each_named(app, client):
    """Correspondence to both: the adviser is emailed, the resident (no email address)
    is written to by post; the page and the Send button say both."""
    from tests.integration.test_representation_support import (
        make_representative,
        on_behalf,
        verify,
    )

    with no_csrf(app).test_request_context():
        made = on_behalf(make_representative("Alex Advocate"), resident_name="Jo Post")
        verify(made)
        staff = make_staff("complaints_manager", name="Sam Manager")
        ref, email = made.reference, staff.email
    sign_in(client, email)
    html = get(client, f"/staff/complaints/{ref}/refuse")
    assert "A letter to post to Jo Post will wait on Letters and calls to make." in html
    assert "Alex Advocate will be emailed a link to it." in html
    assert "Refuse: send the refusal letter, print it to post and email it</button>" in html
