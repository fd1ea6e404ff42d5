"""Stage 2 rules per profile, in the pure domain: the window to ask for a review (when it
closes, how that is explained, the countdown, late or not), whether reasons are
required, the stage 2 dates, the Panel, the Ombudsman's 12 months, actions' states and
the lifecycle moves. No database, no clock.

Every date is worked by hand (WD = working day; "N WD after D" is the N-th working day
strictly after D, SPEC §3). England: Monday 4 May 2026 (Early May) and Monday 25 May 2026
(Spring) are bank holidays. The stage 1 response is sent on Friday 1 May 2026 and the
review is asked for on Wednesday 6 May 2026 unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain import lifecycle
from portal.domain.calendar import WorkingCalendar
from portal.domain.deadlines import (
    ComplaintDates,
    action_state,
    compute_deadlines,
    is_late,
    ombudsman_by,
    request_window,
    within_panel_limit,
)
from portal.domain.policy import load_profiles

ENG = WorkingCalendar("ENG")
SENT, ASKED, ACKED = date(2026, 5, 1), date(2026, 5, 6), date(2026, 5, 7)
SEED_IDS = "seeds/002_e4b1920b3e2bdc2b.txt"
SEED_IVH = "seeds/004_33732138ecb6ee64.txt"
SEED_ISHA = "seeds/001_5ef213f20e0d3d47.txt"
SEED_SOUTHERN = "seeds/003_3837ce41d0e560ef.txt"
CODE = "SPEC.md §4 (Housing Ombudsman Complaint Handling Code 2024)"


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


def _due(profile, **events):
    dates = ComplaintDates(received=date(2026, 4, 20), **events)
    return compute_deadlines(profile, ENG, dates)


# -- the window ------------------------------------------------------------------------------

# (profile, last day to ask, seed, section)
WINDOWS = [
    # seeds/002 §6.1 "ask within 21 working days": Tue 5 May (1), 6, 7, 8 (4), 11-15 (9),
    # 18-22 (14), [Mon 25 May bank holiday], 26-29 (18), Mon 1 Jun (19), 2 (20), Wed 3 (21).
    ("ids", date(2026, 6, 3), SEED_IDS, "6.1"),
    # seeds/004 §5.1 (Stage 1) "within 10 working days of receiving their stage 1
    # investigation response": 5, 6, 7, 8 (4), 11-15 (9), Mon 18 May (10).
    ("ivh", date(2026, 5, 18), SEED_IVH, "5.1 (Stage 1)"),
]


@pytest.mark.parametrize(("key", "closes", "seed", "section"), WINDOWS)
def test_the_window_closes_on_the_right_day_and_is_explained(profiles, key, closes, seed,
                                                             section):
    due = _due(profiles[key], stage1_sent=SENT)["stage2_request_closes"]
    assert due.due_on == closes
    assert (due.rule.cite.seed, due.rule.cite.section) == (seed, section)
    lines = due.explanation()
    # IDS counts from sending (002 §6.1); IVH from receiving (004 §5.1; here not recorded
    # how it was delivered, so the day it was sent, and the explanation says so).
    event = {"ids": "sent", "ivh": "received"}[key]
    assert lines[0] == f"Counted from Friday 1 May 2026, when the stage 1 response was " \
                       f"{event}. That day itself does not count."
    assert any("Monday 4 May 2026 (May Day, bank holiday)" in line for line in lines)
    assert lines[-1] == f"So it is due by {closes:%A} {closes.day} {closes:%B %Y}."


@pytest.mark.parametrize("key", ["isha", "southern-2022", "hos-code-2024"])
def test_no_window_where_the_policy_sets_none(profiles, key):
    # ISHA 001 §2.9, Southern (heading "Right to ask for a review") and the Code (2.2
    # lets a policy set one; the Code itself sets none): no last day, so never late.
    assert "stage2_request_closes" not in _due(profiles[key], stage1_sent=SENT)
    assert is_late(date(2030, 1, 1), None) is False


def test_the_countdown_in_working_days():
    due = _due(load_profiles()["ids"], stage1_sent=SENT)["stage2_request_closes"]
    # On Wed 20 May: Thu 21, Fri 22, [25], Tue 26-Fri 29, Mon 1, Tue 2, Wed 3 = 9 left.
    assert request_window(due, date(2026, 5, 20), ENG).countdown() == \
        "9 working days left: until Wednesday 3 June 2026"
    # On Tuesday 2 June: only Wednesday 3 June left.
    assert request_window(due, date(2026, 6, 2), ENG).countdown() == \
        "1 working day left: until Wednesday 3 June 2026"
    last = request_window(due, date(2026, 6, 3), ENG)
    assert last.is_open and last.last_day and last.working_days_left == 0
    assert last.countdown() == "Today is the last day to ask: Wednesday 3 June 2026"
    closed = request_window(due, date(2026, 6, 4), ENG)
    assert not closed.is_open
    assert closed.countdown() == "The time to ask ended on Wednesday 3 June 2026"
    # On the day of the response itself all 21 are left; the year shows when it differs.
    assert request_window(due, SENT, ENG).working_days_left == 21
    assert "2026" in request_window(due, date(2025, 12, 31), ENG).countdown()


@pytest.mark.parametrize(("key", "closes"), [("ids", date(2026, 6, 3)),
                                             ("ivh", date(2026, 5, 18))])
def test_late_only_after_the_last_day(profiles, key, closes):
    due = _due(profiles[key], stage1_sent=SENT)["stage2_request_closes"]
    assert is_late(closes, due) is False  # IDS: the 21st WD is in time
    assert is_late(ENG.add_working_days(closes, 1), due) is True  # the 22nd WD is late


# -- reasons ----------------------------------------------------------------------------------

# (profile, required, seed, section): the Code 6.12 says reasons must not be required.
REASONS = [
    ("isha", True, SEED_ISHA, "2.9"),
    ("ids", True, SEED_IDS, "6.1"),
    ("southern-2022", False, SEED_SOUTHERN, "We're accountable"),
    ("ivh", True, SEED_IVH, "5.1 (Stage 1: \"The customer must provide reasons or "
                            "alternative solution for their request for escalation\")"),
    ("hos-code-2024", False, CODE, "6.12-6.13"),
]


@pytest.mark.parametrize(("key", "required", "seed", "section"), REASONS)
def test_reasons_required_or_not(profiles, key, required, seed, section):
    stage2 = profiles[key].stage2
    assert stage2.reasons_required is required
    assert (stage2.cite.seed, stage2.cite.section) == (seed, section)


# -- stage 2 dates ----------------------------------------------------------------------------

# (profile, events, key, due, seed section)
STAGE2_DATES = [
    # seeds/002 §6.2 "respond within 10 working days" of the request (Wed 6 May):
    # 7, 8 (2), 11-15 (7), 18, 19, 20 (10) -> Wednesday 20 May.
    ("ids", {"stage2_requested": ASKED}, "stage2_response", date(2026, 5, 20)),
    # seeds/004 §5.1 (Stage 2): contact within 5 WD of logging: 7, 8, 11, 12, 13 -> Wed 13 May;
    # response 20 WD after escalation: 7 (1), 8 (2), 11-15 (7), 18-22 (12), [25],
    # 26-29 (16), 1-4 Jun (20) -> Thursday 4 June; "a further 10 working days": 5 (1),
    # 8-12 (6), 15-18 (10) -> Thursday 18 June.
    ("ivh", {"stage2_requested": ASKED}, "stage2_acknowledge", date(2026, 5, 13)),
    ("ivh", {"stage2_requested": ASKED}, "stage2_response", date(2026, 6, 4)),
    ("ivh", {"stage2_requested": ASKED}, "stage2_response_extended", date(2026, 6, 18)),
    # seeds/003 "Resolving complaints as quickly as we can": 20 WD -> Thursday 4 June; "a
    # further 30 days" (read as WD): 5 (1), 8-12 (6), 15-19 (11), 22-26 (16),
    # 29 Jun-3 Jul (21), 6-10 (26), 13-16 (30) -> Thursday 16 July.
    ("southern-2022", {"stage2_requested": ASKED}, "stage2_response", date(2026, 6, 4)),
    ("southern-2022", {"stage2_requested": ASKED}, "stage2_response_extended",
     date(2026, 7, 16)),
    # The Code 6.11: acknowledge within 5 WD of the request -> Wednesday 13 May; 6.14: respond
    # 20 WD after acknowledging (Thu 7 May): 8 (1), 11-15 (6), 18-22 (11), [25], 26-29 (15),
    # 1-5 Jun (20) -> Friday 5 June; 6.15-6.16: 20 WD more: 8-12, 15-19, 22-26,
    # 29 Jun-3 Jul -> Friday 3 July.
    ("hos-code-2024", {"stage2_requested": ASKED}, "stage2_acknowledge", date(2026, 5, 13)),
    ("hos-code-2024", {"stage2_requested": ASKED, "stage2_acknowledged": ACKED},
     "stage2_response", date(2026, 6, 5)),
    ("hos-code-2024", {"stage2_requested": ASKED, "stage2_acknowledged": ACKED},
     "stage2_response_extended", date(2026, 7, 3)),
]


@pytest.mark.parametrize(("key", "events", "which", "expected"), STAGE2_DATES)
def test_stage2_dates(profiles, key, events, which, expected):
    assert _due(profiles[key], stage1_sent=SENT, **events)[which].due_on == expected


def test_isha_sets_no_stage2_dates_but_agreed_ones(profiles):
    # seeds/001 §2.9: "notified of the outcome of the review in writing within the
    # timescales agreed": agreed contact dates drive it, the engine sets none.
    due = _due(profiles["isha"], stage1_sent=SENT, stage2_requested=ASKED,
               stage2_acknowledged=ACKED)
    assert not [k for k in due if k.startswith("stage2")]


def test_the_code_response_waits_for_the_acknowledgement(profiles):
    due = _due(profiles["hos-code-2024"], stage1_sent=SENT, stage2_requested=ASKED)
    assert "stage2_acknowledge" in due and "stage2_response" not in due


# -- the Panel --------------------------------------------------------------------------------


def test_only_ids_has_a_panel(profiles):
    # seeds/002 §6.3-6.4; the Code 5.3: "more than two stages is not acceptable".
    assert [k for k, p in profiles.items() if p.has_panel] == ["ids"]


def test_panel_meeting_within_one_calendar_month_and_response_10_wd_after(profiles):
    ids = profiles["ids"]
    due = _due(ids, stage1_sent=SENT, panel_requested=date(2026, 5, 22))
    limit = due["panel_meeting"]
    assert limit.due_on == date(2026, 6, 22)  # 22 May + 1 calendar month
    assert within_panel_limit(date(2026, 6, 22), date(2026, 5, 22), limit) is None
    assert "on or before Monday 22 June 2026" in within_panel_limit(date(2026, 6, 23),
                                                                   date(2026, 5, 22), limit)
    assert "on or after" in within_panel_limit(date(2026, 5, 21), date(2026, 5, 22), limit)
    # Met Monday 15 June: 16-19 (4), 22-26 (9), Mon 29 June (10).
    met = _due(ids, panel_requested=date(2026, 5, 22), panel_met=date(2026, 6, 15))
    assert met["panel_response"].due_on == date(2026, 6, 29)
    # A request on 31 January meets by 28 February (SPEC §3: months clamp to the month end).
    assert _due(ids, panel_requested=date(2027, 1, 31))["panel_meeting"].due_on == \
        date(2027, 2, 28)


# -- after the final response, actions, lifecycle ------------------------------------------------


def test_ombudsman_within_12_months_of_the_final_response():
    assert ombudsman_by(date(2026, 5, 7)) == date(2027, 5, 7)
    assert ombudsman_by(date(2028, 2, 29)) == date(2029, 2, 28)


def test_action_states():
    due = date(2026, 6, 1)
    assert action_state(due, None, date(2026, 5, 31)) == "to_do"
    assert action_state(due, None, due) == "due_today"
    assert action_state(due, None, date(2026, 6, 2)) == "overdue"  # from the day after
    assert action_state(due, due, date(2026, 7, 1)) == "done"
    assert action_state(due, date(2026, 6, 2), date(2026, 7, 1)) == "done_late"


def test_who_can_ask_for_a_review():
    assert lifecycle.can_ask_for_review("stage1_responded", None, 1)
    assert lifecycle.can_ask_for_review("closed", "no_reply", 1)
    assert lifecycle.can_ask_for_review("closed", "closed_by_staff", 1)
    assert not lifecycle.can_ask_for_review("closed", "resident_satisfied", 1)
    assert not lifecycle.can_ask_for_review("closed", "stage2_declined", 2)
    assert not lifecycle.can_ask_for_review("stage1", None, 1)
    assert not lifecycle.can_ask_for_review("withdrawn", "withdrawn", 1)


def test_every_review_status_is_open_and_can_be_withdrawn():
    for status in lifecycle.REVIEW | lifecycle.RESPONDED:
        assert status in lifecycle.OPEN and lifecycle.can_move("withdraw", status)
    assert set(lifecycle.COUNTED_EVENTS) >= {"complaint_withdrawn", "stage2_declined",
                                             "stage2_request_flagged_late", "survey_answered"}
