"""Statuses of a complaint, their plain-English words, and allowed moves (SPEC §2)."""

from __future__ import annotations

STATUSES: dict[str, tuple[str, str]] = {
    # status: (words for the resident, words for staff)
    "received": ("Received: we are checking it", "New: to accept and acknowledge"),
    "not_accepted": ("Not accepted as a complaint", "Refused"),
    "stage1": ("Being looked into (stage 1)", "Stage 1: investigating"),
    "stage1_responded": ("We have sent our stage 1 response", "Stage 1 responded"),
    "stage2_requested": ("You asked for a review (stage 2)", "Stage 2 requested"),
    "stage2": ("Being reviewed (stage 2)", "Stage 2: reviewing"),
    "stage2_responded": ("We have sent our stage 2 response", "Stage 2 responded"),
    "panel": ("With the Panel", "Panel"),
    "panel_responded": ("The Panel has sent its response", "Panel responded"),
    "passed_back": ("Back with your case handler to finish what the review agreed",
                    "Passed back to the case handler"),
    "closed": ("Closed", "Closed"),
    "withdrawn": ("Withdrawn", "Withdrawn"),
}

OPEN = {"received", "stage1", "stage1_responded", "stage2_requested", "stage2", "stage2_responded",
        "panel", "panel_responded", "passed_back"}

# After a response: the resident can say they are satisfied, staff can close it.
RESPONDED = {"stage1_responded", "stage2_responded", "panel_responded", "passed_back"}
# The review stages, where a reviewer is in charge (Code 6.13).
REVIEW = {"stage2_requested", "stage2", "stage2_responded", "panel", "panel_responded",
          "passed_back"}
# Closed after a stage 1 response without the resident saying they were satisfied: a
# request for a review still comes in, late, for a decision (Code 2.2; SPEC §4). Resolved
# at first contact counts as a stage 1 response (SPEC §2; Code 5.2-5.3, 6.10): the
# resident keeps the right to ask for a review within the profile's window.
REOPENABLE_CLOSURES = {"no_reply", "closed_by_staff", "resolved_first_contact"}
# Closed mid-stage: staff reopen it, where it was, when the resident re-engages.
MID_STAGE_CLOSURES = {"non_engagement", "legal_proceedings"}

TRANSITIONS: dict[str, set[str]] = {
    "accept": {"received"},
    "refuse": {"received"},
    "acknowledge": {"received"},
    "resolve_first_contact": {"received", "stage1"},
    "extend": {"stage1"},
    "respond": {"stage1"},
    "close": RESPONDED | {"stage1"},
    "withdraw": OPEN,
    "add_information": OPEN,
    "log_contact": OPEN | {"closed"},
    "agree_contact": OPEN,
    "assign": OPEN,
    # Stage 2 and the Panel (SPEC §2).
    "request_stage2": {"stage1_responded"},
    "decide_late": {"stage2_requested"},
    "acknowledge_stage2": {"stage2_requested"},
    "decline_stage2": {"stage2_requested"},
    "change_reviewer": REVIEW - {"passed_back"},
    "extend_stage2": {"stage2"},
    "respond_stage2": {"stage2"},
    "pass_back": {"stage2_responded", "panel_responded"},
    "request_panel": {"stage2_responded"},
    # Closed while being looked at, with a letter (SPEC §2; IDS 002 §5.6, ISHA 001 §2.3,
    # Code 2.2), and reopened when the resident re-engages.
    "close_mid_stage": {"stage1", "stage2_requested", "stage2"},
    "arrange_panel": {"panel"},
    "respond_panel": {"panel"},
}

# Events reports count (SPEC §8): the kind, and what it means.
COUNTED_EVENTS = {
    "complaint_withdrawn": "Withdrawn by the complainant (at any stage)",
    "stage2_requested": "A review (stage 2) was asked for",
    "stage2_request_flagged_late": "A review was asked for after the window closed",
    "stage2_late_request_accepted": "A late request for a review was accepted",
    "stage2_late_request_declined": "A late request for a review was declined",
    "stage2_declined": "A request for a review was declined",
    "stage2_acknowledged": "A review was acknowledged and a reviewer assigned",
    "stage2_responded": "The stage 2 response was sent",
    "panel_requested": "The Panel was asked for",
    "panel_responded": "The Panel's response was sent",
    "escalated_to_bsr": "Escalated to the Building Safety Regulator after stage 1",
    "action_completed": "An action promised in a response was done",
    "survey_answered": "The resident answered whether they were satisfied",
}

CATEGORIES = {
    "repairs": "Repairs",
    "damp_mould_leak": "Damp, mould or a leak",
    "asb_handling": "How we handled anti-social behaviour",
    "staff_conduct": "Staff conduct",
    "rent_charges": "Rent and charges",
    "building_safety": "Building safety",
    "neighbourhood": "Your neighbourhood",
    "other": "Something else",
}

CONTACT_METHODS = {
    "email": "Email",
    "phone": "Phone call",
    "text": "Text message",
    "letter": "Letter",
}

ADJUSTMENTS = {
    "large_print": "Large print",
    "language": "Another language",
    "easy_read": "Easy read",
    "bsl": "British Sign Language",
    "named_contact": "A named person to contact us for you",
    "other": "Something else",
}

DECISIONS = {
    "upheld": "Upheld",
    "partially_upheld": "Partially upheld",
    "not_upheld": "Not upheld",
}

CONTACT_KINDS = {
    "phone": "Phone call",
    "email": "Email",
    "letter": "Letter",
    "visit": "Home visit",
    "meeting": "Meeting",
    "text": "Text message",
}


def can_move(action: str, status: str) -> bool:
    return status in TRANSITIONS.get(action, set())


def can_ask_for_review(status: str, closed_reason: str | None, stage: int) -> bool:
    """After a stage 1 response, or closed after one without the resident saying they
    were satisfied (the request then reopens it, for a decision)."""
    if can_move("request_stage2", status):
        return True
    return status == "closed" and stage == 1 and closed_reason in REOPENABLE_CLOSURES


def resident_words(status: str) -> str:
    return STATUSES[status][0]


def staff_words(status: str) -> str:
    return STATUSES[status][1]
