"""Issue 15, items 1, 3 and 4: the resident's complaint page (and a representative's view
of it) says what happens next in the person's terms, never buries a response, and has
an HTML version of every letter with the same words as the PDF.

The page's statement count staying the same with more data is checked in
test_query_counts; who may open a letter's web version in the authorization matrix.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

import pytest

from portal.data.db import db
from portal.data.models import AgreedContact, ContactLog, Document, StoredFile
from portal.domain.next_steps import long_date
from portal.services.records import casework, clock, due_index
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    app_for_fixture,
    ask,
    complaint,
    pdf_text,
    quick_letters,
    responded,
)
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident, make_staff

RECEIVED, SENT = date(2026, 4, 20), date(2026, 5, 1)


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip())


def _words(text: str) -> list[str]:
    """Words in reading order, punctuation kept with its word ("review)." both ways)."""
    return re.sub(r"\s+([.,;:)])", r"\1", _text(text)).split()


def _lead(page: str) -> str:
    return _text(re.search(r'<p class="govuk-body-l portal-lead" id="what-happens-next">'
                           r"(.*?)</p>", page, re.S).group(1))


def _dates(page: str) -> list[str]:
    section = page[page.index(">Dates</h2>"):page.index("What you told us")]
    return [_text(h) for h in re.findall(r'<h3 class="govuk-heading-s[^"]*">(.*?)</h3>',
                                         section, re.S)]


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def test_a_new_complaint_leads_with_when_we_will_confirm_it_and_the_answer_about(app):
    today = clock.today()
    with app.app_context():
        found = make_complaint(make_resident("Ada Lovelace", email="ada@example.org"),
                               received=today)
        reference, due = found.reference, found.next_due_on
    client = app.test_client()
    sign_in(client, "ada@example.org")
    page = get(client, f"/complaints/{reference}")
    assert _lead(page) == f"We will confirm we have your complaint by {long_date(due)}."
    shown = _dates(page)
    assert shown[0] == f"We will confirm we have your complaint by {long_date(due)}"
    # Before acknowledgement the answer's date is there too, as "about".
    about = [d for d in shown if d.startswith("We expect to send our answer by about ")]
    assert len(about) == 1 and re.search(r"\d{4}$", about[0])
    # The headings say what the resident gets (the policy's own words stay in "How we
    # worked this out").
    assert not [d for d in shown if d.startswith(("Acknowledge", "Stage 1 response"))]

    confirmation = get(client, f"/complaints/{reference}/confirmation")
    assert (f'id="what-happens-next">We will confirm we have your complaint by '
            f"{long_date(due)}.</p>") in confirmation
    assert about[0].removeprefix("We expect to send our answer by about ") in confirmation


def test_a_missed_call_leads_with_sorry_and_the_landlords_number(app):
    today = clock.today()
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        found = make_complaint(make_resident("Ada Lovelace", email="ada@example.org"),
                               received=today - timedelta(days=4))
        stage1.acknowledge(manager, found, version=found.version,
                           seen=casework.last_event_id(found), handler_id=manager.id,
                           definitions={i.id: "Understood" for i in found.issues})
        db.session.execute(db.update(ContactLog).where(ContactLog.complaint_id == found.id)
                           .values(happened_at=clock.now() - timedelta(days=3)))
        db.session.add(AgreedContact(complaint_id=found.id, due_on=today - timedelta(days=1),
                                     method="phone", agreed_by_id=manager.id))
        db.session.commit()
        due_index.refresh(found)
        db.session.commit()
        reference, phone = found.reference, app.config["PORTAL"].landlord_phone
    client = app.test_client()
    sign_in(client, "ada@example.org")
    lead = _lead(get(client, f"/complaints/{reference}"))
    assert lead == (f"We missed the call we promised on {long_date(today - timedelta(days=1))}"
                    f". We are sorry: your case handler will contact you as soon as they can. "
                    f"If you would rather not wait, ring us on {phone}, quoting {reference}.")


def test_an_extensions_reason_appears_once_in_the_timeline(app):
    today = clock.today()
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        found = make_complaint(make_resident("Ada Lovelace", email="ada@example.org"),
                               received=today - timedelta(days=3))
        stage1.acknowledge(manager, found, version=found.version,
                           seen=casework.last_event_id(found), handler_id=manager.id,
                           definitions={i.id: "Understood" for i in found.issues})
        from portal.services.records.deadlines import extension_window

        current, latest = extension_window(found, 1)
        stage1.extend(manager, found, version=found.version, seen=None,
                      new_on=latest or current + timedelta(days=7),
                      reason="We are waiting for the surveyor's report")
        reference = found.reference
    client = app.test_client()
    sign_in(client, "ada@example.org")
    page = get(client, f"/complaints/{reference}")
    timeline = page[page.index("What has happened"):]
    assert timeline.count("waiting for the surveyor") == 1


def test_a_response_opens_the_page_with_a_banner_plain_names_and_the_same_words_in_html(
        app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    case = responded(app, received=RECEIVED, sent=SENT)
    _on(monkeypatch, SENT + timedelta(days=2))
    with app.app_context():
        found = complaint(case.reference)
        letter = next(d for d in found.documents if d.kind == "response_letter")
        letter_id, size, pdf = letter.id, letter.file.size, letter.file.data
    client = app.test_client()
    sign_in(client, case.resident_email)
    page = get(client, f"/complaints/{case.reference}")
    banner = page[page.index('id="response-banner"'):page.index("<h1")]
    kilobytes = f"{round(size / 1024)} KB"
    assert (f'We have sent our response: <a class="govuk-notification-banner__link" '
            f'href="/complaints/{case.reference}/documents/{letter_id}">Read it (PDF, '
            f"{kilobytes})</a>") in banner
    assert "Our stage 1 response, 1 May 2026" in banner
    documents = _text(page[page.index('id="documents"'):page.index("What has happened")])
    assert f"Our stage 1 response, 1 May 2026 (PDF, {kilobytes}) Read it on a web page" in \
        documents
    assert f"{case.reference}-" not in documents  # no file names of ours
    # The countdown gives the year.
    assert re.search(r"working days? left: until \w+ \d+ \w+ 2026", page)

    web = get(client, f"/complaints/{case.reference}/documents/{letter_id}/letter")
    article = web[web.index('<article class="portal-letter"'):web.index("</article>")]
    # The PDF's running footer on every page is the page's, not the letter's words.
    in_pdf = re.sub(rf"Our reference: {case.reference} Page \d+ of \d+ ?", "", pdf_text(pdf))
    assert _words(article) == _words(in_pdf)
    assert len(_words(in_pdf)) > 400 and "Our decisions" in in_pdf
    assert "<style" not in article and 'style="' not in article


@pytest.mark.usefixtures("quick_letters")
def test_a_late_review_request_not_yet_accepted_shows_no_date_for_its_answer(
        app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    case = responded(app, received=RECEIVED, sent=SENT)
    late_day = date(2026, 6, 10)  # the last day to ask was Wednesday 3 June 2026
    _on(monkeypatch, late_day)
    client = app.test_client()
    sign_in(client, case.resident_email)
    form = get(client, f"/complaints/{case.reference}/ask-for-a-review")
    said = _text(re.search(r'id="review-answered-by">(.*?)</p>', form, re.S).group(1))
    assert said.startswith("If we accept your request, we expect to send the review’s "
                           "answer by about ")
    assert '<details class="govuk-details" id="each-issue">' in form  # folded: short form
    assert ask(app, case, late_day, late_reason="I was in hospital.")
    page = get(client, f"/complaints/{case.reference}")
    assert _lead(page) == ("We will decide whether to accept your late request for a "
                           "review, and tell you.")
    assert "the review's answer" not in page and "the review&#39;s answer" not in page


@pytest.mark.usefixtures("quick_letters")
def test_a_review_form_in_time_says_when_the_review_will_be_answered(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    case = responded(app, received=RECEIVED, sent=SENT)
    _on(monkeypatch, date(2026, 5, 20))
    client = app.test_client()
    sign_in(client, case.resident_email)
    form = get(client, f"/complaints/{case.reference}/ask-for-a-review")
    said = _text(re.search(r'id="review-answered-by">(.*?)</p>', form, re.S).group(1))
    assert re.fullmatch(r"If you ask today, we expect to send the review’s answer by about "
                        r"\w+day \d+ \w+ 2026 ?\. We will tell you the exact date when we "
                        r"confirm we have your request\.", said), said


def test_a_message_that_is_not_a_success_uses_the_neutral_banner(app):
    with app.app_context():
        found = make_complaint(make_resident("Ada Lovelace", email="ada@example.org"))
        reference = found.reference
    client = app.test_client()
    sign_in(client, "ada@example.org")
    response = client.get(f"/complaints/{reference}/ask-for-a-review")
    assert response.status_code == 303
    page = get(client, f"/complaints/{reference}")
    banner = page[page.index('id="notice-title"') - 300:page.index("</main>")]
    assert "govuk-notification-banner--success" not in banner.split("</div>\n      </div>")[0]
    assert "You cannot ask for a review of this complaint now." in banner
    assert ">Important</h2>" in banner


@pytest.mark.usefixtures("quick_letters")
def test_a_letters_web_version_is_seen_only_by_who_may_download_it(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    case = responded(app, received=RECEIVED, sent=SENT)
    with app.app_context():
        found = complaint(case.reference)
        letter = next(d for d in found.documents if d.kind == "response_letter")
        url = f"/complaints/{case.reference}/documents/{letter.id}/letter"
        stored = db.session.get(StoredFile, letter.html_file_id)
        assert stored is not None and b"Our decisions" in stored.data
        make_resident("Other Resident", email="other@example.org")
        adviser = make_resident("Sam Adviser", email="adviser@example.org")
        bulk.authorities(adviser.id, [clock.now()], status="verified", scope="all",
                         resident_id=found.resident_id, name="Jo Resident")
        evidence = Document(kind="evidence", filename="photo.jpg", content_type="image/jpeg",
                            file_id=letter.file_id, complaint_id=found.id)
        db.session.add(evidence)
        db.session.commit()
        upload_url = f"/complaints/{case.reference}/documents/{evidence.id}/letter"
    for email, status in [(case.resident_email, 200), ("adviser@example.org", 200),
                          ("other@example.org", 404)]:
        client = app.test_client()
        sign_in(client, email)
        response = client.get(url)
        assert response.status_code == status, email
        if status == 200:
            assert "Our decisions" in response.get_data(as_text=True)
            assert response.headers["Cache-Control"] == "private, no-store"
    client = app.test_client()
    sign_in(client, case.resident_email)
    assert client.get(upload_url).status_code == 404  # an upload has no web version
