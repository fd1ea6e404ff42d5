"""Restrictions for unreasonable behaviour (ISHA 001 §4; IDS 002 §10.1-10.6;
southern-2022 "Unreasonable customer behaviour"): the kinds, their words for staff and
for the person, the statuses and the review date. Pure Python."""

from __future__ import annotations

import calendar
from datetime import date

# kind: (staff words, what changes for the person, in plain words)
KINDS: dict[str, tuple[str, str]] = {
    "acknowledge_only": (
        "Contacts acknowledged only",
        "We will acknowledge what you send us, but we will not reply to it in any other way "
        "unless it raises something new."),
    "named_contact": (
        "One named contact",
        "Please contact only the member of staff named below. Other staff will pass your "
        "contact to them."),
    "one_channel": (
        "One way of contacting us",
        "Please contact us only in the way named below."),
    "limited_contact": (
        "Limits on calls or visits",
        "We have limited how often, or when, you can phone or visit us, as set out below."),
    "written_only": (
        "Written contact only",
        "Please contact us in writing only (by letter, email or your online account). We "
        "will write to you rather than phone you."),
}

STATUSES = {
    "proposed": "Proposed, waiting for approval",
    "active": "In force",
    "rejected": "Not approved",
    "lifted": "Lifted",
}

# The outcome of a review (southern-2022 "Unreasonable customer behaviour"; IDS 002 §10.5).
REVIEW_OUTCOMES = {
    "lift": "Lift it: no ongoing risk",
    "keep": "Keep it as it is until the next review",
    "change": "Change it",
}


def review_date(start: date, months: int) -> date:
    """`months` calendar months after `start` (the last day of a shorter month)."""
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def kind_words(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else kind


def what_changes(kind: str) -> str:
    return KINDS[kind][1] if kind in KINDS else ""


def due_for_review(status: str, review_on: date, today: date) -> bool:
    return status == "active" and review_on <= today
