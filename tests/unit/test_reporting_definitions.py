"""The reporting definitions (portal/domain/reporting.py) on a hand-built set of
complaints, each expected figure worked out in a comment.

Sources: the Regulator of Social Housing's Tenant Satisfaction Measures CH01/CH02 as
stated in issue 14 and SPEC.md; the Code's timescales are SPEC.md §4 (Complaint Handling
Code 2024 6.2-6.5 stage 1: 10 working days from acknowledgement, extension up to 10 more;
6.13-6.16 stage 2: 20, extension up to 20 more). Here the Code's due dates are given by
hand (the read model works them out with the engine; tests/integration/test_reports.py
checks that on real dates).

The reporting year 2026/27 runs from Wednesday 1 April 2026 to Wednesday 31 March 2027.
"""

from __future__ import annotations

from datetime import date as D

import pytest

from portal.domain.reporting import (
    EXTENSION,
    LATE,
    ORIGINAL,
    Facts,
    HomesFigure,
    Settings,
    code_timeliness,
    count_tsm,
    homes_at,
    parse_year_start,
    per_thousand,
    percentage,
    reporting_year,
    tsm_figures,
    year_containing,
)

YEAR = reporting_year(2026)
NEXT = reporting_year(2027)

SET = {
    # A: received in March, answered in April. Received 22 March 2027 -> CH01(1) of
    # 2026/27; answered 6 April 2027, by its Code due date 7 April -> CH02(1) of 2027/28.
    "A march_april": Facts(D(2027, 3, 22), stage1_answered_on=D(2027, 4, 6),
                           stage1_code_due_on=D(2027, 4, 7)),
    # B: escalated. Received 1 May, answered 15 May (due 20 May: original); review asked
    # for 1 June, answered 1 July (due 10 July: original). Counts in CH01(1) and CH01(2).
    "B escalated": Facts(D(2026, 5, 1), status="stage2_responded",
                         stage1_answered_on=D(2026, 5, 15), stage1_code_due_on=D(2026, 5, 20),
                         stage2_requested_on=D(2026, 6, 1), stage2_sent_on=D(2026, 7, 1),
                         stage2_code_due_on=D(2026, 7, 10)),
    # C: extended within the Code's limit. Due 22 June, limit 6 July, extended to 3 July,
    # answered 1 July: after the due date, by a valid extension -> within (extension).
    "C valid extension": Facts(D(2026, 6, 1), stage1_answered_on=D(2026, 7, 1),
                               stage1_code_due_on=D(2026, 6, 22),
                               stage1_code_limit_on=D(2026, 7, 6),
                               stage1_extended_to=D(2026, 7, 3)),
    # D: extended beyond the Code's limit (the profile allowed it): extended to 10 July,
    # past the limit of 6 July; answered 10 July -> late against the Code.
    "D extension beyond": Facts(D(2026, 6, 1), stage1_answered_on=D(2026, 7, 10),
                                stage1_code_due_on=D(2026, 6, 22),
                                stage1_code_limit_on=D(2026, 7, 6),
                                stage1_extended_to=D(2026, 7, 10)),
    # E: withdrawn before any answer: received 3 August -> counted in CH01(1) by default.
    "E withdrawn": Facts(D(2026, 8, 3), status="withdrawn"),
    # F: refused (not accepted as a complaint): counted nowhere.
    "F refused": Facts(D(2026, 9, 1), status="not_accepted", refused=True),
    # G: a petition from six households is one complaint: counted once.
    "G petition": Facts(D(2026, 9, 14)),
    # H: late, no extension: due 20 October, answered 30 October -> late.
    "H late": Facts(D(2026, 10, 1), stage1_answered_on=D(2026, 10, 30),
                    stage1_code_due_on=D(2026, 10, 20)),
    # I: a shared-ownership home (LCHO), answered 10 November, due 16 November -> within.
    "I lcho": Facts(D(2026, 11, 2), stock_type="LCHO", stage1_answered_on=D(2026, 11, 10),
                    stage1_code_due_on=D(2026, 11, 16)),
    # J: a valid extension (to 3 July, limit 6 July) but answered 5 July, after it -> late.
    "J after extension": Facts(D(2026, 6, 1), stage1_answered_on=D(2026, 7, 5),
                               stage1_code_due_on=D(2026, 6, 22),
                               stage1_code_limit_on=D(2026, 7, 6),
                               stage1_extended_to=D(2026, 7, 3)),
    # K: joined into a communal complaint: counted through that one, not here.
    "K joined": Facts(D(2026, 9, 14), joined=True),
    # L: answered within (10 Nov, due 16 Nov); review asked for 1 Dec but declined:
    # counted in CH01(1) and CH02(1) only.
    "L declined review": Facts(D(2026, 11, 2), stage1_answered_on=D(2026, 11, 10),
                               stage1_code_due_on=D(2026, 11, 16),
                               stage2_requested_on=D(2026, 12, 1), stage2_declined=True),
    # M: a councillor's enquiry answered as correspondence: not a complaint.
    "M correspondence": Facts(D(2026, 5, 5), correspondence=True,
                              stage1_answered_on=D(2026, 5, 6), stage1_code_due_on=D(2026, 5, 20)),
}

HOMES = [
    HomesFigure("LCRA", 2000, D(2026, 3, 31)),
    HomesFigure("LCRA", 2500, D(2027, 4, 30)),  # after the year ended: not this year's
    HomesFigure("LCHO", 500, D(2026, 4, 1)),
]


def test_reporting_year_runs_april_to_march_and_is_configurable():
    assert (YEAR.start, YEAR.end, YEAR.label) == (D(2026, 4, 1), D(2027, 3, 31), "2026/27")
    assert year_containing(D(2027, 3, 31)) == YEAR
    assert year_containing(D(2027, 4, 1)) == NEXT
    # A calendar-year landlord: 1 January to 31 December.
    calendar_year = reporting_year(2026, 1, 1)
    assert (calendar_year.start, calendar_year.end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert parse_year_start("04-01") == (4, 1)
    with pytest.raises(ValueError):
        parse_year_start("02-29")


@pytest.mark.parametrize(("sent", "due", "limit", "extended", "expected"), [
    (D(2026, 6, 22), D(2026, 6, 22), None, None, ORIGINAL),  # on the due date itself
    (D(2026, 6, 23), D(2026, 6, 22), None, None, LATE),  # a day late, no extension
    (D(2026, 7, 1), D(2026, 6, 22), D(2026, 7, 6), D(2026, 7, 3), EXTENSION),
    (D(2026, 7, 6), D(2026, 6, 22), D(2026, 7, 6), D(2026, 7, 6), EXTENSION),  # to the limit
    (D(2026, 7, 7), D(2026, 6, 22), D(2026, 7, 6), D(2026, 7, 7), LATE),  # beyond the limit
    (D(2026, 7, 5), D(2026, 6, 22), D(2026, 7, 6), D(2026, 7, 3), LATE),  # after the extension
])
def test_code_timeliness(sent, due, limit, extended, expected):
    assert code_timeliness(sent, due, limit, extended) == expected


def test_homes_are_the_latest_figure_on_or_before_the_year_end():
    # LCRA: 2,000 (31 March 2026); the 2,500 of 30 April 2027 is after 31 March 2027.
    assert homes_at(HOMES, YEAR.end) == {"LCRA": 2000, "LCHO": 500}
    assert homes_at(HOMES, NEXT.end) == {"LCRA": 2500, "LCHO": 500}
    assert homes_at(HOMES, D(2026, 1, 1)) == {}


def test_rounding_is_half_up_to_one_place():
    assert percentage(1, 16) == 6.3  # 6.25 -> 6.3 (not the banker's 6.2)
    assert percentage(2, 3) == 66.7
    assert percentage(0, 0) is None
    assert per_thousand(1, 8000) == 0.1  # 0.125 -> 0.1
    assert per_thousand(3, 0) is None and per_thousand(3, None) is None


def test_counts_for_2026_27():
    counts = count_tsm(SET.values(), YEAR)
    lcra, lcho = counts["LCRA"], counts["LCHO"]
    # Stage 1 received (LCRA): A, B, C, D, E, G, H, J, L = 9 (F refused, K joined, M
    # correspondence are not complaints counted here); LCHO: I = 1.
    assert (lcra.stage1_received, lcho.stage1_received) == (9, 1)
    # Stage 2 received: B only (L's review was declined).
    assert (lcra.stage2_received, lcho.stage2_received) == (1, 0)
    # Stage 1 answered in the year (LCRA): B, C, D, H, J, L = 6 (A was answered in April
    # 2027); within: B, L by the due date (2), C by a valid extension (1); D, H, J late.
    assert (lcra.stage1_responses, lcra.stage1_within_original,
            lcra.stage1_within_extension, lcra.stage1_within) == (6, 2, 1, 3)
    assert (lcho.stage1_responses, lcho.stage1_within) == (1, 1)  # I, within
    assert (lcra.stage2_responses, lcra.stage2_within) == (1, 1)  # B, by its due date


def test_figures_for_2026_27():
    figures = tsm_figures(count_tsm(SET.values(), YEAR), homes_at(HOMES, YEAR.end))
    out = figures.as_json(YEAR.label)
    assert out["year"] == "2026/27"
    assert out["homes"] == 2500  # 2,000 LCRA + 500 LCHO
    # CH01(1) = 10 / 2,500 x 1,000 = 4.0; CH01(2) = 1 / 2,500 x 1,000 = 0.4.
    assert (out["ch01_stage1"], out["ch01_stage2"]) == (4.0, 0.4)
    # CH02(1) = 4 within / 7 responses x 100 = 57.14 -> 57.1; CH02(2) = 1 / 1 = 100.0.
    assert (out["stage1_responses"], out["stage1_within"]) == (7, 4)
    assert (out["ch02_stage1"], out["ch02_stage2"]) == (57.1, 100.0)
    lcra, lcho = out["by_stock_type"]["LCRA"], out["by_stock_type"]["LCHO"]
    # LCRA: 9 / 2,000 x 1,000 = 4.5; 1 / 2,000 x 1,000 = 0.5; CH02(1) 3 / 6 = 50.0.
    assert (lcra["ch01_stage1"], lcra["ch01_stage2"], lcra["ch02_stage1"]) == (4.5, 0.5, 50.0)
    # LCHO: 1 / 500 x 1,000 = 2.0; no stage 2 complaints: 0.0; no stage 2 responses: None.
    assert (lcho["ch01_stage1"], lcho["ch01_stage2"], lcho["ch02_stage1"],
            lcho["ch02_stage2"]) == (2.0, 0.0, 100.0, None)
    assert set(out) == {"year", "homes", "stage1_received", "stage2_received",
                        "stage1_responses", "stage1_within", "stage2_responses",
                        "stage2_within", "ch01_stage1", "ch01_stage2", "ch02_stage1",
                        "ch02_stage2", "by_stock_type"}


def test_march_complaint_answered_in_april_counts_its_answer_next_year():
    counts = count_tsm(SET.values(), NEXT)
    # 2027/28: nothing received; A's answer (6 April 2027, due 7 April) is within.
    assert counts["LCRA"].stage1_received == 0
    assert (counts["LCRA"].stage1_responses, counts["LCRA"].stage1_within) == (1, 1)


def test_withdrawn_complaints_can_be_left_out_by_the_setting():
    counts = count_tsm(SET.values(), YEAR, Settings(count_withdrawn=False))
    # 9 less E, the withdrawn one = 8.
    assert counts["LCRA"].stage1_received == 8
