"""Issue 15, items 2 and 7: the resident's list of complaints and the adviser's list of
their clients' complaints say what happens next, in the reader's terms, as one GOV.UK
summary card per complaint (no table that scrolls sideways at 320 px), from the stored
next due date (records.due_index), not a deadline worked out again per row.

That these pages send the same few statements with 10 or 1,000 complaints is checked in
test_query_counts (both pages are in it)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from portal.data.db import db
from portal.data.models import AgreedContact, Complaint, ContactLog
from portal.domain.next_steps import long_date
from portal.services.records import casework, clock, due_index
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import get, sign_in
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident, make_staff


def _cards(html: str) -> list[str]:
    return re.findall(r'<div class="govuk-summary-card">(.*?)\n  </div>\n', html, re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip())


def _acknowledged(manager, complaint: Complaint) -> None:
    stage1.acknowledge(manager, complaint, version=complaint.version,
                       seen=casework.last_event_id(complaint), handler_id=manager.id,
                       definitions={i.id: "Understood" for i in complaint.issues})


def test_the_residents_list_is_a_card_per_complaint_saying_what_happens_next(app):
    today = clock.today()
    with app.app_context():
        ada = make_resident("Ada Lovelace", email="ada@example.org")
        fresh = make_complaint(ada, received=today)
        late = make_complaint(ada, received=today - timedelta(days=40),
                              issues=[{"summary": "Broken boiler", "details": "No heat.",
                                       "happened_on": "2026-09-01", "aware_on": "2026-09-01",
                                       "outcome_wanted": "Fix it."}])
        fresh_due, late_due = fresh.next_due_on, late.next_due_on
        assert fresh.next_due_key == late.next_due_key == "acknowledge"
        assert fresh_due >= today > late_due
        refs = fresh.reference, late.reference
    client = app.test_client()
    sign_in(client, "ada@example.org")
    html = get(client, "/complaints")
    assert "<table" not in html and "portal-table-scroll" not in html
    cards = _cards(html)
    assert len(cards) == 2
    newest, oldest = (_text(c) for c in cards)
    # The subject is the link; a status tag; the next thing and its date; the reference.
    assert re.search(rf'<a class="govuk-link" href="/complaints/{refs[0]}">Damp in the bedroom '
                     r"not fixed \(and 1 more\)</a>", cards[0])
    assert '<strong class="govuk-tag govuk-tag--light-blue">Received: we are checking it' \
        in cards[0]
    assert f"We will confirm we have your complaint by {long_date(fresh_due)}." in newest
    assert "Acknowledge" not in newest
    assert newest.endswith(f"Reference {refs[0]} Received {today.day} {today:%B %Y}")
    assert "Late" not in newest
    # The date has passed: said as what we should have done, and marked late.
    assert "Broken boiler" in oldest
    assert f"Late We should have confirmed we have your complaint by {long_date(late_due)}." \
        in oldest


def test_a_joined_complaint_follows_the_communal_one_and_a_closed_one_has_nothing_due(app):
    with app.app_context():
        ada = make_resident("Ada Lovelace", email="ada@example.org")
        complaint = make_complaint(ada)
        db.session.execute(db.update(Complaint).where(Complaint.id == complaint.id)
                           .values(status="withdrawn", next_due_on=None, next_due_key=None))
        db.session.commit()
    client = app.test_client()
    sign_in(client, "ada@example.org")
    card = _text(_cards(get(client, "/complaints"))[0])
    assert "Status Withdrawn" in card
    assert "Nothing more is due on this complaint." in card


def _adviser_world(app):
    today = clock.today()
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        adviser = make_resident("Sam Adviser", email="adviser@example.org")
        priya = make_resident("Priya Shah", email="priya@example.org")
        lee = make_resident("Lee Jones", email="lee@example.org")
        missed = make_complaint(priya, received=today - timedelta(days=4))
        _acknowledged(manager, missed)
        # The call at acknowledgement was three days ago; the one promised for yesterday
        # has not happened.
        db.session.execute(db.update(ContactLog).where(ContactLog.complaint_id == missed.id)
                           .values(happened_at=clock.now() - timedelta(days=3)))
        db.session.add(AgreedContact(complaint_id=missed.id, due_on=today - timedelta(days=1),
                                     method="phone", agreed_by_id=manager.id))
        db.session.commit()
        overdue = make_complaint(priya, received=today - timedelta(days=60),
                                 issues=[{"summary": "Mould in the kitchen", "details": "Black.",
                                          "happened_on": "2026-09-01",
                                          "aware_on": "2026-09-01", "outcome_wanted": "Fix."}])
        waiting = make_complaint(lee, received=today - timedelta(days=2),
                                 issues=[{"summary": "Noisy neighbours", "details": "Loud.",
                                          "happened_on": "2026-09-01",
                                          "aware_on": "2026-09-01", "outcome_wanted": "Help."}])
        someone_else = make_complaint(make_resident("Not Followed"))
        now = clock.now()
        # Priya: authority for all her complaints, ending in 5 days; Lee: this one, no end.
        [everything] = bulk.authorities(adviser.id, [now], status="verified", scope="all",
                                        resident_id=priya.id, name="Priya Shah")
        bulk.authorities(adviser.id, [now], status="verified", complaint_id=waiting.id,
                         resident_id=lee.id, name="Lee Jones")
        from portal.data.representation import Authority
        db.session.get(Authority, everything).expires_on = today + timedelta(days=5)
        db.session.commit()
        db.session.expire_all()
        due_index.refresh(missed)
        db.session.commit()
        assert missed.next_due_key == "agreed_contact:phone"
        return {"missed": missed.reference, "overdue": overdue.reference,
                "overdue_due": overdue.next_due_on, "waiting": waiting.reference,
                "waiting_due": waiting.next_due_on, "other": someone_else.reference,
                "ends": today + timedelta(days=5)}


def test_the_advisers_dashboard_lists_each_clients_complaint_with_what_needs_their_eye(app):
    world = _adviser_world(app)
    today = clock.today()
    client = app.test_client()
    sign_in(client, "adviser@example.org")
    html = get(client, "/representing")
    following = html[html.index('id="following"'):]
    cards = {re.search(r"(CMP-\d{4}-\d{6})", c).group(1): _text(c) for c in _cards(following)}
    assert set(cards) == {world["missed"], world["overdue"], world["waiting"]}
    ending = f"Authority ending soon Your authority to act lasts until {long_date(world['ends'])}"

    missed = cards[world["missed"]]
    assert missed.startswith("Priya Shah: Damp in the bedroom not fixed (and 1 more)")
    assert "Status Being looked into (stage 1)" in missed
    assert f"Needs attention Missed contact {ending}" in missed
    assert "Overdue" not in missed
    yesterday = long_date(today - timedelta(days=1))
    assert (f"We missed the call we promised on {yesterday}. We are sorry."
            in missed)
    assert "Waiting on Priya Shah is waiting on the landlord" in missed

    overdue = cards[world["overdue"]]
    assert overdue.startswith("Priya Shah: Mould in the kitchen")
    assert f"Needs attention Overdue {ending}" in overdue
    assert (f"We should have confirmed we have Priya Shah's complaint by "
            f"{long_date(world['overdue_due'])}." in overdue)

    waiting = cards[world["waiting"]]
    assert waiting.startswith("Lee Jones: Noisy neighbours")
    assert "Needs attention" not in waiting  # not late, and the authority has no end
    assert (f"We will confirm we have Lee Jones's complaint by "
            f"{long_date(world['waiting_due'])}." in waiting)
    assert f'href="/complaints/{world["waiting"]}">Noisy neighbours</a>' in html
    assert world["other"] not in html


def test_the_advisers_list_says_when_the_landlord_waits_on_the_resident(app):
    world = _adviser_world(app)
    with app.app_context():
        db.session.execute(db.update(Complaint).where(Complaint.reference == world["waiting"])
                           .values(status="stage1_responded", next_due_key="close_if_no_reply",
                                   next_due_on=clock.today() + timedelta(days=20)))
        db.session.commit()
    client = app.test_client()
    sign_in(client, "adviser@example.org")
    html = get(client, "/representing")
    card = next(_text(c) for c in _cards(html) if world["waiting"] in c)
    assert "Status We have sent our stage 1 response" in card
    assert "If we do not hear from Lee Jones by" in card
    assert "Waiting on The landlord is waiting on Lee Jones (or you)" in card


def test_next_step_words_for_every_stored_key():
    from portal.domain import next_steps
    from portal.domain.deadlines import LABELS

    today = date(2026, 12, 1)
    for key in [*LABELS, "councillor_reply", "agreed_contact:email"]:
        if key == "stage2_request_closes":
            continue  # never stored: the next due date leaves it out (records.deadlines)
        ahead = next_steps.next_step("stage1", today, key, today)
        behind = next_steps.next_step("stage1", today, key, today + timedelta(days=1))
        assert "Tuesday 1 December 2026" in ahead.sentence and not ahead.late, key
        assert behind.late and behind.sentence != ahead.sentence, key
        assert not ahead.sentence.startswith(("The next step", "Acknowledge")), key


# -- 7b: a representative is told whose complaint it is --------------------------------------


def test_a_refusal_tells_the_representative_whose_complaint_it_was(app):
    from tests.integration.test_representation_support import (
        mail,
        make_representative,
        on_behalf,
        verify,
    )

    with app.test_request_context():
        make_resident("Priya Shah", email="priya@example.org")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_name="Priya Shah", resident_email="priya@example.org")
        verify(made)
        manager = make_staff("complaints_manager")
        stage1.refuse(manager, made, version=made.version, seen=casework.last_event_id(made),
                      reasons=["late"], detail="")
        [to_rep] = mail("alex@advice.example.org", "refused")
        [to_priya] = mail("priya@example.org", "refused")
    assert "Priya Shah" in to_rep.text and "Priya Shah sent us, through you," in to_rep.text
    assert "Priya Shah" in to_rep.html
    assert "you sent us" in to_priya.text and "on behalf of" not in to_priya.text
    assert to_priya.subject == "Our decision on your complaint"
    assert to_rep.subject == "Our decision on the complaint you are helping with"  # no name


# -- 5: getting started --------------------------------------------------------------------


def test_the_start_page_says_what_you_can_do_what_you_need_and_starts(client):
    from tests.support.web import get as get_page

    html = get_page(client, "/").get_data(as_text=True)
    start = re.search(r'<a href="([^"]+)" role="button" draggable="false" '
                      r'class="govuk-button govuk-button--start"[^>]*>\s*Start now', html)
    assert start and start.group(1) == "/register"
    assert "Use this service to:" in html
    needed = html[html.index("What you will need"):html.index("How long it takes")]
    assert "an email address" in needed and "their permission" in needed
    assert html.index("Start now") < html.index("What you will need")


def test_following_the_emailed_link_confirms_and_signs_in_once(client, app):
    from portal.data.models import OutboxMessage
    from tests.support.web import post

    post(client, "/register", {"name": "Sam Resident", "email": "sam@example.org",
                               "password": "a long passphrase",
                               "confirm": "a long passphrase"}, status=303)
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)
                                     .where(OutboxMessage.to == "sam@example.org")).one()
        link = re.search(r"http://127\.0\.0\.1:5000(/\S+)", message.text).group(1)
    assert client.get("/complaints").status_code == 302  # not signed in yet
    response = client.get(link)
    assert response.status_code == 303 and response.headers["Location"] == "/complaints"
    page = get(client, "/complaints")
    assert "Your email address is confirmed and you are signed in." in page
    # The link again, in another browser: it does not sign anyone in a second time.
    other = app.test_client()
    again = other.get(link)
    assert again.status_code == 303 and again.headers["Location"] == "/sign-in"
    assert other.get("/complaints").status_code == 302


def _conditional(page: str, field: str, value: str) -> str:
    """The markup of one choice's revealed part (its own tag included)."""
    import xml.etree.ElementTree as ET

    import html5lib

    root = html5lib.parse(page, namespaceHTMLElements=False)
    found = root.find(f".//div[@id='{field}-{value}-conditional']")
    assert found is not None, (field, value)
    return ET.tostring(found, encoding="unicode", method="html")


def test_registration_reveals_the_representatives_questions_only_for_someone_else(client):
    from tests.support.web import post

    html = get(client, "/register")
    reveal = _conditional(html, "account_type", "representative")
    # Hidden (by the script; without it, shown) until "Someone else" is chosen.
    assert "govuk-radios__conditional--hidden" in reveal
    assert 'name="relationship"' in reveal and 'name="organisation"' in reveal
    assert 'value="representative" data-reveal="account_type-representative-conditional"' in html
    assert "aria-expanded" not in html and "data-aria-controls" not in html
    # Chosen, and the form comes back with an error: the questions stay open, nothing lost.
    response = post(client, "/register", {"name": "Ann Adviser", "email": "not-an-email",
                                          "password": "a long passphrase",
                                          "confirm": "a long passphrase",
                                          "account_type": "representative",
                                          "organisation": "Citizens Advice Leeds"},
                    from_url="/register", status=200)
    html = response.get_data(as_text=True)
    reveal = _conditional(html, "account_type", "representative")
    assert "govuk-radios__conditional--hidden" not in reveal
    assert 'value="Citizens Advice Leeds"' in reveal
    assert "Enter an email address in the correct format" in html


def test_the_contact_page_reveals_the_phone_or_the_address_for_the_method_chosen(client, app):
    from tests.support.web import post

    with app.app_context():
        make_resident(email="maker@example.org")
    sign_in(client, "maker@example.org")
    draft = post(client, "/complaints/new", from_url="/complaints", status=303)
    contact = draft.headers["Location"].rsplit("/", 1)[0] + "/contact"
    html = get(client, contact)
    phone = _conditional(html, "contact_method", "text")
    letter = _conditional(html, "contact_method", "letter")
    assert 'name="contact_phone"' in phone and 'name="address_line_1"' not in phone
    assert 'name="address_postcode"' in letter and 'name="contact_phone"' not in letter
    assert "conditional--hidden" in phone and "conditional--hidden" in letter
    # A call and a text share the one phone number.
    assert 'value="phone" data-reveal="contact_method-text-conditional"' in html
    assert 'value="text" data-reveal="contact_method-text-conditional"' in html
    assert 'value="email">' in html  # nothing to reveal for email
    response = post(client, contact, {"contact_method": "phone", "contact_phone": "",
                                      "address_line_1": "", "address_town": "",
                                      "address_postcode": ""}, status=200)
    html = response.get_data(as_text=True)
    phone = _conditional(html, "contact_method", "text")
    assert "conditional--hidden" not in phone
    assert "Enter a phone number so we can call you" in phone
    assert "conditional--hidden" in _conditional(html, "contact_method", "letter")


# -- 10: the complaint definition (Code 5.6) is the handler's to write ------------------------


def test_the_definition_starts_empty_beside_the_residents_words_and_is_required(app, client):
    from tests.integration.test_staff_support import act, no_csrf, staff_and_complaint

    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/acknowledge"
    page = get(client, url)
    boxes = re.findall(r'<textarea class="govuk-textarea" id="(definitions-\d)" '
                       r'name="definitions-\d" rows="5"[^>]*>([^<]*)</textarea>', page)
    assert [(box, text.strip()) for box, text in boxes] == [("definitions-0", ""),
                                                            ("definitions-1", "")]
    # The resident's own words are beside each box, for reference; the hint is an example.
    assert page.count("In the resident’s words (for reference)") == 2
    assert "Reported in March, no visit." in page and "Fix the damp and apologise." in page
    assert 'id="definitions-0-hint"' in page and "For example: “You reported" in page
    handler = re.search(r'name="handler" type="radio" value="(\d+)"', page).group(1)
    response = act(client, url, {"definitions-0": "   ", "handler": handler,
                                 "definitions-1": "A missed repair; you want compensation."},
                   status=400, page=page)
    html = response.get_data(as_text=True)
    assert '<a href="#definitions-0">Enter our understanding of this issue' in html
    assert "A missed repair; you want compensation.</textarea>" in html  # nothing lost


# -- 13: letters' typography -----------------------------------------------------------------


def _sizes(pdf: bytes) -> dict[str, float]:
    """The printed size, in points, of each text run of the PDF (the last page's win)."""
    import io

    from pypdf import PdfReader

    sizes: dict[str, float] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, _font, size):
            if text.strip():
                sizes[text.strip()] = round(size * tm[0] * cm[0], 1)

        page.extract_text(visitor_text=visit)
    return sizes


def _pages(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [" ".join((p.extract_text() or "").split())
            for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_large_print_offer_is_at_body_size_and_the_ombudsman_list_keeps_its_words(app):
    from portal.services.correspondence.letters import render_pdf
    from tests.unit.test_letters import response_context

    with app.app_context():
        normal = render_pdf("documents/response.html", response_context())
        large = render_pdf("documents/response.html", response_context(), large_print=True)
    sizes = _sizes(normal)
    body = sizes["Dear Ann Advocate,"]
    offer = next(size for text, size in sizes.items()
                 if text.startswith("You can ask us for this letter in large print"))
    assert offer == body == 11.5
    # "Page 1 of 2": the figures come from the plain-zero digits font, so a run of its own
    footer = next(size for text, size in sizes.items() if text.startswith("Page"))
    assert footer < body  # the page footer is still small
    # Large print runs to several pages; the contact list is on the page with its words.
    pages = _pages(large)
    assert len(pages) > 3
    [with_list] = [p for p in pages if "PO Box 1484" in p]
    assert "You can contact them by:" in with_list
