"""Issue 15, items 1 and 3: the words the resident's complaint page uses, as tables.

- every due date shown is worded as what the person gets, in three tenses (to come,
  late, done), never as the staff task (domain.next_steps.due_sentence);
- the page leads with one sentence: a missed agreed contact says sorry, what happens
  now, and a number to ring; a late review request not yet accepted promises no date
  (domain.next_steps.page_lead);
- documents have plain names ("Our stage 1 response, 4 December 2026";
  domain.letter_names).
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain import next_steps
from portal.domain.deadlines import LABELS
from portal.domain.letter_names import document_name, is_letter

DUE = date(2026, 12, 8)
DONE = date(2026, 12, 3)


@pytest.mark.parametrize(("key", "state", "done", "resident", "about", "words"), [
    ("acknowledge", "pending", None, None, False,
     "We will confirm we have your complaint by Tuesday 8 December 2026"),
    ("acknowledge", "due_today", None, None, False,
     "We will confirm we have your complaint by Tuesday 8 December 2026"),
    ("acknowledge", "overdue", None, None, False,
     "We should have confirmed we have your complaint by Tuesday 8 December 2026"),
    ("acknowledge", "met", DONE, None, False,
     "We confirmed we have your complaint on Thursday 3 December 2026"),
    ("acknowledge", "met", DONE, "Priya Shah", False,
     "We confirmed we have Priya Shah's complaint on Thursday 3 December 2026"),
    ("stage1_response", "pending", None, None, True,
     "We expect to send our answer by about Tuesday 8 December 2026"),
    ("stage1_response", "missed", date(2026, 12, 10), None, False,
     "We sent our answer on Thursday 10 December 2026"),
    ("first_contact", "pending", None, "Priya Shah", False,
     "The case handler will call Priya Shah by Tuesday 8 December 2026"),
    ("stage2_request_closes", "pending", None, None, False,
     "You can ask for a review until Tuesday 8 December 2026"),
    ("stage2_request_closes", "stopped", None, None, False,
     "The time to ask for a review ended on Tuesday 8 December 2026"),
    ("stage2_request_closes", "met", DONE, "Priya Shah", False,
     "Priya Shah asked for a review on Thursday 3 December 2026"),
    ("stage2_response", "pending", None, None, False,
     "We expect to send the review's answer by Tuesday 8 December 2026"),
    ("panel_response", "met", DONE, None, False,
     "We sent the Panel's answer on Thursday 3 December 2026"),
    ("councillor_reply", "overdue", None, None, False,
     "We should have replied to the enquiry by Tuesday 8 December 2026"),
])
def test_each_due_date_is_what_the_person_gets(key, state, done, resident, about, words):
    assert next_steps.due_sentence(key, DUE, state, done, resident, about) == words


def test_no_due_date_the_page_shows_reads_as_a_staff_task():
    for key, label in LABELS.items():
        for state in ("pending", "overdue", "met", "stopped"):
            words = next_steps.due_sentence(key, DUE, state, DONE)
            assert label not in words and not words.startswith(("The next step",
                                                                "Acknowledge")), key
            assert ("2026" in words), (key, state)


def test_the_page_leads_with_the_next_thing_from_the_stored_due_date():
    today = date(2026, 12, 1)
    step = next_steps.next_step("received", DUE, "acknowledge", today)
    assert next_steps.page_lead(step, "received", "0300 123 4567", "CMP-2026-000001") == \
        "We will confirm we have your complaint by Tuesday 8 December 2026"
    step = next_steps.next_step("stage1", date(2026, 12, 18), "stage1_response", today)
    assert next_steps.page_lead(step, "stage1", "0300", "CMP") == \
        "We expect to send our answer by Friday 18 December 2026"


def test_a_missed_call_says_sorry_what_happens_now_and_a_number_to_ring():
    step = next_steps.next_step("stage1", date(2026, 11, 27), "agreed_contact:phone",
                                date(2026, 12, 1))
    assert step.missed_contact
    assert next_steps.page_lead(step, "stage1", "0300 123 4567", "CMP-2026-000001") == (
        "We missed the call we promised on Friday 27 November 2026. We are sorry: your "
        "case handler will contact you as soon as they can. If you would rather not wait, "
        "ring us on 0300 123 4567, quoting CMP-2026-000001")
    email = next_steps.next_step("stage1", date(2026, 11, 27), "agreed_contact:email",
                                 date(2026, 12, 1), "Priya Shah")
    assert next_steps.page_lead(email, "stage1", "0300", "CMP", "Priya Shah").startswith(
        "We missed the email we promised on Friday 27 November 2026. We are sorry: your "
        "case handler will contact Priya Shah as soon as they can.")


def test_a_late_review_request_not_yet_accepted_promises_no_date():
    step = next_steps.next_step("stage2_requested", DUE, "stage2_response", date(2026, 12, 1))
    lead = next_steps.page_lead(step, "stage2_requested", "0300", "CMP",
                                late_review_pending=True)
    assert lead == "We will decide whether to accept your late request for a review, and tell you"
    assert "December" not in lead


def test_after_a_response_with_nothing_due_the_lead_says_so():
    step = next_steps.next_step("stage2_responded", None, None, date(2026, 12, 1))
    assert next_steps.page_lead(step, "stage2_responded", "0300", "CMP") == \
        "We have sent our answer"


@pytest.mark.parametrize(("kind", "filename", "response", "large", "name"), [
    ("response_letter", "CMP-2026-000001-stage1-response.pdf", ("response", 1), False,
     "Our stage 1 response, 4 December 2026"),
    ("response_letter", "CMP-2026-000001-stage1-response-large-print.pdf", ("response", 1),
     True, "Our stage 1 response (large print), 4 December 2026"),
    ("response_letter", "CMP-2026-000001-stage2-response.pdf", ("response", 2), False,
     "Our stage 2 response, 4 December 2026"),
    ("response_letter", "CMP-2026-000001-panel-response.pdf", ("response", 3), False,
     "The Panel's response, 4 December 2026"),
    ("response_letter", "CMP-2026-000001-resolved.pdf", ("response", 1), False,
     "Our letter confirming your complaint is resolved, 4 December 2026"),
    ("refusal_letter", "CMP-2026-000001-refusal.pdf", ("refusal", 1), False,
     "Our letter: why we cannot take your complaint forward, 4 December 2026"),
    ("closure_letter", "CMP-2026-000001-closed.pdf", ("closure", 1), False,
     "Our letter closing your complaint, 4 December 2026"),
    ("evidence", "photo of the damp.jpg", None, False,
     "photo of the damp.jpg, added 4 December 2026"),
    ("something_new", "odd.pdf", None, False, "odd.pdf, 4 December 2026"),
])
def test_documents_have_plain_names(kind, filename, response, large, name):
    assert document_name(kind, filename, date(2026, 12, 4), response, large) == name


def test_only_our_letters_have_a_web_version():
    assert is_letter("response_letter") and is_letter("closure_letter")
    assert not is_letter("evidence") and not is_letter("authority_letter")
