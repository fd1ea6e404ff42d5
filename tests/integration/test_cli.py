"""The CLI is a stable interface: `flask deadlines`, `flask profiles check`, closures."""

from __future__ import annotations

import json

import pytest

PROFILES = ["isha", "ids", "southern-2022", "ivh", "hos-code-2024"]


def deadlines(cli, *args: str) -> dict:
    result = cli.invoke(args=["deadlines", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# Received Tue 1 Dec 2026, acknowledged Thu 3 Dec, stage 1 sent Mon 14 Dec,
# stage 2 asked for Mon 4 Jan 2027, acknowledged Wed 6 Jan. Christmas (Fri 25),
# Boxing Day (Sat 26, observed Mon 28) and New Year's Day (Fri 1 Jan) in ENG.
EVENTS = [
    "--received", "2026-12-01", "--acknowledged", "2026-12-03", "--stage1-sent", "2026-12-14",
    "--stage2-requested", "2027-01-04", "--stage2-acknowledged", "2027-01-06",
]
EXPECTED = {
    "isha": {
        "acknowledge": "2026-12-02",  # 001 §2.6: 1 WD after Tue 1 Dec -> Wed 2
        # 000 step 4: 4 WD after the (late) acknowledgement Thu 3 -> Fri 4, 7, 8, Wed 9; but
        # never later than 5 WD after receipt Tue 1 -> 2, 3, 4, 7, Tue 8: the earlier.
        "first_contact": "2026-12-08",
    },
    "ids": {
        "acknowledge": "2026-12-04",  # 002 §5.5: 3 WD after Tue 1 -> Wed 2, Thu 3, Fri 4
        "stage1_response": "2026-12-15",  # 002 §5.5: 10 WD after Tue 1 -> Tue 15
        # 002 §5.7 and §6.1: 21 WD after Mon 14 Dec: 15-18 (4), 21-24 (8), 29-31 (11),
        # 4-8 Jan (16), 11-15 Jan (21) -> Fri 15 Jan 2027
        "close_if_no_reply": "2027-01-15",
        "stage2_request_closes": "2027-01-15",
        # 002 §6.2: 10 WD after Mon 4 Jan -> 5-8 (4), 11-15 (9), Mon 18
        "stage2_response": "2027-01-18",
        # 002 §9.1: a councillor's or MP's enquiry, 10 WD after Tue 1 Dec -> Tue 15 Dec
        "councillor_reply": "2026-12-15",
    },
    "southern-2022": {
        "acknowledge": "2026-12-08",  # Code 6.2 (policy silent): 5 WD after Tue 1 -> Tue 8
        "stage1_response": "2026-12-15",  # 10 WD after receipt
        # +10 WD after Tue 15: 16-18 (3), 21-24 (7), 29-31 (10) -> Thu 31 Dec
        "stage1_response_extended": "2026-12-31",
        # 20 WD after Mon 4 Jan: 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), Mon 1 Feb
        "stage2_response": "2027-02-01",
        # +30 WD after Mon 1 Feb: Feb 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19),
        # Mar 1-5 (24), 8-12 (29), Mon 15 Mar
        "stage2_response_extended": "2027-03-15",
    },
    "ivh": {
        "acknowledge": "2026-12-08",  # 004 §5.1: 5 days (as WD) after Tue 1 -> Tue 8
        # 004 §5.1: 10 WD after acknowledgement Thu 3 -> 4, 7-11 (6), 14-17 -> Thu 17
        "stage1_response": "2026-12-17",
        # +10 WD after Thu 17: 18, 21-24 (5), 29-31 (8), Mon 4 Jan (9), Tue 5 Jan
        "stage1_response_extended": "2027-01-05",
        # 004 §5.1: 10 WD after Mon 14 Dec: 15-18 (4), 21-24 (8), 29, 30 -> Wed 30 Dec
        "stage2_request_closes": "2026-12-30",
        "stage2_acknowledge": "2027-01-11",  # 5 WD after Mon 4 Jan -> 5-8 (4), Mon 11
        "stage2_response": "2027-02-01",  # 20 WD after escalation Mon 4 Jan
        # +10 WD after Mon 1 Feb -> Feb 2-5 (4), 8-12 (9), Mon 15 Feb
        "stage2_response_extended": "2027-02-15",
    },
    "hos-code-2024": {
        "acknowledge": "2026-12-08",  # Code 6.2: 5 WD after Tue 1 -> Tue 8
        "stage1_response": "2026-12-17",  # Code 6.3: 10 WD after ack Thu 3 -> Thu 17
        "stage1_response_extended": "2027-01-05",  # Code 6.4: +10 WD -> Tue 5 Jan
        "stage2_acknowledge": "2027-01-11",  # Code 6.11: 5 WD after Mon 4 Jan -> Mon 11
        # Code 6.14: 20 WD after ack Wed 6 Jan: 7-8 (2), 11-15 (7), 18-22 (12),
        # 25-29 (17), Feb 1-3 (20) -> Wed 3 Feb
        "stage2_response": "2027-02-03",
        # Code 6.15: +20 WD after Wed 3 Feb: 4-5 (2), 8-12 (7), 15-19 (12), 22-26 (17),
        # Mar 1-3 (20) -> Wed 3 Mar
        "stage2_response_extended": "2027-03-03",
    },
}


@pytest.mark.parametrize("profile", PROFILES)
def test_deadlines_json_for_every_profile(cli, profile):
    assert deadlines(cli, "--profile", profile, *EVENTS) == EXPECTED[profile]


def test_deadlines_from_acknowledgement_need_the_real_acknowledgement(cli):
    got = deadlines(cli, "--profile", "hos-code-2024", "--received", "2026-12-01")
    assert got == {"acknowledge": "2026-12-08"}


def test_saturday_receipt_and_scotland(cli):
    # Received Sat 2 Jan 2027. ENG: Mon 4 Jan is a working day -> 1 WD = Mon 4.
    # SCT: Sat 2 Jan is a holiday, Mon 4 Jan its substitute -> Tue 5.
    # The first call (000 step 4), never later than 5 WD after receipt: ENG Mon 4 - Fri 8;
    # SCT Tue 5 - Mon 11 (Mon 4 is the substitute holiday).
    assert deadlines(cli, "--profile", "isha", "--received", "2027-01-02") == {
        "acknowledge": "2027-01-04", "first_contact": "2027-01-08"
    }
    got = deadlines(cli, "--profile", "isha", "--nation", "SCT", "--received", "2027-01-02")
    assert got == {"acknowledge": "2027-01-05", "first_contact": "2027-01-11"}


def test_ids_panel_dates(cli):
    got = deadlines(
        cli, "--profile", "ids", "--received", "2026-11-02", "--panel-requested", "2027-01-31",
        "--panel-met", "2027-02-26",
    )
    assert got["panel_meeting"] == "2027-02-28"  # 31 Jan + 1 calendar month, clamped
    assert got["panel_response"] == "2027-03-12"  # 10 WD after Fri 26 Feb


def test_table_output_explains_each_date(cli):
    result = cli.invoke(args=["deadlines", "--profile", "ivh", "--received", "2026-12-23"])
    assert result.exit_code == 0, result.output
    # 5 WD after Wed 23 Dec: Thu 24 (1), 29 (2), 30 (3), 31 (4), Mon 4 Jan (5)
    assert "Acknowledge the complaint: Mon 04 Jan 2027" in result.output
    assert "Christmas Day" in result.output and "Boxing Day (observed)" in result.output
    assert "IVH Customer Complaints Policy, 5.1" in result.output


def test_unknown_profile_is_refused(cli):
    result = cli.invoke(args=["deadlines", "--profile", "nope", "--received", "2026-01-05"])
    assert result.exit_code != 0
    assert "no profile 'nope'" in result.output


def test_closure_days_move_dates(cli):
    before = deadlines(cli, "--profile", "isha", "--received", "2026-12-24", "--closures")
    # First call, 5 WD after Thu 24 Dec: Tue 29, 30, 31, Mon 4, Tue 5 Jan (000 step 4).
    assert before == {"acknowledge": "2026-12-29", "first_contact": "2027-01-05"}
    assert cli.invoke(args=["closures", "add", "2026-12-29", "Christmas closure"]).exit_code == 0
    after = deadlines(cli, "--profile", "isha", "--received", "2026-12-24", "--closures")
    assert after == {"acknowledge": "2026-12-30", "first_contact": "2027-01-06"}
    listing = cli.invoke(args=["closures", "list"]).output
    assert "2026-12-29  Christmas closure" in listing
    assert cli.invoke(args=["closures", "remove", "2026-12-29"]).exit_code == 0
    assert cli.invoke(args=["closures", "remove", "2026-12-29"]).exit_code == 1


@pytest.mark.parametrize(
    ("profile", "sections"),
    [
        ("ids", ["Code 5.2-5.3", "Code 6.12", "Code 2.3"]),
        ("isha", ["Code 2.3", "Code 6.12", "Code 6.3"]),
        ("ivh", ["Code 6.12", "Code 2.3"]),
        ("southern-2022", ["Code 6.15-6.16"]),
    ],
)
def test_profiles_check_lists_departures_with_sections(cli, profile, sections):
    result = cli.invoke(args=["profiles", "check", profile])
    assert result.exit_code == 0, result.output
    for section in sections:
        assert section in result.output


def test_profiles_check_code_profile_has_none(cli):
    result = cli.invoke(args=["profiles", "check", "hos-code-2024"])
    assert "Follows the Complaint Handling Code 2024 on every point checked" in result.output


def test_profiles_list_marks_the_current_one(cli):
    result = cli.invoke(args=["profiles", "list"])
    assert "* hos-code-2024" in result.output and "ids" in result.output
