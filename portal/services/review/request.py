"""The resident's side after a response (SPEC §2, §4): whether and until when they can
ask for a review (and for the Panel), asking, what they can do after the final response,
the actions promised, the satisfaction survey, and the Ombudsman pack.

Every function that changes something commits once, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.data.db import db
from portal.data.models import Complaint, Response, SurveyResponse, User
from portal.domain import deadlines as engine
from portal.domain import lifecycle, ombudsman
from portal.domain.deadlines import DueDate, Window
from portal.services.actions.tracking import ActionRow, action_rows
from portal.services.correspondence.tell import tell
from portal.services.records import clock, events
from portal.services.records import deadlines as due_dates
from portal.services.records.policy import profiles
from portal.services.review.casework import is_building_safety

LONG = 10_000


class ReviewError(ValueError):
    """Something the person can put right; `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


# -- can they ask, and until when -----------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """Whether the resident can ask for the next stage now, and on what terms."""

    stage: int  # 2 (a review) or 3 (the Panel)
    what: str  # "a review (stage 2)" or "a Panel"
    reasons_required: bool
    closes: DueDate | None = None  # the last day, with the engine's working
    window: Window | None = None  # the countdown from today
    rule_words: str = ""  # "21 working days after the stage 1 response was sent (...)"
    requires: str = "nothing"  # what the request must contain (policy.STAGE2_REQUIRES)

    @property
    def late(self) -> bool:
        return self.window is not None and not self.window.is_open


def offer(complaint: Complaint, today: date) -> Offer | None:
    """What the resident may ask for now: a review after stage 1 (even late: flagged for
    a decision, never refused), the Panel after stage 2 where the profile has one."""
    profile = profiles()[complaint.profile]
    if profile.stages >= 2 and not is_building_safety(complaint) and lifecycle.can_ask_for_review(
            complaint.status, complaint.closed_reason, complaint.stage):
        closes, window = due_dates.stage2_window(complaint, today)
        words = f"{closes.rule_words} ({closes.rule.cite})" if closes else ""
        return Offer(2, "a review (stage 2)", profile.stage2.reasons_required, closes, window,
                     words, profile.stage2.requires)
    if profile.has_panel and lifecycle.can_move("request_panel", complaint.status):
        return Offer(3, "a Panel", True)
    return None


# -- asking ----------------------------------------------------------------------------------

# What the resident is told when a request lacks what the profile requires.
MISSING = {
    "reasons": {"reasons": "Tell us why you are unhappy with our response"},
    "reasons_or_alternative": {"reasons": "Tell us why you are unhappy with our response, "
                               "or what you would like us to do instead"},
    "reasons_and_remedy": {"reasons": "Tell us why you are unhappy with our response",
                           "outcome": "Tell us the remedy you want: what you would like us to "
                           "do to put things right"},
}


@dataclass
class IssueAnswer:
    issue_id: int
    unresolved: str = ""
    outcome: str = ""


@dataclass
class ReviewRequest:
    reasons: str = ""
    outcome: str = ""
    issues: list[IssueAnswer] = field(default_factory=list)
    late_reason: str = ""


def _clean(value: str | None, what: str, field_name: str) -> str:
    value = (value or "").strip()
    if len(value) > LONG:
        raise ReviewError(f"{what} must be {LONG:,} characters or fewer", field_name)
    return value


def request_review(complaint: Complaint, user: User, request: ReviewRequest,
                   on: date | None = None) -> bool:
    """Ask for stage 2. Reasons are required only where the profile says so (never under
    the Code, 6.12). After the window it still goes in, flagged late for a staff decision.
    Returns whether it was late."""
    on = on or clock.today()
    found = offer(complaint, on)
    if found is None or found.stage != 2:
        raise ReviewError("You cannot ask for a review of this complaint now")
    reasons = _clean(request.reasons, "Why you are unhappy", "reasons")
    outcome = _clean(request.outcome, "What you would like us to do", "outcome")
    missing = profiles()[complaint.profile].stage2.missing(reasons, outcome)
    if missing is not None:
        raise ReviewError(MISSING[found.requires][missing], missing)
    answers = {a.issue_id: a for a in request.issues}
    late = engine.is_late(on, found.closes)
    late_reason = _clean(request.late_reason, "Why you are asking now", "late_reason")
    reopened = complaint.status == "closed"
    try:
        for index, issue in enumerate(complaint.issues):
            given = answers.get(issue.id, IssueAnswer(issue.id))
            issue.stage2_unresolved = _clean(given.unresolved, "What is still unresolved",
                                             f"issues-{index}-unresolved") or None
            issue.stage2_outcome_wanted = _clean(given.outcome, "The outcome you want",
                                                 f"issues-{index}-outcome") or None
        complaint.stage2_reasons = reasons or None
        complaint.stage2_outcome_wanted = outcome or None
        complaint.stage2_requested_on = on
        complaint.stage2_late = late
        complaint.stage2_late_reason = late_reason or None if late else None
        complaint.status = "stage2_requested"
        complaint.stage = 2
        if reopened:
            complaint.closed_on = None
            complaint.closed_reason = None
        events.record(complaint, "stage2_requested",
                      "You asked for a review (stage 2)" + (" of the closed complaint"
                                                           if reopened else ""), user,
                      late=late, reasons_given=bool(reasons), reopened=reopened,
                      text=reasons or None)
        if late:
            events.record(complaint, "stage2_request_flagged_late",
                          f"Your request came after the last day to ask, "
                          f"{_long(found.closes.due_on)}. We will decide whether to accept "
                          "it and tell you", user, closes_on=found.closes.due_on,
                          reason=late_reason)
        tell(complaint, "stage2_requested", "We have your request for a review", late=late,
              closes=found.closes)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return late


def request_panel(complaint: Complaint, user: User, request: ReviewRequest,
                  on: date | None = None) -> None:
    """Ask for the Panel (IDS 002 §6.3): what they would like done and the remedy sought
    are required. Kept in the event (issues have no Panel columns)."""
    on = on or clock.today()
    found = offer(complaint, on)
    if found is None or found.stage != 3:
        raise ReviewError("You cannot ask for the Panel now")
    reasons = _clean(request.reasons, "Why you are unhappy", "reasons")
    outcome = _clean(request.outcome, "What you would like us to do", "outcome")
    if not reasons:
        raise ReviewError("Tell us why you do not accept the outcome of the review", "reasons")
    if not outcome:
        raise ReviewError("Tell us what you would like us to do, and the remedy you want",
                          "outcome")
    try:
        complaint.panel_requested_on = on
        complaint.status = "panel"
        complaint.stage = 3
        events.record(complaint, "panel_requested", "You asked for your complaint to go to a "
                      "Panel", user, text=reasons, outcome=outcome)
        limit = due_dates.panel_limit(complaint)
        tell(complaint, "panel_requested", "We have your request for a Panel",
              meeting_by=limit.due_on if limit else None)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


# -- after the final response -----------------------------------------------------------------


@dataclass(frozen=True)
class Final:
    """The landlord's final response, and what the resident can do next (SPEC §4)."""

    on: date
    what: str
    ombudsman_by: date
    building_safety: bool


def final_response(complaint: Complaint) -> Final | None:
    profile = profiles()[complaint.profile]
    found = None
    if complaint.panel_sent_on:
        found = (complaint.panel_sent_on, "the Panel's response")
    elif complaint.stage2_declined_on:
        found = (complaint.stage2_declined_on, "our decision not to review your complaint")
    elif complaint.stage2_sent_on and not profile.has_panel:
        found = (complaint.stage2_sent_on, "our stage 2 response")
    elif complaint.stage1_sent_on and (profile.stages < 2 or is_building_safety(complaint)):
        found = (complaint.stage1_sent_on, "our stage 1 response")
    if found is None:
        return None
    building = is_building_safety(complaint)
    return Final(found[0], found[1], due_dates.ombudsman_deadline(found[0]), building)


# -- the resident's page: everything the stage 2 part of it needs -----------------------------


@dataclass(frozen=True)
class ReviewPage:
    offer: Offer | None
    final: Final | None
    actions: list[ActionRow]
    survey_due: bool
    survey: SurveyResponse | None
    satisfied_button: bool
    why_no_review: str | None
    decisions: list[dict] = field(default_factory=list)  # the review's, then the Panel's
    closes_if_no_reply: DueDate | None = None  # told in advance (IDS 002 §5.7)


def page(complaint: Complaint, today: date) -> ReviewPage:
    survey = survey_for(complaint)
    why_not = None
    if is_building_safety(complaint) and complaint.stage1_sent_on:
        why_not = ombudsman.BUILDING_SAFETY_REGULATOR
    return ReviewPage(
        offer=offer(complaint, today), final=final_response(complaint),
        actions=action_rows(complaint, today),
        survey_due=complaint.status == "closed" and survey is None,
        survey=survey,
        # complaint.html offers "I am satisfied" at stage1_responded and stage2_responded.
        satisfied_button=complaint.status in (lifecycle.RESPONDED
                                              - {"stage1_responded", "stage2_responded"}),
        why_no_review=why_not,
        decisions=later_decisions(complaint),
        closes_if_no_reply=(due_dates.raw_deadlines(complaint).get("close_if_no_reply")
                            if complaint.status == "stage1_responded" else None),
    )


def later_decisions(complaint: Complaint) -> list[dict]:
    """The decision on each issue at stage 2 and at the Panel, from the responses sent
    (the stage 1 decisions are on the page already)."""
    found = []
    for response in db.session.scalars(select(Response).where(
            Response.complaint_id == complaint.id, Response.kind == "response",
            Response.stage >= 2).order_by(Response.stage)):
        stage = "The Panel" if response.stage == 3 else "The review (stage 2)"
        for issue in response.content.get("issues", []):
            found.append({"by": stage, "summary": issue["summary"],
                          "decision": lifecycle.DECISIONS.get(issue["decision"], ""),
                          "reasons": issue["reasons"]})
    return found


# -- the satisfaction survey (001 §2.7, §6.6; 002 §5.7) -------------------------------------------


SURVEY_QUESTIONS = {
    "kept_informed": "We kept you informed",
    "understood": "We understood your complaint",
    "clear_response": "Our response was clear",
    "on_time": "We responded when we said we would",
}
SURVEY_ANSWERS = {"agree": "Agree", "neither": "Neither agree nor disagree",
                  "disagree": "Disagree"}


def survey_for(complaint: Complaint) -> SurveyResponse | None:
    return db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.complaint_id == complaint.id))


def answer_survey(complaint: Complaint, user: User, satisfied: bool | None,
                  answers: dict[str, str], comments: str | None) -> None:
    """Once per complaint, after it is closed: satisfied or not (required), and a few
    optional questions. Recorded as an event so reports can count it."""
    if complaint.status != "closed":
        raise ReviewError("You can tell us how we did once your complaint is closed")
    if satisfied is None:
        raise ReviewError("Select yes if you are satisfied with how we handled your complaint",
                          "satisfied")
    kept = {k: v for k, v in answers.items() if k in SURVEY_QUESTIONS and v in SURVEY_ANSWERS}
    comments = _clean(comments, "Your comments", "comments")
    if comments:
        kept["comments"] = comments
    try:
        db.session.add(SurveyResponse(complaint_id=complaint.id, satisfied=satisfied,
                                      answers=kept))
        events.record(complaint, "survey_answered",
                      "You told us you were " + ("" if satisfied else "not ")
                      + "satisfied with how we handled your complaint", user,
                      satisfied=satisfied)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ReviewError("You have already told us how we did. Thank you") from None
    except BaseException:
        db.session.rollback()
        raise


# -- the Ombudsman pack ------------------------------------------------------------------------

LETTER_KINDS = ("response_letter", "refusal_letter", "decline_letter", "closure_letter")


def ombudsman_pack(complaint: Complaint, today: date | None = None) -> tuple[str, bytes]:
    """One ZIP the resident (or their representative) can take to the Housing Ombudsman
    without asking us for copies: a chronology (PDF: every event they can see, every due
    date met or missed, the agreed contact dates, the actions, the documents), every
    letter we sent, and every document they can see, exactly as stored."""
    import io
    import zipfile

    from flask import current_app

    from portal.services.correspondence import letters
    from portal.services.records import timeline

    today = today or clock.today()
    documents = [d for d in complaint.documents if not d.internal]
    named = {d.id: f"{'letters' if d.kind in LETTER_KINDS else 'documents'}/"
                   f"{d.id:04d}-{d.filename}" for d in documents}
    context = {
        "landlord": current_app.config["PORTAL"], "ombudsman": ombudsman,
        "reference": complaint.reference, "issued_on": today, "complaint": complaint,
        "profile": profiles()[complaint.profile],
        "status_words": lifecycle.resident_words(complaint.status),
        "events": timeline.resident_timeline(complaint),
        "contacts": [c for c in complaint.contacts if c.shared],
        "deadlines": [(d, d.state(today)) for d in due_dates.complaint_deadlines(complaint)],
        "agreed": timeline.agreed_contact_rows(complaint, today),
        "actions": action_rows(complaint, today),
        "documents": [(d, named[d.id]) for d in documents],
        "final": final_response(complaint), "lifecycle": lifecycle,
    }
    pdf = letters.render_pdf("documents/chronology.html", context,
                             large_print="large_print" in (complaint.adjustments or []))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("chronology.pdf", pdf)
        for document in documents:
            archive.writestr(named[document.id], document.file.data)
        archive.writestr("README.txt", _readme(complaint, today, documents, named))
    return f"{complaint.reference}-ombudsman-pack.zip", buffer.getvalue()


def _readme(complaint: Complaint, today: date, documents, named) -> str:
    lines = [
        f"Complaint {complaint.reference}: everything we hold that you can see, "
        f"made on {_long(today)}.",
        "",
        "chronology.pdf  what happened and when, every due date (met or missed), the contact",
        "                dates we agreed, the actions we promised and the documents.",
        *(f"{named[d.id]}" for d in documents),
        "",
        ombudsman.ROUTE,
        f"{ombudsman.NAME}: phone {ombudsman.PHONE}, email {ombudsman.EMAIL}, "
        f"{ombudsman.WEBSITE}, post {ombudsman.POST}.",
    ]
    return "\n".join(lines) + "\n"
