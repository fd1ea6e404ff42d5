"""Where a profile departs from the Housing Ombudsman Complaint Handling Code 2024.

The Code is statutory, not a landlord's choice, so its limits live here rather
than in a profile. A profile that departs from it still loads as written; an
administrator can ask, point by point, where it differs (SPEC §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.policy import STAGE2_REQUIRES, Profile, Rule

CODE = "Complaint Handling Code 2024"


@dataclass(frozen=True)
class Departure:
    section: str
    topic: str
    profile_says: str
    code_says: str

    def __str__(self) -> str:
        return (
            f"{self.topic} ({CODE} {self.section}): {self.profile_says} "
            f"The Code: {self.code_says}"
        )


def _wd(rule: Rule) -> int | None:
    return rule.amount if rule.unit == "working_days" else None


def _limit(
    profile: Profile,
    key: str,
    *,
    limit: int,
    section: str,
    topic: str,
    code_says: str,
    stricter_from: tuple[str, ...] = (),
) -> Departure | None:
    """A departure when the rule is missing or allows longer than the Code."""
    rule = profile.rule(key)
    if rule is None:
        return Departure(section, topic, "The policy sets no timescale for this.", code_says)
    if rule.after in stricter_from and rule.unit == "working_days" and rule.amount <= limit:
        return None  # counted from an earlier event, so never later than the Code
    days = _wd(rule)
    if days is None or days > limit:
        return Departure(
            section, topic, f"The policy allows {rule.describe()} ({rule.cite}).", code_says
        )
    return None


def departures(profile: Profile) -> list[Departure]:
    found: list[Departure] = []

    if profile.stages > 2:
        found.append(
            Departure(
                "5.2-5.3",
                "Number of stages",
                f"The policy has {profile.stages} stages (a Panel after the review).",
                "Two stages only: more than two stages is not acceptable under any circumstances.",
            )
        )
    checks = [
        _limit(
            profile, "acknowledge", limit=5, section="6.2", topic="Acknowledgement",
            code_says="Acknowledge within 5 working days of receipt.",
        ),
        _limit(
            profile, "stage1_response", limit=10, section="6.3", topic="Stage 1 response",
            code_says="Respond within 10 working days of acknowledging the complaint.",
            stricter_from=("received",),
        ),
    ]
    ext1 = profile.rule("stage1_extension")
    if ext1 is not None:
        checks.append(
            _limit(
                profile, "stage1_extension", limit=10, section="6.4-6.5", topic="Stage 1 extension",
                code_says="No more than 10 further working days, with reasons.",
            )
        )
    if profile.stages >= 2:
        checks.append(
            _limit(
                profile, "stage2_acknowledge", limit=5, section="6.11",
                topic="Stage 2 acknowledgement",
                code_says="Acknowledge a stage 2 request within 5 working days of it being made.",
            )
        )
        checks.append(
            _limit(
                profile, "stage2_response", limit=20, section="6.14", topic="Stage 2 response",
                code_says="Respond within 20 working days of acknowledging the stage 2 request.",
                stricter_from=("stage2_requested",),
            )
        )
        if profile.rule("stage2_extension") is not None:
            checks.append(
                _limit(
                    profile, "stage2_extension", limit=20, section="6.15-6.16",
                    topic="Stage 2 extension",
                    code_says="No more than 20 further working days, with reasons and the "
                    "Ombudsman's details.",
                )
            )
        if profile.stage2.reasons_required:
            found_rule = profile.stage2
            checks.append(
                Departure(
                    "6.12",
                    "Reasons for stage 2",
                    f"The policy requires a request to escalate to give: "
                    f"{STAGE2_REQUIRES[found_rule.requires].lower()} ({found_rule.cite}).",
                    "A landlord must not insist on the resident explaining their reasons "
                    "for escalating.",
                )
            )
    if profile.late is not None and profile.late.months < 12:
        checks.append(
            Departure(
                "2.3",
                "Time limit for complaints",
                f"The policy refuses complaints over {profile.late.months} months old "
                f"({profile.late.cite}).",
                "A landlord may refuse a complaint made more than 12 months after the issue "
                "occurred or the resident became aware of it, with discretion for good reasons.",
            )
        )
    found.extend(c for c in checks if c is not None)
    found.extend(_who_and_when(profile))
    return found


def _who_and_when(profile: Profile) -> list[Departure]:
    """Departures in who may complain, how and when (SPEC §4, the Code's check)."""
    found = []
    if profile.before_stage1 is not None:
        note = profile.before_stage1
        found.append(Departure(
            "5.2", "A stage before stage 1",
            f"The policy tries to resolve complaints outside the process first: "
            f"\"{note.says}\" ({note.cite}).",
            "No stage before stage 1: a complaint is logged at stage 1 when it is made, "
            "and a resident's dissatisfaction is not sent round an informal stage first."))
    who = profile.who
    if who.councillors == "correspondence":
        reply = profile.rule("councillor_reply")
        cite = reply.cite if reply else who.cite
        found.append(Departure(
            "1.3", "Councillor and MP enquiries",
            f"The policy answers enquiries from councillors and MPs for a resident as "
            f"correspondence, outside the complaints process ({cite}).",
            "An expression of dissatisfaction made on a resident's behalf is a complaint, "
            "whoever makes it."))
    if not who.solicitors_as_advocates:
        found.append(Departure(
            "1.2", "Solicitors as representatives",
            f"The policy refuses solicitors as representatives ({who.cite}).",
            "A complaint can be made by a resident or on their behalf by a representative "
            "they choose."))
    late = profile.late
    if late is not None and not late.exceptions:
        found.append(Departure(
            "2.3", "Discretion on the time limit",
            f"The policy sets no discretion to accept an older complaint ({late.cite}).",
            "A landlord must consider a complaint made after the time limit where there are "
            "good reasons for the delay."))
    if late is not None and late.counts_from == "occurred":
        found.append(Departure(
            "2.3", "When the time limit starts",
            f"The policy counts the time limit from when the problem happened ({late.cite}).",
            "The time limit counts from the later of when the problem happened and when the "
            "resident became aware of it."))
    return found
