"""Stage 2 emails to an adviser or councillor name the resident ("Priya Shah's
complaint") and never call it "your complaint", as the stage 1 ones do (issue 15, 7b);
subjects carry no name (they show on a locked phone). The resident's own emails still say
"your complaint"."""

from __future__ import annotations

import html
from datetime import date

import pytest
from flask import render_template

from portal.domain import ombudsman
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.review import request as review
from portal.services.stage1 import actions as stage1
from tests.integration.test_representation_support import (
    mail,
    make_representative,
    on_behalf,
    verify,
)
from tests.integration.test_stage2_support import complaint, decisions, quick_letters  # noqa: F401
from tests.support.factories import make_resident, make_staff

REP = "alex@advice.example.org"
PRIYA = "priya@example.org"


def _whose(message) -> None:
    """A representative's message: it names Priya, and nothing in it is "your complaint"."""
    text, body = message.text, html.unescape(message.html)
    assert "Priya Shah's complaint" in text and "Priya Shah's complaint" in body, message.kind
    for words in (text, body, message.subject):
        assert "your complaint" not in words.lower(), (message.kind, words)
    assert "Priya" not in message.subject


def test_the_stage_2_emails_through_the_services_name_the_resident(app, quick_letters):  # noqa: F811
    with app.test_request_context():
        priya = make_resident("Priya Shah", email=PRIYA)
        rep = make_representative("Alex Advocate", email=REP)
        made = on_behalf(rep, resident_name="Priya Shah", resident_email=PRIYA)
        verify(made)
        handler = make_staff("case_handler", name="Hal Handler")
        reviewer = make_staff("reviewer", name="Rita Reviewer")
        manager = make_staff("complaints_manager", name="Mo Manager")
        stage1.acknowledge(handler, made, version=made.version, seen=0,
                           definitions={i.id: f"{i.summary}: ours." for i in made.issues},
                           handler_id=handler.id)
        responses.respond(handler, made, version=made.version, seen=0, draft=decisions(made))
        review.request_review(complaint(made.reference), priya, review.ReviewRequest(
            reasons="Still damp.", outcome="A survey.", late_reason=""))
        found = complaint(made.reference)
        review_casework.acknowledge_stage2(
            manager, found, version=found.version, seen=0,
            definitions={i.id: f"Stage 2: {i.summary}" for i in found.issues},
            reviewer_id=reviewer.id)
        found = complaint(made.reference)
        responses.respond(reviewer, found, version=found.version, seen=0,
                          draft=decisions(found, "partially_upheld"), stage=2)
        told = {m.kind: m for m in mail(REP)}
        own = {m.kind: m for m in mail(PRIYA)}
    for kind in ("stage2_requested", "stage2_acknowledged", "review_responded"):
        _whose(told[kind])
        assert "your complaint" in own[kind].text.lower(), kind  # Priya's own still say so
        assert "Priya Shah's complaint" not in own[kind].text
    assert told["stage2_acknowledged"].subject == "We have acknowledged the request for a review"
    assert told["review_responded"].subject == (
        "Our stage 2 response to the complaint you are helping with")
    assert "send you and Priya Shah our stage 2 response by" in told["stage2_acknowledged"].text


# The emails the services above do not reach in one journey, as each is rendered for a
# representative and for the resident.
CONTEXTS = {
    "reviewer_changed": {"reviewer": "Rita Reviewer", "reason": "Hal is away."},
    "stage2_declined": {"letter_url": "/l", "late": True, "ombudsman_by": date(2027, 12, 1)},
    "stage2_extended": {"reason": "A survey.", "new_on": date(2027, 1, 8), "previous": None},
    "passed_back": {"handler": "Hal Handler"},
    "panel_arranged": {"meeting_on": date(2027, 1, 8), "members": ["A", "B"]},
    "panel_requested": {"meeting_by": date(2027, 1, 8)},
}


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_each_other_stage_2_email_names_the_resident_to_a_representative(app, kind):
    base = {"name": "Alex Advocate", "reference": "CMP-2026-000001", "url": "/c",
            "landlord": "Riverside Homes", "ombudsman": ombudsman, **CONTEXTS[kind]}
    with app.test_request_context():
        for_rep = [render_template(f"email/{kind}.{ext}", **base, on_behalf_of="Priya Shah")
                   for ext in ("txt", "html")]
        for_resident = render_template(f"email/{kind}.txt", **base, on_behalf_of=None)
    text, body = for_rep[0], html.unescape(for_rep[1])
    assert "Priya Shah's complaint" in text and "Priya Shah's complaint" in body
    assert "your complaint" not in text.lower() and "your complaint" not in body.lower()
    assert "your complaint" in for_resident.lower() and "Priya" not in for_resident
