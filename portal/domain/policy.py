"""Policy profiles: each landlord's complaints policy as data.

A profile is a TOML file in ``portal/profiles/``. It is read and validated
into frozen objects; any mistake raises ``ProfileError`` naming the file and
the field, so a bad profile stops the portal at start-up rather than giving
wrong dates later. Adding a landlord is adding a file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from portal.domain.policy_lists import (
    Exclusion,
    OtherRoute,
    PolicyNote,
    exclusions_list,
    note,
    routes,
)
from portal.domain.profile_reader import (
    KNOWN_DOCUMENTS,
    Citation,
    ProfileError,
    Reader,
    positive,
)

__all__ = ["Citation", "Exclusion", "OtherRoute", "PolicyNote", "ProfileError"]

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"

UNITS = ("working_days", "calendar_days", "calendar_months")

# Each deadline a profile may set, and the events it may be counted from.
DEADLINE_KEYS: dict[str, tuple[str, ...]] = {
    "acknowledge": ("received",),
    "first_contact": ("acknowledged", "received"),
    "stage1_response": ("received", "acknowledged"),
    "stage1_extension": ("stage1_response",),
    "close_if_no_reply": ("stage1_sent",),
    "stage2_request_window": ("stage1_sent", "stage1_received"),
    "stage2_acknowledge": ("stage2_requested",),
    "stage2_response": ("stage2_requested", "stage2_acknowledged"),
    "stage2_extension": ("stage2_response",),
    "panel_meeting": ("panel_requested",),
    "panel_response": ("panel_met",),
    "councillor_reply": ("received",),
}

RULE_LABELS = {
    "acknowledge": "Acknowledging your complaint",
    "first_contact": "First call from your case handler",
    "stage1_response": "Our stage 1 response",
    "stage1_extension": "Longest extension at stage 1",
    "close_if_no_reply": "Closing if we do not hear back",
    "stage2_request_window": "Time to ask for a review (stage 2)",
    "stage2_acknowledge": "Acknowledging your review request",
    "stage2_response": "Our stage 2 response",
    "stage2_extension": "Longest extension at stage 2",
    "panel_meeting": "Panel meeting",
    "panel_response": "Panel response",
    "councillor_reply": "Reply to a councillor's or MP's enquiry",
}

ANONYMOUS = ("not_accepted", "in_confidence", "not_stated")
COUNCILLORS = ("complaints_process", "correspondence", "not_stated")
RESTRICTION_APPROVERS = ("complaints_manager", "director")  # staff roles (domain.permissions)
DEFAULT_RESTRICTION_REVIEW_MONTHS = 12  # when a profile states none: never open-ended
LATE_FROM = ("aware", "occurred", "later_of_occurred_and_aware")
# What a request for a review must contain (SPEC §4, "reasons required for stage 2").
STAGE2_REQUIRES = {
    "nothing": "Nothing: a reason is welcome but not required",
    "reasons": "Why the resident is still unhappy",
    "reasons_or_alternative": "Why the resident is still unhappy, or the alternative solution "
                              "they want: either one",
    "reasons_and_remedy": "Why the resident is still unhappy, and the remedy they want: both",
}


@dataclass(frozen=True)
class Rule:
    """One timescale: `amount` `unit` after the event `after`."""

    key: str
    amount: int
    unit: str
    after: str
    says: str
    cite: Citation
    # "Never later than" another count (ISHA seed 000 step 4: 4 WD after acknowledgement,
    # but never later than 5 WD after receipt): the due date is the earlier of the two.
    cap: Rule | None = None
    # For a count from "stage1_received": a posted letter is deemed received on this
    # working day after posting (emailed: the same day) (SPEC §4, IVH).
    posted_received_after: int | None = None

    def describe(self) -> str:
        unit = {
            "working_days": "working day",
            "calendar_days": "calendar day",
            "calendar_months": "calendar month",
        }[self.unit]
        plural = "" if self.amount == 1 else "s"
        return f"{self.amount} {unit}{plural} after {EVENT_WORDS[self.after]}"


EVENT_WORDS = {
    "received": "the complaint was received",
    "acknowledged": "the complaint was acknowledged",
    "stage1_response": "the stage 1 response was due",
    "stage1_sent": "the stage 1 response was sent",
    "stage1_received": "the stage 1 response was received",
    "stage2_requested": "the stage 2 review was asked for",
    "stage2_acknowledged": "the stage 2 review was acknowledged",
    "stage2_response": "the stage 2 response was due",
    "panel_requested": "the Panel was asked for",
    "panel_met": "the Panel met",
}


@dataclass(frozen=True)
class LateRule:
    months: int
    counts_from: str
    exceptions: tuple[str, ...]
    cite: Citation


@dataclass(frozen=True)
class Stage2Policy:
    reasons_required: bool
    reviewer: str
    cite: Citation
    requires: str = "nothing"  # a key of STAGE2_REQUIRES

    def missing(self, reasons: str, remedy: str) -> str | None:
        """Which field a request lacks under this policy ("reasons" or "outcome"), or None."""
        if self.requires == "reasons" and not reasons:
            return "reasons"
        if self.requires == "reasons_or_alternative" and not (reasons or remedy):
            return "reasons"
        if self.requires == "reasons_and_remedy":
            if not reasons:
                return "reasons"
            if not remedy:
                return "outcome"
        return None


@dataclass(frozen=True)
class WhoMayComplain:
    anonymous: str
    solicitors_as_advocates: bool
    councillors: str
    advocates: str
    cite: Citation


@dataclass(frozen=True)
class PetitionRule:
    min_households: int
    cite: Citation


@dataclass(frozen=True)
class RestrictionRule:
    """Restrictions for unreasonable behaviour: who approves one and how often it is
    reviewed (IDS 002 §10.3, §10.5; southern-2022 "Unreasonable customer behaviour")."""

    review_months: int
    approver: str
    cite: Citation
    # How many times the person may ask for a review themselves (southern-2022: "if a
    # customer wants to challenge the way they're managed, they can ask us to review it
    # ... we will only do this once"); 0: the policy offers none (an appeal instead).
    reviews_on_request: int = 0


@dataclass(frozen=True)
class Profile:
    key: str
    name: str
    landlord: str
    file: str
    stages: int
    rules: tuple[Rule, ...]
    stage2: Stage2Policy
    late: LateRule | None
    exclusions: tuple[Exclusion, ...]
    who: WhoMayComplain
    petition: PetitionRule
    building_safety_regulator: bool
    # Grounds to decline a review besides the exclusions (ISHA 001 §2.8).
    decline_grounds: tuple[Exclusion, ...] = ()
    # Grounds to close a complaint mid-stage besides legal proceedings (IDS 002 §5.6).
    closing_grounds: tuple[Exclusion, ...] = ()
    # A step before stage 1 ("resolve it outside the process"), which the Code forbids (5.2).
    before_stage1: PolicyNote | None = None
    other_routes: tuple[OtherRoute, ...] = ()
    # Compensation used to pay off money the resident owes, with their agreement (IDS 7.2).
    compensation_offset: PolicyNote | None = None
    restrictions: RestrictionRule | None = None

    @property
    def restriction_rule(self) -> RestrictionRule:
        """The profile's rule, or the portal's stated default (12 months, approved by a
        complaints manager): a restriction is never open-ended."""
        return self.restrictions or RestrictionRule(
            DEFAULT_RESTRICTION_REVIEW_MONTHS, "complaints_manager",
            Citation(seed="", section="", title="The portal's default: reviewed every "
                     f"{DEFAULT_RESTRICTION_REVIEW_MONTHS} months"))

    def rule(self, key: str) -> Rule | None:
        for rule in self.rules:
            if rule.key == key:
                return rule
        return None

    def exclusion(self, code: str) -> Exclusion | None:
        for exclusion in self.exclusions:
            if exclusion.code == code:
                return exclusion
        return None

    @property
    def has_panel(self) -> bool:
        return self.stages >= 3

    def goes_to_regulator(self, category: str, higher_risk_building: bool | None) -> bool:
        """Stage 1 only, then the Building Safety Regulator: only a building safety
        complaint about a home staff have confirmed is in a higher-risk building (IVH 004
        §5.1; SPEC §2). Every other complaint keeps stage 2."""
        return (self.building_safety_regulator and category == "building_safety"
                and higher_risk_building is True)


def parse_profile(file: str, data: dict[str, Any]) -> Profile:
    top = Reader(file, data)
    key = top.get("key", str)
    seed = top.get("seed", str)
    # Each document a rule may come from, by its seed, with its own title (SPEC §4).
    title = {**KNOWN_DOCUMENTS, **dict(top.get("documents", dict, default={})),
             seed: top.get("policy_title", str)}
    stages = top.get("stages", int)
    if stages not in (1, 2, 3):
        raise top.fail("stages", "must be 1, 2 or 3")

    rules = []
    deadlines = top.table("deadlines")
    for name in deadlines.data:
        if name not in DEADLINE_KEYS:
            raise deadlines.fail(name, f"is not a known deadline ({', '.join(DEADLINE_KEYS)})")
        r = deadlines.table(name)
        rule = Rule(key=name, amount=positive(r, "amount"),
                    unit=r.get("unit", str, choices=UNITS),
                    after=r.get("after", str, choices=DEADLINE_KEYS[name]),
                    says=r.get("says", str), cite=r.cite(seed, title))
        rules.append(_extras(r, rule))
    if not any(r.key == "acknowledge" for r in rules):
        raise deadlines.fail("acknowledge", "is missing: every profile acknowledges complaints")
    has_panel_rules = any(r.key.startswith("panel_") for r in rules)
    if stages == 3 and not has_panel_rules:
        raise top.fail("stages", "is 3, but there is no deadlines.panel_meeting")
    if stages < 3 and has_panel_rules:
        raise top.fail("stages", f"is {stages}, but panel deadlines are set")

    s2 = top.table("stage2")
    reasons_required = s2.get("reasons_required", bool)
    requires = s2.get("requires", str, default="reasons" if reasons_required else "nothing",
                      choices=tuple(STAGE2_REQUIRES))
    if (requires != "nothing") is not reasons_required:
        raise s2.fail("requires", f"is {requires!r}, but reasons_required is "
                                  f"{str(reasons_required).lower()}")
    stage2 = Stage2Policy(
        reasons_required=reasons_required,
        reviewer=s2.get("reviewer", str),
        cite=s2.cite(seed, title),
        requires=requires,
    )

    late = None
    lt = top.table("late", optional=True)
    if lt is not None:
        late = LateRule(
            months=positive(lt, "months"),
            counts_from=lt.get("counts_from", str, choices=LATE_FROM),
            exceptions=tuple(lt.get("exceptions", list, default=[])),
            cite=lt.cite(seed, title),
        )

    seen: set[str] = set()
    exclusions = exclusions_list(top, "exclusions", seed, title, seen)
    decline_grounds = exclusions_list(top, "decline_grounds", seed, title, seen)
    closing_grounds = exclusions_list(top, "closing_grounds", seed, title, seen)

    w = top.table("who")
    who = WhoMayComplain(
        anonymous=w.get("anonymous", str, choices=ANONYMOUS),
        solicitors_as_advocates=w.get("solicitors_as_advocates", bool),
        councillors=w.get("councillors", str, choices=COUNCILLORS),
        advocates=w.get("advocates", str),
        cite=w.cite(seed, title),
    )
    if who.councillors == "correspondence" and not any(
        r.key == "councillor_reply" for r in rules
    ):
        raise w.fail("councillors", "is correspondence, but deadlines.councillor_reply is missing")

    p = top.table("petition")
    petition = PetitionRule(min_households=positive(p, "min_households"), cite=p.cite(seed, title))

    restrictions = None
    rr = top.table("restrictions", optional=True)
    if rr is not None:
        months = positive(rr, "review_months")
        if months > 24:
            raise rr.fail("review_months", "must be 24 or fewer: a restriction is reviewed")
        restrictions = RestrictionRule(
            review_months=months,
            approver=rr.get("approver", str, choices=RESTRICTION_APPROVERS),
            cite=rr.cite(seed, title),
            reviews_on_request=rr.get("reviews_on_request", int, default=0))

    return Profile(
        key=key,
        name=top.get("name", str),
        landlord=top.get("landlord", str),
        file=file,
        stages=stages,
        rules=tuple(rules),
        stage2=stage2,
        late=late,
        exclusions=tuple(exclusions),
        who=who,
        petition=petition,
        building_safety_regulator=top.get("building_safety_regulator", bool, default=False),
        decline_grounds=tuple(decline_grounds),
        closing_grounds=tuple(closing_grounds),
        before_stage1=note(top, "before_stage1", seed, title),
        other_routes=tuple(routes(top, seed, title)),
        compensation_offset=note(top, "compensation_offset", seed, title),
        restrictions=restrictions,
    )


def _extras(r: Reader, rule: Rule) -> Rule:
    """A rule's optional "never later than" cap, and when a posted letter is received."""
    cap = None
    if "cap_amount" in r.data:
        cap = Rule(key=rule.key, amount=positive(r, "cap_amount"), unit=rule.unit,
                   after=r.get("cap_after", str, choices=DEADLINE_KEYS[rule.key]),
                   says=rule.says, cite=rule.cite)
        if cap.after == rule.after:
            raise r.fail("cap_after", "must be another event than 'after'")
    posted = None
    if rule.after == "stage1_received":
        posted = positive(r, "posted_received_after")
    elif "posted_received_after" in r.data:
        raise r.fail("posted_received_after", "applies only after = \"stage1_received\"")
    return Rule(rule.key, rule.amount, rule.unit, rule.after, rule.says, rule.cite, cap, posted)


def load_profile_file(path: Path) -> Profile:
    """One profile file, parsed and validated; parsed once while the file is unchanged
    (every app, and the test suite makes hundreds, reads the same five files)."""
    stat = path.stat()
    return _load_profile_file(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_profile_file(path: Path, _mtime_ns: int, _size: int) -> Profile:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(path.name, "(file)", f"is not valid TOML: {error}") from error
    profile = parse_profile(path.name, data)
    if profile.key != path.stem:
        raise ProfileError(path.name, "key", f"must match the file name ({path.stem!r})")
    return profile


def load_profiles(directory: Path = PROFILE_DIR) -> dict[str, Profile]:
    """Every profile in the folder, validated; the first bad one raises."""
    if not directory.is_dir():
        raise ProfileError(str(directory), "(folder)", "is not a folder of profiles")
    profiles = {}
    for path in sorted(directory.glob("*.toml")):
        profile = load_profile_file(path)
        profiles[profile.key] = profile
    return profiles
