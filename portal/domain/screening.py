"""Before submission: might this complaint not be accepted, why, and where to
go instead? (SPEC §4 exclusions.) The resident can always still submit: staff
decide. Pure: takes the profile, the answers and today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.calendar import add_calendar_months
from portal.domain.policy import Exclusion, Profile

# The screening question's answers, in the resident's words (the complaint form, and
# staff pages that show what was answered).
SCREENING = [
    ("legal", "I have started legal proceedings, or a solicitor is acting for me about this"),
    ("insurance", "This is, or will be, an insurance claim"),
    ("not_reported", "I have not reported the problem to you before"),
    ("none", "None of these"),
]


@dataclass(frozen=True)
class ScreenAnswers:
    happened_on: tuple[date | None, ...]
    aware_on: tuple[date | None, ...]
    legal_proceedings: bool = False
    insurance_claim: bool = False
    service_request: bool = False
    category: str = ""


@dataclass(frozen=True)
class Warning:
    code: str
    title: str
    explanation: str
    signpost: str
    source: str
    why: str  # what in the answers triggered it


def _late_reference(profile: Profile, happened: date | None, aware: date | None) -> date | None:
    if profile.late is None:
        return None
    rule = profile.late.counts_from
    if rule == "occurred":
        return happened or aware
    if rule == "aware":
        return aware or happened
    known = [d for d in (happened, aware) if d]
    return max(known) if known else None


def _warn(exclusion: Exclusion | None, code: str, why: str, fallback: tuple[str, str, str]):
    if exclusion is not None:
        return Warning(code, exclusion.title, exclusion.explanation, exclusion.signpost,
                       str(exclusion.cite), why)
    title, explanation, signpost = fallback
    return Warning(code, title, explanation, signpost, "", why)


def screen(profile: Profile, answers: ScreenAnswers, today: date) -> list[Warning]:
    found: list[Warning] = []
    if profile.late is not None:
        limit = profile.late.months
        for i, (happened, aware) in enumerate(zip(answers.happened_on, answers.aware_on,
                                                 strict=True)):
            start = _late_reference(profile, happened, aware)
            if start is not None and add_calendar_months(start, limit) < today:
                exceptions = "; ".join(profile.late.exceptions)
                why = (f"Issue {i + 1}: you told us about {start:%-d %B %Y}, which is more than "
                       f"{limit} months ago.")
                if exceptions:
                    why += f" We can still accept it if: {exceptions.lower()}."
                found.append(_warn(profile.exclusion("late"), "late", why, (
                    f"More than {limit} months ago",
                    f"Our policy may not accept complaints about things more than {limit} "
                    "months ago.", "Tell us why you could not complain sooner.")))
                break
    if answers.legal_proceedings:
        found.append(_warn(profile.exclusion("legal_proceedings"), "legal_proceedings",
                           "You told us legal proceedings have started.", (
                               "Legal proceedings have started",
                               "When a claim has been filed at court, the court deals with it.",
                               "Speak to your solicitor.")))
    if answers.insurance_claim:
        found.append(_warn(profile.exclusion("insurance"), "insurance",
                           "You told us this is, or will be, an insurance claim.", (
                               "An insurance claim",
                               "Insurance claims are dealt with by the insurer, not through "
                               "complaints. We will still look at how we handled things.",
                               "Contact your insurer or ask us about our insurance claims "
                               "procedure.")))
    if answers.service_request:
        found.append(_warn(profile.exclusion("service_request"), "service_request",
                           "You told us this is something you have not reported to us yet.", (
                               "A request, not yet a complaint",
                               "If you have not reported the problem yet, the quickest way to "
                               "get it put right is to report it. You can still complain.",
                               "Report it to us as a request.")))
    return found
