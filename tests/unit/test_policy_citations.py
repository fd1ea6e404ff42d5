"""Citations and the Code check (issue 13, items 4-6), one row per rule.

SPEC §4 (corrected) lists the Code's own numbering: exclusions 2.2, time limit 2.3, two
stages only 5.2-5.3, acknowledge 6.2, stage 1 response 6.3, stage 1 extension 6.4-6.5,
stage 2 acknowledgement 6.11, reasons not required 6.12, independent reviewer 6.13,
stage 2 response 6.14, stage 2 extension 6.15-6.16. A rule taken from another document
than the landlord's policy is cited with that document's title.
"""

from __future__ import annotations

import pytest

from portal.domain.code_check import departures
from portal.domain.policy import PROFILE_DIR, ProfileError, load_profiles, parse_profile

CODE = "Housing Ombudsman Complaint Handling Code 2024"


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


def _cite(profile, where: str):
    kind, _, key = where.partition(":")
    if kind == "rule":
        return profile.rule(key).cite
    if kind == "exclusion":
        return profile.exclusion(key).cite
    return getattr(profile, kind).cite


CITATIONS = [
    # profile, where, the title shown, the section starts with
    ("hos-code-2024", "rule:acknowledge", CODE, "6.2"),  # Code 6.2 (was shown as 5.4)
    ("hos-code-2024", "rule:stage1_response", CODE, "6.3"),  # Code 6.3 (was 6.2)
    ("hos-code-2024", "rule:stage1_extension", CODE, "6.4-6.5"),
    ("hos-code-2024", "rule:stage2_acknowledge", CODE, "6.11"),
    ("hos-code-2024", "rule:stage2_response", CODE, "6.14"),
    ("hos-code-2024", "rule:stage2_extension", CODE, "6.15-6.16"),
    ("hos-code-2024", "exclusion:legal_proceedings", CODE, "2.2"),  # exclusions 2.2 (was 2.3)
    ("hos-code-2024", "exclusion:previously_considered", CODE, "2.2"),
    ("hos-code-2024", "exclusion:late", CODE, "2.3"),  # the time limit
    ("hos-code-2024", "exclusion:service_request", CODE, "1.4-1.6"),
    ("hos-code-2024", "late", CODE, "2.3"),
    ("hos-code-2024", "stage2", CODE, "6.12-6.13"),
    # southern-2022 states no acknowledgement time: the Code's rule, under the Code's title
    ("southern-2022", "rule:acknowledge", CODE, "6.2"),
    ("southern-2022", "petition", CODE, "1.2"),
    ("ivh", "petition", CODE, "1.2"),
    # seed 000 inside the ISHA profile: "Making a Complaint with ISHA", not seed 001's title
    ("isha", "rule:first_contact", "Making a Complaint with ISHA", "step 4"),
    ("isha", "exclusion:policy_change", "Making a Complaint with ISHA", "What Is Not"),
    ("isha", "rule:acknowledge", "ISHA Group Complaints Policy", "2.6"),
    ("isha", "petition", "ISHA Group Complaints Policy", "Appendix 2.1"),
    ("ids", "petition", "IDS Complaints Resolution & Customer Care Policy", "4.1"),
]


@pytest.mark.parametrize(("key", "where", "title", "section"), CITATIONS)
def test_each_rule_is_cited_to_its_own_document_and_section(profiles, key, where, title,
                                                            section):
    cite = _cite(profiles[key], where)
    assert cite.title == title
    assert cite.section.startswith(section), cite.section
    assert str(cite).startswith(f"{title}, {section}")


def test_a_rule_from_an_unlisted_document_is_refused_at_start_up():
    import tomllib

    data = tomllib.loads((PROFILE_DIR / "ids.toml").read_text())
    data["deadlines"]["acknowledge"]["seed"] = "seeds/000_e9fd0cc2b6916637.txt"
    with pytest.raises(ProfileError, match="deadlines.acknowledge.seed.*has no title"):
        parse_profile("ids.toml", data)


# -- item 4: the petition threshold (SPEC §5) ------------------------------------------------
@pytest.mark.parametrize(("key", "households"), [
    ("isha", 5),  # seeds/001_5ef213f20e0d3d47.txt Appendix 2.1: 5 separate households
    ("ids", 2),  # seeds/002_e4b1920b3e2bdc2b.txt §4.1: petitions accepted, no threshold
    ("ivh", 2),  # seeds/004: silent; the Code 1.2 "a resident or group of residents"
    ("southern-2022", 2),  # seeds/003: silent
    ("hos-code-2024", 2),  # the Code 1.2
])
def test_the_petition_threshold_is_the_profiles_own(profiles, key, households):
    assert profiles[key].petition.min_households == households


# -- item 6: where a profile departs from the Code ---------------------------------------------
DEPARTURES = [
    # profile, Code section, topic, the seed section the departure names
    ("ids", "5.2", "A stage before stage 1", "IDS Complaints Resolution & Customer Care "
                                             "Policy, 5.1-5.2"),
    ("southern-2022", "5.2", "A stage before stage 1", "Our approach when something goes "
                                                       "wrong"),
    ("ids", "1.3", "Councillor and MP enquiries", "Policy, 9.1"),
    ("ids", "1.2", "Solicitors as representatives", "Policy, 4.2"),
    ("ids", "2.3", "Discretion on the time limit", "Policy, 3.2(a)"),
    ("ids", "2.3", "When the time limit starts", "Policy, 3.2(a)"),
    ("ivh", "2.3", "When the time limit starts", "IVH Customer Complaints Policy, 3.1"),
    ("ivh", "6.12", "Reasons for stage 2", "either one"),
]


@pytest.mark.parametrize(("key", "section", "topic", "source"), DEPARTURES)
def test_profiles_check_names_the_code_section_and_the_seed_section(profiles, key, section,
                                                                    topic, source):
    found = [d for d in departures(profiles[key]) if d.topic == topic]
    assert len(found) == 1, [d.topic for d in departures(profiles[key])]
    assert found[0].section == section
    assert source in found[0].profile_says


@pytest.mark.parametrize(("key", "topic"), [
    ("ivh", "Discretion on the time limit"),  # 004 §3.1: safeguarding, health and safety
    ("isha", "When the time limit starts"),  # 001 §2.3: from when it came to attention
    ("isha", "A stage before stage 1"),  # 000 §3: resolved at first contact is stage 1
    ("ivh", "Councillor and MP enquiries"),  # 004 §2.3: through the complaints process
    ("hos-code-2024", "Solicitors as representatives"),
])
def test_no_departure_where_the_policy_follows_the_code(profiles, key, topic):
    assert topic not in [d.topic for d in departures(profiles[key])]
