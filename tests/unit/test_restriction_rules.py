"""Restrictions for unreasonable behaviour as profile data and domain rules (issue 16 §1):
who approves (IDS 002 §10.3) and how often a restriction is reviewed (IDS 002 §10.5;
southern-2022 "Unreasonable customer behaviour"), never open-ended."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portal.domain.permissions import STAFF_ROLES, can, can_approve_restriction
from portal.domain.policy import PROFILE_DIR, ProfileError, load_profiles
from portal.domain.restrictions import KINDS, due_for_review, review_date


def test_each_profile_names_its_approver_and_review_period_with_its_seed():
    profiles = load_profiles()
    ids = profiles["ids"].restriction_rule
    # IDS 002 §10.3: "approved by a Head of Service or a Director"; §10.5: every 6 months.
    assert (ids.review_months, ids.approver) == (6, "director")
    assert ids.cite.seed == "seeds/002_e4b1920b3e2bdc2b.txt" and "10.5" in ids.cite.section
    assert STAFF_ROLES["director"] == "Head of Service or Director"
    # southern-2022: "We'll review customers we manage this way each year."
    southern = profiles["southern-2022"].restriction_rule
    assert southern.review_months == 12
    assert southern.cite.seed == "seeds/003_3837ce41d0e560ef.txt"
    assert "Unreasonable customer behaviour" in southern.cite.section
    # The default (the Code states none) and a profile without the table: a stated period.
    assert profiles["hos-code-2024"].restriction_rule.review_months == 12
    for profile in profiles.values():
        assert 1 <= profile.restriction_rule.review_months <= 24


def test_an_open_ended_or_unknown_setting_is_refused(tmp_path: Path):
    text = (PROFILE_DIR / "hos-code-2024.toml").read_text()
    (tmp_path / "hos-code-2024.toml").write_text(
        text.replace("review_months = 12", "review_months = 0"))
    with pytest.raises(ProfileError, match="restrictions.review_months"):
        load_profiles(tmp_path)
    (tmp_path / "hos-code-2024.toml").write_text(
        text.replace('approver = "complaints_manager"', 'approver = "anyone"'))
    with pytest.raises(ProfileError, match="restrictions.approver"):
        load_profiles(tmp_path)


def test_review_date_is_whole_months_later():
    assert review_date(date(2026, 12, 1), 6) == date(2027, 6, 1)
    assert review_date(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert review_date(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert due_for_review("active", date(2027, 6, 1), date(2027, 6, 1))
    assert not due_for_review("active", date(2027, 6, 2), date(2027, 6, 1))
    assert not due_for_review("lifted", date(2027, 6, 1), date(2027, 6, 1))


def test_who_proposes_and_who_approves():
    assert can("complaints_manager", "propose_restriction")
    assert not can("case_handler", "propose_restriction")
    assert not can("director", "propose_restriction")
    assert can_approve_restriction("director", "director")
    assert not can_approve_restriction("complaints_manager", "director")
    assert can_approve_restriction("complaints_manager", "complaints_manager")
    assert not can_approve_restriction("case_handler", "case_handler")
    assert set(KINDS) == {"acknowledge_only", "named_contact", "one_channel",
                          "limited_contact", "written_only"}
