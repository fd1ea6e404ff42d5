"""Dates the policies set that the engine got wrong (issue 13, items 8 and 10), one row
per rule, worked by hand (SPEC §3: the start day never counts; WD = working day).

Item 10, seeds/000_e9fd0cc2b6916637.txt step 4: "Your case handler will call you within
4 working days from when the complaint was acknowledged by us (5 working days from when
we received the complaint)": the earlier of the two, even when the acknowledgement is late.

Item 8, seeds/004_33732138ecb6ee64.txt §5.1 (Stage 1): a stage 2 request "within 10
working days of receiving their stage 1 investigation response": emailed, received that
day; posted, deemed received on the 2nd working day after posting (SPEC §4).
"""

from __future__ import annotations

from datetime import date as D

import pytest

from portal.domain.calendar import WorkingCalendar
from portal.domain.deadlines import ComplaintDates, compute_deadlines
from portal.domain.policy import load_profiles


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


FIRST_CONTACT = [
    # received, acknowledged, due, which rule applied
    # Acknowledged on time (Tue 2 Mar 2027, 1 WD): 4 WD -> Mon 8 Mar; 5 WD from receipt
    # Mon 1 -> Mon 8 Mar: the same day.
    (D(2027, 3, 1), D(2027, 3, 2), D(2027, 3, 8), "acknowledged"),
    # Acknowledged on the day it came in (Mon 1): 4 WD -> Fri 5 Mar, earlier than Mon 8.
    (D(2027, 3, 1), D(2027, 3, 1), D(2027, 3, 5), "acknowledged"),
    # Acknowledged late (Thu 4 Mar): 4 WD -> Wed 10; capped at 5 WD from receipt: Mon 8.
    (D(2027, 3, 1), D(2027, 3, 4), D(2027, 3, 8), "received"),
    # Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar): received Wed 24 Mar,
    # acknowledged late Fri 2 Apr: 4 WD -> Mon 5, 6, 7, Thu 8 Apr. From receipt: Thu 25 (1),
    # Tue 30 (2), Wed 31 (3), Thu 1 (4), Fri 2 Apr (5): Friday 2 April.
    (D(2027, 3, 24), D(2027, 4, 2), D(2027, 4, 2), "received"),
    # Not yet acknowledged: never later than 5 WD from receipt (Mon 8 Mar).
    (D(2027, 3, 1), None, D(2027, 3, 8), "received"),
]


@pytest.mark.parametrize(("received", "acknowledged", "due", "counted_from"), FIRST_CONTACT)
def test_isha_first_contact_is_the_earlier_of_the_two(profiles, received, acknowledged, due,
                                                      counted_from):
    got = compute_deadlines(profiles["isha"], WorkingCalendar("ENG"),
                            ComplaintDates(received, acknowledged=acknowledged))
    first = got["first_contact"]
    assert first.due_on == due
    assert first.rule.after == counted_from
    assert first.rule.cite.title == "Making a Complaint with ISHA"
    if counted_from == "received":
        assert "5 working days after the complaint was received" in " ".join(
            first.explanation())


WINDOW = [
    # profile, delivery, last day to ask, what the explanation says
    ("ivh", "email", D(2026, 5, 18), "emailed on Friday 1 May 2026, so it was received"),
    ("ivh", "post", D(2026, 5, 20), "received on the 2nd working day after posting, "
                                    "Wednesday 6 May 2026"),
    ("ivh", None, D(2026, 5, 18), "not recorded"),
    ("ids", "post", D(2026, 6, 3), "when the stage 1 response was sent"),  # 002 §6.1
]


@pytest.mark.parametrize(("key", "delivery", "closes", "says"), WINDOW)
def test_the_review_window_counts_from_receipt_on_ivh(profiles, key, delivery, closes, says):
    got = compute_deadlines(profiles[key], WorkingCalendar("ENG"), ComplaintDates(
        D(2026, 4, 20), acknowledged=D(2026, 4, 20), stage1_sent=D(2026, 5, 1),
        stage1_delivery=delivery))
    window = got["stage2_request_closes"]
    assert window.due_on == closes
    assert says in " ".join(window.explanation())


def test_the_posting_days_are_a_profile_value(profiles):
    assert profiles["ivh"].rule("stage2_request_window").posted_received_after == 2
    assert profiles["ids"].rule("stage2_request_window").posted_received_after is None
