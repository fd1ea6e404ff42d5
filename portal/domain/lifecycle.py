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
    "closed": ("Closed", "Closed"),
    "withdrawn": ("Withdrawn", "Withdrawn"),
}

OPEN = {"received", "stage1", "stage1_responded", "stage2_requested", "stage2", "stage2_responded",
        "panel"}

TRANSITIONS: dict[str, set[str]] = {
    "accept": {"received"},
    "refuse": {"received"},
    "acknowledge": {"received"},
    "resolve_first_contact": {"received", "stage1"},
    "extend": {"stage1"},
    "respond": {"stage1"},
    "close": {"stage1_responded", "stage2_responded", "stage1"},
    "withdraw": OPEN,
    "add_information": OPEN,
    "log_contact": OPEN | {"closed"},
    "agree_contact": OPEN,
    "assign": OPEN,
}

CATEGORIES = {
    "repairs": "Repairs",
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


def resident_words(status: str) -> str:
    return STATUSES[status][0]


def staff_words(status: str) -> str:
    return STATUSES[status][1]
