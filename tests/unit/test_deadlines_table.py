"""Table-driven tests of compute_deadlines for every profile and every deadline it has.

Sources (seed files are in /work/shared/seeds/):
- isha: seeds/001_5ef213f20e0d3d47.txt (ISHA Group Complaints Policy) and
  seeds/000_e9fd0cc2b6916637.txt ("Making a Complaint with ISHA").
- ids: seeds/002_e4b1920b3e2bdc2b.txt (IDS Complaints Resolution & Customer Care Policy).
- southern-2022: seeds/003_3837ce41d0e560ef.txt (Southern Housing Complaints policy, Jan 2022;
  no numbered sections, so the heading "Resolving complaints as quickly as we can").
- ivh: seeds/004_33732138ecb6ee64.txt (IVH Customer Complaints Policy, §5.1).
- hos-code-2024: SPEC.md §4, the Housing Ombudsman Complaint Handling Code 2024 (Code sections).

Every expected date is worked out by hand in a comment (WD = working day; the start day
never counts, SPEC §3). `test_every_deadline_against_oracle` re-derives every due date of
every profile from the TOML files with a naive loop over the holidays package, across the
same awkward dates and all four nations.
"""

from __future__ import annotations

import calendar as stdcal
import functools
import tomllib
from datetime import date, timedelta

import holidays
import pytest

from portal.domain.calendar import WorkingCalendar
from portal.domain.code_check import departures
from portal.domain.deadlines import ComplaintDates, compute_deadlines
from portal.domain.policy import PROFILE_DIR, load_profiles

D = date

SEED_ISHA = "seeds/001_5ef213f20e0d3d47.txt"
SEED_ISHA_LEAFLET = "seeds/000_e9fd0cc2b6916637.txt"
SEED_IDS = "seeds/002_e4b1920b3e2bdc2b.txt"
SEED_SOUTHERN = "seeds/003_3837ce41d0e560ef.txt"
SEED_IVH = "seeds/004_33732138ecb6ee64.txt"
CODE = "SPEC.md §4 (Housing Ombudsman Complaint Handling Code 2024)"
SOUTHERN_HEADING = "Resolving complaints as quickly as we can"

SHUTDOWN = {
    D(2026, 12, 29): "Christmas shutdown",
    D(2026, 12, 30): "Christmas shutdown",
    D(2026, 12, 31): "Christmas shutdown",
}

ALL_KEYS = (
    "acknowledge",
    "first_contact",
    "stage1_response",
    "stage1_response_extended",
    "close_if_no_reply",
    "stage2_request_closes",
    "stage2_acknowledge",
    "stage2_response",
    "stage2_response_extended",
    "panel_meeting",
    "panel_response",
    "councillor_reply",
)


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


@functools.cache
def calendar(name: str) -> WorkingCalendar:
    """"ENG", "SCT", "NIR", "WLS", or "ENG+shutdown" (29-31 Dec 2026 closed)."""
    nation, _, extra = name.partition("+")
    return WorkingCalendar(nation, closures=SHUTDOWN if extra == "shutdown" else None)


# (profile, calendar, events, key, expected due date, cited seed, cited section)
CASES = [
    # ---------------------------------------------------------------- isha ------------
    # seeds/001 §2.6: acknowledge within 1 WD from receipt.
    # Thu 24 Dec 2026 -> Fri 25 Xmas, Sat, Sun, Mon 28 Boxing subst. -> Tue 29 Dec
    pytest.param(
        "isha", "ENG", {"received": D(2026, 12, 24)}, "acknowledge", D(2026, 12, 29),
        SEED_ISHA, "2.6", id="isha-001§2.6-ack-1WD-christmas",
    ),
    # seeds/001 §2.6: received Sat 2 May 2026 (start never counts) -> Sun, Mon 4 May Day
    #   -> Tue 5 May
    pytest.param(
        "isha", "ENG", {"received": D(2026, 5, 2)}, "acknowledge", D(2026, 5, 5),
        SEED_ISHA, "2.6", id="isha-001§2.6-ack-1WD-saturday-mayday",
    ),
    # seeds/001 §2.6: Fri 5 May 2023 -> Sat, Sun, Mon 8 coronation -> Tue 9 May 2023
    pytest.param(
        "isha", "ENG", {"received": D(2023, 5, 5)}, "acknowledge", D(2023, 5, 9),
        SEED_ISHA, "2.6", id="isha-001§2.6-ack-1WD-coronation",
    ),
    # seeds/001 §2.6, Scotland: Thu 31 Dec 2026 -> Fri 1 NYD, Sat 2, Sun 3,
    #   Mon 4 (2 January substitute) -> Tue 5 Jan 2027
    pytest.param(
        "isha", "SCT", {"received": D(2026, 12, 31)}, "acknowledge", D(2027, 1, 5),
        SEED_ISHA, "2.6", id="isha-001§2.6-ack-1WD-sct-2jan",
    ),
    # ...England: Fri 1 NYD, Sat, Sun -> Mon 4 Jan 2027
    pytest.param(
        "isha", "ENG", {"received": D(2026, 12, 31)}, "acknowledge", D(2027, 1, 4),
        SEED_ISHA, "2.6", id="isha-001§2.6-ack-1WD-eng-4jan",
    ),
    # seeds/000 step 4: case handler calls within 4 WD of acknowledgement.
    # acknowledged Thu 2 Apr 2026 -> Fri 3 GF, Sat, Sun, Mon 6 EM, Tue 7 (1), Wed 8 (2),
    #   Thu 9 (3), Fri 10 (4)
    pytest.param(
        "isha", "ENG", {"received": D(2026, 4, 1), "acknowledged": D(2026, 4, 2)},
        "first_contact", D(2026, 4, 10),
        SEED_ISHA_LEAFLET, "step 4", id="isha-000-step4-first-contact-4WD-easter",
    ),
    # seeds/000 step 4, acknowledged late: received Thu 24 Dec (ack due Tue 29), acknowledged
    # on Wed 30 -> 4 WD: Thu 31 (1), Fri 1 NYD, Sat, Sun, Mon 4 (2), Tue 5 (3), Wed 6 (4).
    # But "(5 working days from when we received the complaint)" caps it: after Thu 24,
    # [Fri 25, Sat, Sun, Mon 28 Boxing Day observed], Tue 29 (1), Wed 30 (2), Thu 31 (3),
    # [Fri 1 NYD, Sat, Sun], Mon 4 (4), Tue 5 (5). The earlier: Tuesday 5 January 2027.
    pytest.param(
        "isha", "ENG", {"received": D(2026, 12, 24), "acknowledged": D(2026, 12, 30)},
        "first_contact", D(2027, 1, 5),
        SEED_ISHA_LEAFLET, "step 4", id="isha-000-step4-first-contact-real-ack",
    ),
    # ----------------------------------------------------------------- ids ------------
    # seeds/002 §5.5: acknowledge within 3 WD. Wed 1 Apr 2026 -> Thu 2 (1), Fri 3 GF,
    #   Sat, Sun, Mon 6 EM, Tue 7 (2), Wed 8 (3)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 4, 1)}, "acknowledge", D(2026, 4, 8),
        SEED_IDS, "5.5", id="ids-002§5.5-ack-3WD-easter",
    ),
    # seeds/002 §5.5, Northern Ireland: Mon 16 Mar 2026 -> Tue 17 St Patrick's, Wed 18 (1),
    #   Thu 19 (2), Fri 20 (3)
    pytest.param(
        "ids", "NIR", {"received": D(2026, 3, 16)}, "acknowledge", D(2026, 3, 20),
        SEED_IDS, "5.5", id="ids-002§5.5-ack-3WD-nir-st-patrick",
    ),
    # ...England: Tue 17 (1), Wed 18 (2), Thu 19 (3)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 3, 16)}, "acknowledge", D(2026, 3, 19),
        SEED_IDS, "5.5", id="ids-002§5.5-ack-3WD-eng-17mar",
    ),
    # seeds/002 §5.5: respond within 10 WD (of receipt). Thu 24 Dec 2026 -> Tue 29 (1),
    #   Wed 30 (2), Thu 31 (3), [Fri 1 NYD], Mon 4 (4), Tue 5 (5), Wed 6 (6), Thu 7 (7),
    #   Fri 8 (8), Mon 11 (9), Tue 12 (10)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 12, 24)}, "stage1_response", D(2027, 1, 12),
        SEED_IDS, "5.5", id="ids-002§5.5-stage1-10WD-christmas",
    ),
    # seeds/002 §5.7: close if no reply within 21 WD of the response. Fri 18 Dec 2026 ->
    #   Mon 21..Thu 24 (1-4), [25, 28 Dec], Tue 29..Thu 31 (5-7), [1 Jan], Mon 4..Fri 8
    #   (8-12), Mon 11..Fri 15 (13-17), Mon 18..Thu 21 (18-21)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 12, 1), "stage1_sent": D(2026, 12, 18)},
        "close_if_no_reply", D(2027, 1, 21),
        SEED_IDS, "5.7", id="ids-002§5.7-close-21WD-christmas",
    ),
    # seeds/002 §6.1: ask for a review within 21 WD. Same working as above -> Thu 21 Jan
    pytest.param(
        "ids", "ENG", {"received": D(2026, 12, 1), "stage1_sent": D(2026, 12, 18)},
        "stage2_request_closes", D(2027, 1, 21),
        SEED_IDS, "6.1", id="ids-002§6.1-stage2-window-21WD-christmas",
    ),
    # seeds/002 §5.7, Easter 2027: Thu 25 Mar -> Fri 26 GF, Sat, Sun, Mon 29 EM,
    #   Tue 30..Fri 2 Apr (1-4), Mon 5..Fri 9 (5-9), Mon 12..Fri 16 (10-14),
    #   Mon 19..Fri 23 (15-19), Mon 26 (20), Tue 27 (21)
    pytest.param(
        "ids", "ENG", {"received": D(2027, 3, 1), "stage1_sent": D(2027, 3, 25)},
        "close_if_no_reply", D(2027, 4, 27),
        SEED_IDS, "5.7", id="ids-002§5.7-close-21WD-easter27",
    ),
    # seeds/002 §6.2: review response within 10 WD of the request. Fri 28 Apr 2023 ->
    #   Mon 1 May Day, Tue 2..Fri 5 (1-4), Mon 8 coronation, Tue 9..Fri 12 (5-8),
    #   Mon 15 (9), Tue 16 (10)
    pytest.param(
        "ids", "ENG", {"received": D(2023, 3, 1), "stage2_requested": D(2023, 4, 28)},
        "stage2_response", D(2023, 5, 16),
        SEED_IDS, "6.2", id="ids-002§6.2-stage2-10WD-coronation",
    ),
    # seeds/002 §6.4: Panel convened within 1 calendar month. Sat 30 Jan 2027 + 1 month
    #   -> 30 Feb does not exist -> clamp to Sun 28 Feb 2027 (calendar months are not
    #   moved off weekends, SPEC §3)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 11, 2), "panel_requested": D(2027, 1, 30)},
        "panel_meeting", D(2027, 2, 28),
        SEED_IDS, "6.4", id="ids-002§6.4-panel-1-month-clamp",
    ),
    # seeds/002 §6.4: 31 Jan 2028 + 1 month -> 29 Feb 2028 (leap year)
    pytest.param(
        "ids", "ENG", {"received": D(2027, 11, 1), "panel_requested": D(2028, 1, 31)},
        "panel_meeting", D(2028, 2, 29),
        SEED_IDS, "6.4", id="ids-002§6.4-panel-1-month-leap",
    ),
    # seeds/002 §6.4: Tue 3 Mar 2026 + 1 month -> Fri 3 Apr 2026 (Good Friday: calendar
    #   months ignore bank holidays)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 1, 5), "panel_requested": D(2026, 3, 3)},
        "panel_meeting", D(2026, 4, 3),
        SEED_IDS, "6.4", id="ids-002§6.4-panel-1-month-plain",
    ),
    # seeds/002 §6.4: Panel response within 10 WD of the meeting. Tue 31 Mar 2026 ->
    #   Wed 1 (1), Thu 2 (2), Fri 3 GF, Mon 6 EM, Tue 7..Fri 10 (3-6), Mon 13..Thu 16 (7-10)
    pytest.param(
        "ids", "ENG", {"received": D(2026, 1, 5), "panel_met": D(2026, 3, 31)},
        "panel_response", D(2026, 4, 16),
        SEED_IDS, "6.4", id="ids-002§6.4-panel-response-10WD-easter",
    ),
    # ------------------------------------------------------------ southern-2022 --------
    # The policy states no acknowledgement time: the Code's 5 WD (SPEC §4, Code 6.2).
    # Wed 23 Dec 2026 -> Thu 24 (1), [25, 26, 27, 28], Tue 29 (2), Wed 30 (3), Thu 31 (4),
    #   [1, 2, 3 Jan], Mon 4 (5)
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 12, 23)}, "acknowledge", D(2027, 1, 4),
        CODE, "6.2", id="southern-code6.2-ack-5WD-christmas",
    ),
    # seeds/003 "Resolving complaints...": ten working days from receipt. Wed 23 Dec 2026 ->
    #   ... Mon 4 (5), Tue 5 (6), Wed 6 (7), Thu 7 (8), Fri 8 (9), Mon 11 (10)
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 12, 23)}, "stage1_response", D(2027, 1, 11),
        SEED_SOUTHERN, SOUTHERN_HEADING, id="southern-003-stage1-10WD-christmas",
    ),
    # seeds/003: "a further ten days" = base Mon 11 Jan + 10 WD -> Tue 12..Fri 15 (1-4),
    #   Mon 18..Fri 22 (5-9), Mon 25 (10)
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 12, 23)}, "stage1_response_extended",
        D(2027, 1, 25),
        SEED_SOUTHERN, SOUTHERN_HEADING, id="southern-003-stage1-ext-10WD",
    ),
    # seeds/003: stage 2 decision within 20 WD. Fri 27 Mar 2026 -> Mon 30 (1), Tue 31 (2),
    #   Wed 1 (3), Thu 2 (4), [Fri 3 GF, Mon 6 EM], Tue 7..Fri 10 (5-8), Mon 13..Fri 17
    #   (9-13), Mon 20..Fri 24 (14-18), Mon 27 (19), Tue 28 Apr (20)
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 3, 27)},
        "stage2_response", D(2026, 4, 28),
        SEED_SOUTHERN, SOUTHERN_HEADING, id="southern-003-stage2-20WD-easter",
    ),
    # seeds/003: "a further 30 days" (read as WD) from Tue 28 Apr 2026 -> Wed 29 (1),
    #   Thu 30 (2), Fri 1 May (3), [Mon 4 May Day], Tue 5..Fri 8 (4-7), Mon 11..Fri 15
    #   (8-12), Mon 18..Fri 22 (13-17), [Mon 25 Spring], Tue 26..Fri 29 (18-21),
    #   Mon 1..Fri 5 Jun (22-26), Mon 8..Thu 11 (27-30)
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 3, 27)},
        "stage2_response_extended", D(2026, 6, 11),
        SEED_SOUTHERN, SOUTHERN_HEADING, id="southern-003-stage2-ext-30WD-mayday-spring",
    ),
    # ------------------------------------------------------------------ ivh ------------
    # seeds/004 §5.1 Acknowledgment: "within 5 days" (read as WD). Fri 5 May 2023 ->
    #   Sat, Sun, Mon 8 coronation, Tue 9..Fri 12 (1-4), Mon 15 (5)
    pytest.param(
        "ivh", "ENG", {"received": D(2023, 5, 5)}, "acknowledge", D(2023, 5, 15),
        SEED_IVH, "5.1", id="ivh-004§5.1-ack-5WD-coronation",
    ),
    # seeds/004 §5.1 Stage 1: 10 WD from the date of acknowledgement. Acknowledged Thu 24
    #   Dec 2026 -> Tue 12 Jan 2027 (same working as ids stage 1 above)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 12, 21), "acknowledged": D(2026, 12, 24)},
        "stage1_response", D(2027, 1, 12),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage1-10WD-from-ack-christmas",
    ),
    # seeds/004 §5.1 Stage 1, from the REAL acknowledgement: received and acknowledged the
    #   same day, Mon 21 Dec 2026 (ack due Wed 30 Dec) -> Tue 22 (1), Wed 23 (2), Thu 24 (3),
    #   [25-28], Tue 29 (4), Wed 30 (5), Thu 31 (6), [1-3 Jan], Mon 4 (7), Tue 5 (8),
    #   Wed 6 (9), Thu 7 Jan (10)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 12, 21), "acknowledged": D(2026, 12, 21)},
        "stage1_response", D(2027, 1, 7),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage1-real-ack-same-day",
    ),
    # seeds/004 §5.1 Stage 1: "a further 10 working days". Tue 12 Jan 2027 -> Wed 13..Fri 15
    #   (1-3), Mon 18..Fri 22 (4-8), Mon 25 (9), Tue 26 (10)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 12, 21), "acknowledged": D(2026, 12, 24)},
        "stage1_response_extended", D(2027, 1, 26),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage1-ext-10WD",
    ),
    # seeds/004 §5.1 Stage 1: notify within 10 WD of receiving the response. Fri 28 Aug 2026
    #   -> Sat, Sun, Mon 31 Aug Late Summer BH, Tue 1..Fri 4 Sep (1-4), Mon 7..Fri 11 (5-9),
    #   Mon 14 (10)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 8, 3), "stage1_sent": D(2026, 8, 28)},
        "stage2_request_closes", D(2026, 9, 14),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage2-window-10WD-late-summer",
    ),
    # seeds/004 §5.1 Stage 2: Head of Service contacts within 5 WD of logging. Requested
    #   Sat 4 Apr 2026 -> Sun 5, Mon 6 EM, Tue 7..Fri 10 (1-4), Mon 13 (5)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 4, 4)},
        "stage2_acknowledge", D(2026, 4, 13),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage2-contact-5WD-easter-saturday",
    ),
    # seeds/004 §5.1 Stage 2: response within 20 WD of escalation. Sat 4 Apr 2026 ->
    #   Tue 7..Fri 10 (1-4), Mon 13..Fri 17 (5-9), Mon 20..Fri 24 (10-14),
    #   Mon 27..Fri 1 May (15-19), [Mon 4 May Day], Tue 5 May (20)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 4, 4)},
        "stage2_response", D(2026, 5, 5),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage2-20WD-easter-mayday",
    ),
    # seeds/004 §5.1 Stage 2: "the further 10 working days". Tue 5 May 2026 -> Wed 6..Fri 8
    #   (1-3), Mon 11..Fri 15 (4-8), Mon 18 (9), Tue 19 (10)
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 4, 4)},
        "stage2_response_extended", D(2026, 5, 19),
        SEED_IVH, "5.1", id="ivh-004§5.1-stage2-ext-10WD",
    ),
    # ---------------------------------------------------------- hos-code-2024 ----------
    # Code 6.2 (SPEC §4): acknowledge within 5 WD. Thu 24 Dec 2026 -> Tue 29 (1), Wed 30 (2),
    #   Thu 31 (3), [Fri 1 NYD], Mon 4 (4), Tue 5 Jan (5)
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2026, 12, 24)}, "acknowledge", D(2027, 1, 5),
        CODE, "6.2", id="hos-code6.2-ack-5WD-christmas",
    ),
    # Code 6.2 with a 29-31 Dec shutdown: Thu 24 -> [25-3 Jan], Mon 4..Fri 8 (1-5)
    pytest.param(
        "hos-code-2024", "ENG+shutdown", {"received": D(2026, 12, 24)}, "acknowledge",
        D(2027, 1, 8),
        CODE, "6.2", id="hos-code6.2-ack-5WD-shutdown",
    ),
    # Code 6.2, Scotland: Wed 30 Dec 2026 -> Thu 31 (1), [Fri 1 NYD, Sat 2, Sun 3,
    #   Mon 4 2-Jan subst.], Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5)
    pytest.param(
        "hos-code-2024", "SCT", {"received": D(2026, 12, 30)}, "acknowledge", D(2027, 1, 8),
        CODE, "6.2", id="hos-code6.2-ack-5WD-sct",
    ),
    # ...England: Thu 31 (1), Mon 4 (2), Tue 5 (3), Wed 6 (4), Thu 7 (5)
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2026, 12, 30)}, "acknowledge", D(2027, 1, 7),
        CODE, "6.2", id="hos-code6.2-ack-5WD-eng",
    ),
    # Code 6.3: stage 1 within 10 WD of acknowledging. Acknowledged (late) Thu 7 Jan 2027,
    #   not the due date Tue 5 -> Fri 8 (1), Mon 11..Fri 15 (2-6), Mon 18..Thu 21 (7-10)
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2026, 12, 24), "acknowledged": D(2027, 1, 7)},
        "stage1_response", D(2027, 1, 21),
        CODE, "6.3", id="hos-code6.3-stage1-10WD-real-ack",
    ),
    # Code 6.4-6.5: + 10 WD. Thu 21 Jan 2027 -> Fri 22 (1), Mon 25..Fri 29 (2-6),
    #   Mon 1..Thu 4 Feb (7-10)
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2026, 12, 24), "acknowledged": D(2027, 1, 7)},
        "stage1_response_extended", D(2027, 2, 4),
        CODE, "6.4", id="hos-code6.4-stage1-ext-10WD",
    ),
    # Code 6.11: acknowledge stage 2 within 5 WD of the request. Wed 3 May 2023 -> Thu 4 (1),
    #   Fri 5 (2), [Mon 8 coronation], Tue 9 (3), Wed 10 (4), Thu 11 (5)
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2023, 3, 1), "stage2_requested": D(2023, 5, 3)},
        "stage2_acknowledge", D(2023, 5, 11),
        CODE, "6.11", id="hos-code6.11-stage2-ack-5WD-coronation",
    ),
    # Code 6.14: stage 2 within 20 WD of acknowledging it. Acknowledged Thu 11 May 2023 ->
    #   Fri 12 (1), Mon 15..Fri 19 (2-6), Mon 22..Fri 26 (7-11), [Mon 29 Spring BH],
    #   Tue 30..Fri 2 Jun (12-15), Mon 5..Fri 9 Jun (16-20)
    pytest.param(
        "hos-code-2024", "ENG",
        {
            "received": D(2023, 3, 1),
            "stage2_requested": D(2023, 5, 3),
            "stage2_acknowledged": D(2023, 5, 11),
        },
        "stage2_response", D(2023, 6, 9),
        CODE, "6.14", id="hos-code6.14-stage2-20WD-spring",
    ),
    # Code 6.15-6.16: + 20 WD. Fri 9 Jun 2023 -> four full weeks, no bank holidays
    #   (Mon 12 Jun .. Fri 7 Jul) -> Fri 7 Jul 2023
    pytest.param(
        "hos-code-2024", "ENG",
        {
            "received": D(2023, 3, 1),
            "stage2_requested": D(2023, 5, 3),
            "stage2_acknowledged": D(2023, 5, 11),
        },
        "stage2_response_extended", D(2023, 7, 7),
        CODE, "6.15", id="hos-code6.15-stage2-ext-20WD",
    ),
]


@pytest.mark.parametrize(
    ("profile_key", "cal", "events", "key", "expected", "seed", "section"), CASES
)
def test_deadline_table(profiles, profile_key, cal, events, key, expected, seed, section):
    due = compute_deadlines(profiles[profile_key], calendar(cal), ComplaintDates(**events))
    assert due[key].due_on == expected
    # The rule carries the citation the comment above names.
    assert due[key].rule.cite.seed == seed
    assert due[key].rule.cite.section.startswith(section)


@pytest.mark.parametrize(
    ("profile_key", "cal", "events", "key", "expected", "seed", "section"), CASES
)
def test_hand_workings_agree_with_holidays(
    profiles, profile_key, cal, events, key, expected, seed, section
):
    # Re-derive the row from the TOML file and the holidays package alone.
    oracle = oracle_deadlines(profile_key, cal, ComplaintDates(**events))
    assert oracle[key] == expected


# -- which deadlines each profile has --------------------------------------------------

EVERY_EVENT = ComplaintDates(
    received=D(2026, 12, 24),
    acknowledged=D(2026, 12, 29),
    stage1_sent=D(2027, 1, 12),
    stage2_requested=D(2027, 1, 20),
    stage2_acknowledged=D(2027, 1, 22),
    panel_requested=D(2027, 3, 1),
    panel_met=D(2027, 3, 25),
)

KEYS_WITH_EVERY_EVENT = {
    # isha: no fixed stage 1 target (agreed contact dates drive it, SPEC §4); no stage 2
    # timescales ("within timescales agreed", seeds/001 §2.9).
    "isha": {"acknowledge", "first_contact"},
    "ids": {
        "acknowledge", "stage1_response", "close_if_no_reply", "stage2_request_closes",
        "stage2_response", "panel_meeting", "panel_response", "councillor_reply",
    },
    "southern-2022": {
        "acknowledge", "stage1_response", "stage1_response_extended",
        "stage2_response", "stage2_response_extended",
    },
    "ivh": {
        "acknowledge", "stage1_response", "stage1_response_extended", "stage2_request_closes",
        "stage2_acknowledge", "stage2_response", "stage2_response_extended",
    },
    # The Code sets no stage 2 request window (2.2 lets a policy set one).
    "hos-code-2024": {
        "acknowledge", "stage1_response", "stage1_response_extended",
        "stage2_acknowledge", "stage2_response", "stage2_response_extended",
    },
}

KEYS_WITH_RECEIVED_ONLY = {
    # 000 step 4: the first call is never later than 5 WD after receipt, so it is known
    # before the acknowledgement.
    "isha": {"acknowledge", "first_contact"},
    # stage 1 counts from receipt (002 §5.5); a councillor's enquiry too (002 §9.1)
    "ids": {"acknowledge", "stage1_response", "councillor_reply"},
    "southern-2022": {"acknowledge", "stage1_response", "stage1_response_extended"},
    "ivh": {"acknowledge"},  # stage 1 counts from acknowledgement (004 §5.1)
    "hos-code-2024": {"acknowledge"},  # stage 1 counts from acknowledgement (Code 6.3)
}


def test_the_five_profiles_are_loaded(profiles):
    assert set(profiles) == set(KEYS_WITH_EVERY_EVENT)


@pytest.mark.parametrize("profile_key", sorted(KEYS_WITH_EVERY_EVENT))
def test_keys_with_every_event(profiles, profile_key):
    due = compute_deadlines(profiles[profile_key], calendar("ENG"), EVERY_EVENT)
    assert set(due) == KEYS_WITH_EVERY_EVENT[profile_key]
    assert list(due) == [k for k in ALL_KEYS if k in due]  # in lifecycle order


@pytest.mark.parametrize("profile_key", sorted(KEYS_WITH_RECEIVED_ONLY))
def test_keys_with_received_only(profiles, profile_key):
    due = compute_deadlines(
        profiles[profile_key], calendar("ENG"), ComplaintDates(received=D(2026, 12, 24))
    )
    assert set(due) == KEYS_WITH_RECEIVED_ONLY[profile_key]


def test_isha_has_no_stage1_response(profiles):
    # ISHA sets no fixed stage 1 target: agreed contact dates drive it (SPEC §4).
    assert profiles["isha"].rule("stage1_response") is None
    due = compute_deadlines(profiles["isha"], calendar("ENG"), EVERY_EVENT)
    assert "stage1_response" not in due
    assert "stage1_response_extended" not in due


def test_hos_code_has_no_stage2_request_window(profiles):
    # The Code sets no window; a late request is flagged, not blocked (SPEC §4).
    assert profiles["hos-code-2024"].rule("stage2_request_window") is None
    due = compute_deadlines(profiles["hos-code-2024"], calendar("ENG"), EVERY_EVENT)
    assert "stage2_request_closes" not in due


# -- deadlines counted from the acknowledgement ------------------------------------

# (profile, key counted from "acknowledged", its amount in WD); ids cite the source
# (ISHA's first contact is also capped at 5 WD from receipt, 000 step 4: tested with the
# policy-fidelity rows in tests/integration/test_policy_fidelity.py.)
FROM_ACK = [
    pytest.param("ivh", "stage1_response", 10, id="ivh-004§5.1"),
    pytest.param("hos-code-2024", "stage1_response", 10, id="hos-code6.3"),
]


@pytest.mark.parametrize(("profile_key", "key", "wd"), FROM_ACK)
def test_from_ack_absent_without_acknowledged(profiles, profile_key, key, wd):
    due = compute_deadlines(
        profiles[profile_key], calendar("ENG"), ComplaintDates(received=D(2026, 12, 24))
    )
    assert "acknowledge" in due
    assert key not in due
    assert f"{key}_extended" not in due


@pytest.mark.parametrize(("profile_key", "key", "wd"), FROM_ACK)
def test_from_ack_uses_real_acknowledged_date(profiles, profile_key, key, wd):
    profile = profiles[profile_key]
    cal = calendar("ENG")
    # Received Thu 24 Dec 2026. The real acknowledgement is Mon 4 Jan 2027, which is not
    # the acknowledgement due date for any profile (isha Tue 29 Dec, ivh/hos Tue 5 Jan).
    received, acknowledged = D(2026, 12, 24), D(2027, 1, 4)
    due = compute_deadlines(profile, cal, ComplaintDates(received, acknowledged=acknowledged))
    assert due["acknowledge"].due_on != acknowledged
    assert profile.rule(key).after == "acknowledged"
    assert due[key].start_on == acknowledged
    # 4 WD after Mon 4 Jan 2027 -> Tue 5 (1) .. Fri 8 (4); 10 WD -> Mon 18 Jan (no holidays)
    expected = {4: D(2027, 1, 8), 10: D(2027, 1, 18)}[wd]
    assert due[key].due_on == expected
    assert due[key].due_on != cal.add_working_days(due["acknowledge"].due_on, wd)


@pytest.mark.parametrize(
    ("profile_key", "key"),
    [
        pytest.param("ids", "stage1_response", id="ids-002§5.5"),
        pytest.param("southern-2022", "stage1_response", id="southern-003"),
    ],
)
def test_from_receipt_ignores_acknowledged(profiles, profile_key, key):
    # These count from receipt, so the acknowledgement date changes nothing.
    cal = calendar("ENG")
    without = compute_deadlines(profiles[profile_key], cal, ComplaintDates(D(2026, 12, 24)))
    with_ack = compute_deadlines(
        profiles[profile_key], cal, ComplaintDates(D(2026, 12, 24), acknowledged=D(2027, 1, 8))
    )
    assert without[key].due_on == with_ack[key].due_on == D(2027, 1, 12)


def test_hos_stage2_response_needs_stage2_acknowledged(profiles):
    # Code 6.14 counts from the stage 2 acknowledgement, so it waits for it.
    events = ComplaintDates(D(2023, 3, 1), stage2_requested=D(2023, 5, 3))
    due = compute_deadlines(profiles["hos-code-2024"], calendar("ENG"), events)
    assert "stage2_acknowledge" in due
    assert "stage2_response" not in due
    assert "stage2_response_extended" not in due


def test_ivh_stage2_response_counts_from_request(profiles):
    # seeds/004 §5.1: "within 20 working days of complaint escalation", no ack needed.
    events = ComplaintDates(D(2026, 2, 2), stage2_requested=D(2026, 4, 4))
    due = compute_deadlines(profiles["ivh"], calendar("ENG"), events)
    assert due["stage2_response"].due_on == D(2026, 5, 5)  # see CASES


# -- extensions ---------------------------------------------------------------------

# (profile, stage, max extension in WD, cited source)
EXTENSIONS = [
    pytest.param("southern-2022", 1, 10, id="southern-003-further-ten-days"),
    pytest.param("southern-2022", 2, 30, id="southern-003-further-30-days"),
    pytest.param("ivh", 1, 10, id="ivh-004§5.1-stage1"),
    pytest.param("ivh", 2, 10, id="ivh-004§5.1-stage2"),
    pytest.param("hos-code-2024", 1, 10, id="hos-code6.4"),
    pytest.param("hos-code-2024", 2, 20, id="hos-code6.15"),
]


@pytest.mark.parametrize(("profile_key", "stage", "wd"), EXTENSIONS)
@pytest.mark.parametrize("cal", ["ENG", "SCT", "NIR", "ENG+shutdown"])
def test_extended_is_base_plus_max_extension(profiles, profile_key, stage, wd, cal):
    profile = profiles[profile_key]
    rule = profile.rule(f"stage{stage}_extension")
    assert (rule.amount, rule.unit) == (wd, "working_days")
    due = compute_deadlines(profile, calendar(cal), EVERY_EVENT)
    base, extended = due[f"stage{stage}_response"], due[f"stage{stage}_response_extended"]
    assert extended.start_on == base.due_on
    assert extended.due_on == naive_add(cal, base.due_on, wd)
    assert extended.start_words == f"the stage {stage} response was due"


@pytest.mark.parametrize("profile_key", ["isha", "ids"])
def test_no_extensions(profiles, profile_key):
    due = compute_deadlines(profiles[profile_key], calendar("ENG"), EVERY_EVENT)
    assert "stage1_response_extended" not in due
    assert "stage2_response_extended" not in due


# -- IDS Panel (seeds/002 §6.3-6.4) --------------------------------------------------

PANEL_MEETING = [
    # 31 Jan 2027 + 1 month -> clamp to 28 Feb 2027
    pytest.param(D(2027, 1, 31), D(2027, 2, 28), id="jan31-feb28"),
    # 31 Jan 2028 + 1 month -> 29 Feb 2028 (leap year)
    pytest.param(D(2028, 1, 31), D(2028, 2, 29), id="jan31-leap"),
    # 31 Mar 2026 + 1 month -> 31 Apr -> 30 Apr 2026
    pytest.param(D(2026, 3, 31), D(2026, 4, 30), id="mar31-apr30"),
    # 15 Dec 2026 + 1 month -> 15 Jan 2027
    pytest.param(D(2026, 12, 15), D(2027, 1, 15), id="dec-jan"),
    # Thu 24 Dec 2026 + 1 month -> Sun 24 Jan 2027 (a Sunday: months are not working days)
    pytest.param(D(2026, 12, 24), D(2027, 1, 24), id="xmas-eve"),
]


@pytest.mark.parametrize(("requested", "expected"), PANEL_MEETING)
def test_ids_panel_meeting_one_calendar_month(profiles, requested, expected):
    events = ComplaintDates(D(2026, 6, 1), panel_requested=requested)
    due = compute_deadlines(profiles["ids"], calendar("ENG"), events)
    assert due["panel_meeting"].due_on == expected
    assert due["panel_meeting"].skipped == ()
    assert "panel_response" not in due  # the Panel has not met yet


def test_ids_panel_response_ten_wd_after_meeting(profiles):
    # Met Thu 24 Dec 2026 -> 10 WD -> Tue 12 Jan 2027 (see ids stage 1 row), regardless of
    # the meeting due date
    events = ComplaintDates(
        D(2026, 9, 1), panel_requested=D(2026, 12, 1), panel_met=D(2026, 12, 24)
    )
    due = compute_deadlines(profiles["ids"], calendar("ENG"), events)
    assert due["panel_meeting"].due_on == D(2027, 1, 1)
    assert due["panel_response"].start_on == D(2026, 12, 24)
    assert due["panel_response"].due_on == D(2027, 1, 12)


@pytest.mark.parametrize("profile_key", ["isha", "southern-2022", "ivh", "hos-code-2024"])
def test_only_ids_has_a_panel(profiles, profile_key):
    due = compute_deadlines(profiles[profile_key], calendar("ENG"), EVERY_EVENT)
    assert "panel_meeting" not in due
    assert "panel_response" not in due


# -- explanations ---------------------------------------------------------------------

EXPLANATIONS = [
    pytest.param(
        "hos-code-2024", "ENG", {"received": D(2026, 12, 24)}, "acknowledge",
        [
            "Counted from Thursday 24 December 2026, when the complaint was received.",
            "(Housing Ombudsman Complaint Handling Code 2024, 6.2)",
            "Friday 25 December 2026 (Christmas Day, bank holiday)",
            "Saturday 26 December 2026 (weekend, Boxing Day)",
            "Monday 28 December 2026 (Boxing Day (observed), bank holiday)",
            "Friday 1 January 2027 (New Year's Day, bank holiday)",
            "So it is due by Tuesday 5 January 2027.",
        ],
        id="hos-code6.2-christmas",
    ),
    pytest.param(
        "isha", "SCT", {"received": D(2026, 12, 31)}, "acknowledge",
        [
            "(ISHA Group Complaints Policy, 2.6)",
            "Saturday 2 January 2027 (weekend, New Year Holiday)",
            "Monday 4 January 2027 (New Year Holiday (observed), bank holiday)",
            "So it is due by Tuesday 5 January 2027.",
        ],
        id="isha-001§2.6-sct-2jan",
    ),
    pytest.param(
        "ivh", "ENG", {"received": D(2023, 5, 5)}, "acknowledge",
        ["Monday 8 May 2023 (Coronation of Charles III, bank holiday)"],
        id="ivh-004§5.1-coronation",
    ),
    pytest.param(
        "ivh", "ENG", {"received": D(2026, 2, 2), "stage2_requested": D(2026, 4, 4)},
        "stage2_response",
        [
            "when the stage 2 review was asked for",
            "20 working days after the stage 2 review was asked for",
            "Monday 6 April 2026 (Easter Monday, bank holiday)",
            "Monday 4 May 2026 (May Day, bank holiday)",
        ],
        id="ivh-004§5.1-easter-mayday",
    ),
    pytest.param(
        "ids", "NIR", {"received": D(2026, 3, 16)}, "acknowledge",
        ["Tuesday 17 March 2026 (Saint Patrick's Day, bank holiday)"],
        id="ids-002§5.5-nir",
    ),
    pytest.param(
        "hos-code-2024", "ENG+shutdown", {"received": D(2026, 12, 24)}, "acknowledge",
        [
            "Tuesday 29 December 2026 (Christmas shutdown, closure day)",
            "Thursday 31 December 2026 (Christmas shutdown, closure day)",
            "So it is due by Friday 8 January 2027.",
        ],
        id="hos-code6.2-shutdown",
    ),
    pytest.param(
        "southern-2022", "ENG", {"received": D(2026, 12, 23)}, "stage1_response_extended",
        [
            "Counted from Monday 11 January 2027, when the stage 1 response was due.",
            "10 working days after the stage 1 response was due",
        ],
        id="southern-003-extension",
    ),
    pytest.param(
        "ids", "ENG", {"received": D(2026, 6, 15)}, "acknowledge",
        ["No weekends, bank holidays or closure days fell in between."],
        id="ids-002§5.5-nothing-skipped",
    ),
]


@pytest.mark.parametrize(("profile_key", "cal", "events", "key", "phrases"), EXPLANATIONS)
def test_explanation_names_what_was_skipped(profiles, profile_key, cal, events, key, phrases):
    due = compute_deadlines(profiles[profile_key], calendar(cal), ComplaintDates(**events))
    text = "\n".join(due[key].explanation())
    for phrase in phrases:
        assert phrase in text


def test_explanation_of_calendar_month_lists_no_skipped_days(profiles):
    events = ComplaintDates(D(2026, 6, 1), panel_requested=D(2027, 1, 31))
    due = compute_deadlines(profiles["ids"], calendar("ENG"), events)
    lines = due["panel_meeting"].explanation()
    assert "1 calendar month after the Panel was asked for" in lines[1]
    assert not any(line.startswith(("Days not counted", "No weekends")) for line in lines)
    assert lines[-1] == "So it is due by Sunday 28 February 2027."


def test_skipped_days_match_the_explanation(profiles):
    due = compute_deadlines(
        profiles["hos-code-2024"], calendar("ENG+shutdown"), ComplaintDates(D(2026, 12, 24))
    )
    kinds = [(s.on, s.kind) for s in due["acknowledge"].skipped]
    assert (D(2026, 12, 25), "bank holiday") in kinds
    assert (D(2026, 12, 30), "closure") in kinds
    assert len(kinds) == (D(2027, 1, 8) - D(2026, 12, 24)).days - 1 - 4  # all but 4 WD


# -- every profile, every deadline, every awkward date, every nation ------------------

AWKWARD = [
    D(2026, 12, 24),  # Christmas Eve 2026, before Xmas + Boxing Day substitute
    D(2026, 12, 25),  # a bank holiday start
    D(2026, 12, 26),  # a Saturday bank holiday start
    D(2026, 12, 31),  # SCT 2 January substitute ahead
    D(2026, 4, 2),  # Easter 2026 (SCT has no Easter Monday)
    D(2026, 4, 4),  # Easter Saturday
    D(2023, 5, 5),  # coronation weekend
    D(2026, 3, 16),  # NIR St Patrick's Day next
    D(2027, 7, 9),  # NIR 12 July next
    D(2026, 5, 2),  # a Saturday before May Day
    D(2027, 1, 31),  # month-end (calendar month clamp)
    D(2060, 12, 23),  # far outside the precomputed span
]

# Events spread out from the start so a deadline counted from the wrong event shows up.
OFFSETS = {
    "received": 0,
    "acknowledged": 2,
    "stage1_sent": 13,
    "stage2_requested": 31,
    "stage2_acknowledged": 34,
    "panel_requested": 61,
    "panel_met": 89,
}

# Output key -> (deadline in the TOML file, output key it extends or None)
OUTPUT_RULES = {
    "acknowledge": ("acknowledge", None),
    "first_contact": ("first_contact", None),
    "stage1_response": ("stage1_response", None),
    "stage1_response_extended": ("stage1_extension", "stage1_response"),
    "close_if_no_reply": ("close_if_no_reply", None),
    "stage2_request_closes": ("stage2_request_window", None),
    "stage2_acknowledge": ("stage2_acknowledge", None),
    "stage2_response": ("stage2_response", None),
    "stage2_response_extended": ("stage2_extension", "stage2_response"),
    "panel_meeting": ("panel_meeting", None),
    "panel_response": ("panel_response", None),
    "councillor_reply": ("councillor_reply", None),
}


@functools.cache
def bank_holidays(nation: str) -> holidays.HolidayBase:
    return holidays.UK(subdiv=nation)


def naive_add(cal: str, start: date, n: int) -> date:
    nation, _, extra = cal.partition("+")
    closed = SHUTDOWN if extra == "shutdown" else {}
    bank = bank_holidays(nation)
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in bank and day not in closed:
            counted += 1
    return day


def naive_months(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, stdcal.monthrange(year, month)[1]))


@functools.cache
def raw_deadlines(profile_key: str) -> dict:
    with (PROFILE_DIR / f"{profile_key}.toml").open("rb") as handle:
        return tomllib.load(handle)["deadlines"]


def oracle_deadlines(profile_key: str, cal: str, events: ComplaintDates) -> dict[str, date]:
    """Due dates straight from the TOML file, the holidays package and SPEC §3."""
    raw = raw_deadlines(profile_key)
    out: dict[str, date] = {}
    for key, (name, base) in OUTPUT_RULES.items():
        if name not in raw:
            continue
        rule = raw[name]
        # "stage1_received" with no delivery recorded: the day it was sent (SPEC §4).
        after = "stage1_sent" if rule["after"] == "stage1_received" else rule["after"]
        start = out.get(base) if base else getattr(events, after)
        if "cap_amount" in rule:  # "never later than" (000 step 4): the earlier of the two
            capped = naive_add(cal, getattr(events, rule["cap_after"]), rule["cap_amount"])
            out[key] = capped if start is None else min(capped, naive_add(
                cal, start, rule["amount"]))
            continue
        if start is None:
            continue
        if rule["unit"] == "working_days":
            out[key] = naive_add(cal, start, rule["amount"])
        elif rule["unit"] == "calendar_months":
            out[key] = naive_months(start, rule["amount"])
        else:
            out[key] = start + timedelta(days=rule["amount"])
    return out


@pytest.mark.parametrize("cal", ["ENG", "WLS", "SCT", "NIR", "ENG+shutdown"])
@pytest.mark.parametrize("profile_key", sorted(KEYS_WITH_EVERY_EVENT))
def test_every_deadline_against_oracle(profiles, profile_key, cal):
    for start in AWKWARD:
        events = ComplaintDates(
            **{name: start + timedelta(days=days) for name, days in OFFSETS.items()}
        )
        due = compute_deadlines(profiles[profile_key], calendar(cal), events)
        got = {key: d.due_on for key, d in due.items()}
        assert got == oracle_deadlines(profile_key, cal, events), (profile_key, cal, start)
        assert set(got) == KEYS_WITH_EVERY_EVENT[profile_key]


# -- the profiles say what SPEC §4 says ------------------------------------------------

WD, MONTHS = "working_days", "calendar_months"
SPEC_RULES = {
    "isha": {
        "acknowledge": (1, WD, "received"),  # seeds/001 §2.6
        "first_contact": (4, WD, "acknowledged"),  # seeds/000 step 4
    },
    "ids": {
        "acknowledge": (3, WD, "received"),  # seeds/002 §5.5
        "stage1_response": (10, WD, "received"),  # seeds/002 §5.5
        "close_if_no_reply": (21, WD, "stage1_sent"),  # seeds/002 §5.7
        "stage2_request_window": (21, WD, "stage1_sent"),  # seeds/002 §6.1
        "stage2_response": (10, WD, "stage2_requested"),  # seeds/002 §6.2
        "panel_meeting": (1, MONTHS, "panel_requested"),  # seeds/002 §6.4
        "panel_response": (10, WD, "panel_met"),  # seeds/002 §6.4
        "councillor_reply": (10, WD, "received"),  # seeds/002 §9.1
    },
    "southern-2022": {
        "acknowledge": (5, WD, "received"),  # not stated: Code 6.2
        "stage1_response": (10, WD, "received"),  # seeds/003 "Resolving complaints..."
        "stage1_extension": (10, WD, "stage1_response"),  # seeds/003 "a further ten days"
        "stage2_response": (20, WD, "stage2_requested"),  # seeds/003 "20 working days"
        "stage2_extension": (30, WD, "stage2_response"),  # seeds/003 "a further 30 days"
    },
    "ivh": {
        "acknowledge": (5, WD, "received"),  # seeds/004 §5.1 "within 5 days"
        "stage1_response": (10, WD, "acknowledged"),  # seeds/004 §5.1 Stage 1
        "stage1_extension": (10, WD, "stage1_response"),  # seeds/004 §5.1 Stage 1
        # seeds/004 §5.1 Stage 1: "within 10 working days of receiving" the response
        "stage2_request_window": (10, WD, "stage1_received"),
        "stage2_acknowledge": (5, WD, "stage2_requested"),  # seeds/004 §5.1 Stage 2
        "stage2_response": (20, WD, "stage2_requested"),  # seeds/004 §5.1 Stage 2
        "stage2_extension": (10, WD, "stage2_response"),  # seeds/004 §5.1 Stage 2
    },
    "hos-code-2024": {
        "acknowledge": (5, WD, "received"),  # Code 6.2
        "stage1_response": (10, WD, "acknowledged"),  # Code 6.2
        "stage1_extension": (10, WD, "stage1_response"),  # Code 6.4-6.5
        "stage2_acknowledge": (5, WD, "stage2_requested"),  # Code 6.11
        "stage2_response": (20, WD, "stage2_acknowledged"),  # Code 6.14
        "stage2_extension": (20, WD, "stage2_response"),  # Code 6.15-6.16
    },
}


@pytest.mark.parametrize("profile_key", sorted(SPEC_RULES))
def test_profile_rules_match_spec_table(profiles, profile_key):
    rules = {r.key: (r.amount, r.unit, r.after) for r in profiles[profile_key].rules}
    assert rules == SPEC_RULES[profile_key]


# -- code_check.departures -----------------------------------------------------------

DEPARTURES = {
    # 5.2-5.3 third stage (Panel), 6.11 no stage 2 acknowledgement time, 6.12 reasons
    # required, 2.3 six-month limit (no discretion, counted from the event), 5.2 a stage
    # before stage 1 (002 §5.1-5.2), 1.3 councillors as correspondence (002 §9.1), 1.2
    # solicitors refused (002 §4.2)
    "ids": {"5.2-5.3", "6.11", "6.12", "2.3", "5.2", "1.3", "1.2"},
    # 6.3 no stage 1 timescale, 6.11/6.14 no stage 2 timescales, 6.12 reasons, 2.3 six months
    "isha": {"6.3", "6.11", "6.14", "6.12", "2.3"},
    # 6.11 no stage 2 acknowledgement time, 6.15-6.16 a further 30 WD > 20, 5.2 "sort it
    # out there and then" (003, "Our approach when something goes wrong")
    "southern-2022": {"6.11", "6.15-6.16", "5.2"},
    # 6.12 reasons required, 2.3 six months
    "ivh": {"6.12", "2.3"},
    "hos-code-2024": set(),
}


@pytest.mark.parametrize("profile_key", sorted(DEPARTURES))
def test_departures_sections(profiles, profile_key):
    assert {d.section for d in departures(profiles[profile_key])} == DEPARTURES[profile_key]


def test_departures_ids_third_stage_and_reasons(profiles):
    found = {d.section: d for d in departures(profiles["ids"])}
    assert "5.2-5.3" in found and "3 stages" in found["5.2-5.3"].profile_says
    assert "6.12" in found and "the remedy they want: both" in found["6.12"].profile_says


def test_departures_isha_six_month_limit(profiles):
    found = {d.section: d for d in departures(profiles["isha"])}
    assert "over 6 months old" in found["2.3"].profile_says
    assert "12 months" in found["2.3"].code_says


def test_departures_hos_code_lists_nothing(profiles):
    assert departures(profiles["hos-code-2024"]) == []


def test_departures_southern_stage2_extension(profiles):
    found = {d.section: d for d in departures(profiles["southern-2022"])}
    assert "30 working days" in found["6.15-6.16"].profile_says
    assert "Complaint Handling Code 2024 6.15-6.16" in str(found["6.15-6.16"])
