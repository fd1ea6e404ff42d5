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

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"

UNITS = ("working_days", "calendar_days", "calendar_months")

# Each deadline a profile may set, and the events it may be counted from.
DEADLINE_KEYS: dict[str, tuple[str, ...]] = {
    "acknowledge": ("received",),
    "first_contact": ("acknowledged", "received"),
    "stage1_response": ("received", "acknowledged"),
    "stage1_extension": ("stage1_response",),
    "close_if_no_reply": ("stage1_sent",),
    "stage2_request_window": ("stage1_sent",),
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


class ProfileError(ValueError):
    """A profile file that cannot be used, with the file and field named."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        super().__init__(f"Policy profile {file}: field '{field}': {message}")


@dataclass(frozen=True)
class Citation:
    seed: str
    section: str
    title: str

    def __str__(self) -> str:
        return f"{self.title}, {self.section}" if self.section else self.title


@dataclass(frozen=True)
class Rule:
    """One timescale: `amount` `unit` after the event `after`."""

    key: str
    amount: int
    unit: str
    after: str
    says: str
    cite: Citation

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
    "stage2_requested": "the stage 2 review was asked for",
    "stage2_acknowledged": "the stage 2 review was acknowledged",
    "stage2_response": "the stage 2 response was due",
    "panel_requested": "the Panel was asked for",
    "panel_met": "the Panel met",
}


@dataclass(frozen=True)
class Exclusion:
    code: str
    title: str
    explanation: str
    signpost: str
    cite: Citation


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


# -- reading ------------------------------------------------------------------


class _Reader:
    """Pulls typed fields out of a parsed TOML table, naming the field on error."""

    def __init__(self, file: str, data: dict[str, Any], prefix: str = "") -> None:
        self.file = file
        self.data = data
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.file, self._name(key), message)

    def get(self, key: str, kind: type, *, default: Any = ..., choices: tuple = ()) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is missing")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise self.fail(key, f"must be {kind.__name__}, not {type(value).__name__}")
        if kind is str and not value.strip():
            raise self.fail(key, "must not be empty")
        if choices and value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def table(self, key: str, *, optional: bool = False) -> _Reader | None:
        if key not in self.data:
            if optional:
                return None
            raise self.fail(key, "is missing")
        value = self.data[key]
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Reader(self.file, value, self._name(key) + ".")

    def cite(self, default_seed: str, title: str) -> Citation:
        seed = self.get("seed", str, default=default_seed)
        return Citation(seed=seed, section=self.get("section", str), title=title)


def _positive(reader: _Reader, key: str) -> int:
    value = reader.get(key, int)
    if value < 1:
        raise reader.fail(key, "must be at least 1")
    return value


def parse_profile(file: str, data: dict[str, Any]) -> Profile:
    top = _Reader(file, data)
    key = top.get("key", str)
    seed = top.get("seed", str)
    title = top.get("policy_title", str)
    stages = top.get("stages", int)
    if stages not in (1, 2, 3):
        raise top.fail("stages", "must be 1, 2 or 3")

    rules = []
    deadlines = top.table("deadlines")
    for name in deadlines.data:
        if name not in DEADLINE_KEYS:
            raise deadlines.fail(name, f"is not a known deadline ({', '.join(DEADLINE_KEYS)})")
        r = deadlines.table(name)
        rules.append(
            Rule(
                key=name,
                amount=_positive(r, "amount"),
                unit=r.get("unit", str, choices=UNITS),
                after=r.get("after", str, choices=DEADLINE_KEYS[name]),
                says=r.get("says", str),
                cite=r.cite(seed, title),
            )
        )
    if not any(r.key == "acknowledge" for r in rules):
        raise deadlines.fail("acknowledge", "is missing: every profile acknowledges complaints")
    has_panel_rules = any(r.key.startswith("panel_") for r in rules)
    if stages == 3 and not has_panel_rules:
        raise top.fail("stages", "is 3, but there is no deadlines.panel_meeting")
    if stages < 3 and has_panel_rules:
        raise top.fail("stages", f"is {stages}, but panel deadlines are set")

    s2 = top.table("stage2")
    stage2 = Stage2Policy(
        reasons_required=s2.get("reasons_required", bool),
        reviewer=s2.get("reviewer", str),
        cite=s2.cite(seed, title),
    )

    late = None
    lt = top.table("late", optional=True)
    if lt is not None:
        late = LateRule(
            months=_positive(lt, "months"),
            counts_from=lt.get("counts_from", str, choices=LATE_FROM),
            exceptions=tuple(lt.get("exceptions", list, default=[])),
            cite=lt.cite(seed, title),
        )

    exclusions = []
    raw = top.get("exclusions", list, default=[])
    seen = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise top.fail(f"exclusions[{i}]", "must be a table")
        ex = _Reader(file, item, f"exclusions[{i}].")
        code = ex.get("code", str)
        if code in seen:
            raise ex.fail("code", f"{code!r} is listed twice")
        seen.add(code)
        exclusions.append(
            Exclusion(
                code=code,
                title=ex.get("title", str),
                explanation=ex.get("explanation", str),
                signpost=ex.get("signpost", str),
                cite=ex.cite(seed, title),
            )
        )

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
    petition = PetitionRule(min_households=_positive(p, "min_households"), cite=p.cite(seed, title))

    restrictions = None
    rr = top.table("restrictions", optional=True)
    if rr is not None:
        months = _positive(rr, "review_months")
        if months > 24:
            raise rr.fail("review_months", "must be 24 or fewer: a restriction is reviewed")
        restrictions = RestrictionRule(
            review_months=months,
            approver=rr.get("approver", str, choices=RESTRICTION_APPROVERS),
            cite=rr.cite(seed, title))

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
        restrictions=restrictions,
    )


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
