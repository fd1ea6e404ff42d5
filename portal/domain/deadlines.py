"""Due dates of a complaint, from its profile, the calendar and its events.

This is the one place dates are worked out: pages, letters, reminders and
reports all ask it. A due date is never stored; it is derived again from the
events, so when the calendar changes (a closure day added, a bank holiday
announced) every open complaint's dates move with it (SPEC §3).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from portal.domain.calendar import Count, SkippedDay, WorkingCalendar, add_calendar_months
from portal.domain.policy import EVENT_WORDS, Profile, Rule


@dataclass(frozen=True)
class ComplaintDates:
    """The Europe/London dates of the events that deadlines count from."""

    received: date
    acknowledged: date | None = None
    stage1_sent: date | None = None
    stage2_requested: date | None = None
    stage2_acknowledged: date | None = None
    panel_requested: date | None = None
    panel_met: date | None = None
    # How the stage 1 response was delivered: "email", "post" or None (not recorded).
    stage1_delivery: str | None = None

    def event(self, name: str) -> date | None:
        return getattr(self, name)


# Output key -> (profile rule key, base): the base is an event name, or for an
# extension the output key of the due date it pushes back.
OUTPUTS: dict[str, tuple[str, str | None]] = {
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
    # A councillor's or MP's enquiry answered as correspondence (IDS 002 §9.1).
    "councillor_reply": ("councillor_reply", None),
}

LABELS = {
    "acknowledge": "Acknowledge the complaint",
    "first_contact": "First call from the case handler",
    "stage1_response": "Stage 1 response",
    "stage1_response_extended": "Latest stage 1 response with the longest extension allowed",
    "close_if_no_reply": "Close if we hear nothing back",
    "stage2_request_closes": "Last day to ask for a stage 2 review",
    "stage2_acknowledge": "Acknowledge the stage 2 request",
    "stage2_response": "Stage 2 response",
    "stage2_response_extended": "Latest stage 2 response with the longest extension allowed",
    "panel_meeting": "Panel meeting",
    "panel_response": "Panel response",
    "councillor_reply": "Reply to a councillor's or MP's enquiry",
}


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


@dataclass(frozen=True)
class DueDate:
    """A due date and everything a person needs to check it."""

    key: str
    due_on: date
    rule: Rule
    start_on: date
    start_words: str
    skipped: tuple[SkippedDay, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()  # how the start day was found, or why a cap applied

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def rule_words(self) -> str:
        unit = self.rule.describe().split(" after ")[0]
        return f"{unit} after {self.start_words}"

    def explanation(self) -> list[str]:
        lines = [
            f"Counted from {_long(self.start_on)}, when {self.start_words}. "
            "That day itself does not count.",
            *self.notes,
            f"The rule: {self.rule_words} ({self.rule.cite}). {self.rule.says}",
        ]
        if self.rule.unit == "working_days":
            if self.skipped:
                lines.append(
                    "Days not counted: " + "; ".join(s.describe() for s in self.skipped) + "."
                )
            else:
                lines.append("No weekends, bank holidays or closure days fell in between.")
        lines.append(f"So it is due by {_long(self.due_on)}.")
        return lines

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "due_on": self.due_on.isoformat(),
            "start_on": self.start_on.isoformat(),
            "rule": self.rule_words,
            "source": str(self.rule.cite),
            "seed": self.rule.cite.seed,
            "skipped": [
                {"on": s.on.isoformat(), "kind": s.kind, "name": s.name} for s in self.skipped
            ],
            "explanation": self.explanation(),
        }


def apply_rule(rule: Rule, start: date, calendar: WorkingCalendar) -> Count:
    if rule.unit == "working_days":
        return calendar.count(start, rule.amount)
    if rule.unit == "calendar_days":
        return Count(start, rule.amount, start + timedelta(days=rule.amount))
    return Count(start, rule.amount, add_calendar_months(start, rule.amount))


def compute_deadlines(
    profile: Profile, calendar: WorkingCalendar, dates: ComplaintDates
) -> dict[str, DueDate]:
    """Every due date the profile sets that the known events allow, in order.

    A deadline is left out when the profile has no such rule or the event it
    counts from has not happened yet (a deadline counted from acknowledgement
    uses the real acknowledgement date, never the acknowledgement due date).
    """
    result: dict[str, DueDate] = {}
    for key, (rule_key, base) in OUTPUTS.items():
        rule = profile.rule(rule_key)
        if rule is None:
            continue
        if base is not None:
            if base not in result:
                continue
            start = result[base].due_on
        else:
            due = _from_event(key, rule, dates, calendar)
            if due is not None:
                result[key] = due
            continue
        count = apply_rule(rule, start, calendar)
        result[key] = DueDate(key=key, due_on=count.result, rule=rule, start_on=start,
                              start_words=EVENT_WORDS[rule.after], skipped=count.skipped)
    return result


def _from_event(key: str, rule: Rule, dates: ComplaintDates,
                calendar: WorkingCalendar) -> DueDate | None:
    """A due date counted from an event; with a cap, the earlier of the two counts."""
    start, notes = _start(rule, dates, calendar)
    due = None
    if start is not None:
        count = apply_rule(rule, start, calendar)
        due = DueDate(key, count.result, rule, start, EVENT_WORDS[rule.after], count.skipped,
                      notes)
    cap = rule.cap
    cap_start = dates.event(cap.after) if cap is not None else None
    if cap is None or cap_start is None:
        return due
    count = apply_rule(cap, cap_start, calendar)
    if due is not None and due.due_on <= count.result:
        return due
    if due is not None:
        why = (f"{_capital(rule.describe())} would be {_long(due.due_on)}, later than the "
               f"policy's limit of {cap.describe()}, so that limit applies.")
    else:
        why = (f"The policy's limit applies: never later than {cap.describe()}. "
               f"{_capital(rule.describe())} applies instead once that has happened, if it "
               "is earlier.")
    return DueDate(key, count.result, cap, cap_start, EVENT_WORDS[cap.after], count.skipped,
                   (why,))


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _start(rule: Rule, dates: ComplaintDates,
           calendar: WorkingCalendar) -> tuple[date | None, tuple[str, ...]]:
    """The day a count starts, and how it was found. A count from when the stage 1
    response was received: emailed, that day; posted, deemed received on the profile's
    working day after posting (SPEC §4)."""
    if rule.after != "stage1_received":
        return dates.event(rule.after), ()
    sent = dates.stage1_sent
    if sent is None:
        return None, ()
    if dates.stage1_delivery == "post":
        n = rule.posted_received_after or 0
        received = calendar.count(sent, n).result
        return received, (f"The response was posted on {_long(sent)}: a posted letter is "
                          f"treated as received on the {_ordinal(n)} working day after "
                          f"posting, {_long(received)}.",)
    if dates.stage1_delivery == "email":
        return sent, (f"The response was emailed on {_long(sent)}, so it was received that "
                      "day.",)
    return sent, ("How the response was delivered is not recorded, so it is counted from "
                  f"the day it was sent, {_long(sent)}.",)


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def date_fields() -> list[str]:
    return [f.name for f in fields(ComplaintDates)]


# -- after a response: the window to ask for the next stage, the Ombudsman, actions ------


def _day_words(d: date, today: date) -> str:
    """'Thursday 4 June 2026': always with the year (issue 15, item 3: a countdown read
    in December must not leave the resident guessing which June)."""
    return f"{d:%A} {d.day} {d:%B} {d.year}"


@dataclass(frozen=True)
class Window:
    """Where `today` stands in a window to ask for the next stage (SPEC §4).

    `working_days_left` counts the working days after today up to and including the
    last day, so on the last day itself it is 0 and the request is still in time; a
    request made after `closes_on` is late (flagged for a decision, never refused)."""

    closes_on: date
    today: date
    working_days_left: int

    @property
    def is_open(self) -> bool:
        return self.today <= self.closes_on

    @property
    def last_day(self) -> bool:
        return self.today == self.closes_on

    def countdown(self) -> str:
        until = _day_words(self.closes_on, self.today)
        if not self.is_open:
            return f"The time to ask ended on {until}"
        if self.last_day:
            return f"Today is the last day to ask: {until}"
        plural = "" if self.working_days_left == 1 else "s"
        return f"{self.working_days_left} working day{plural} left: until {until}"


def request_window(closes: DueDate, today: date, calendar: WorkingCalendar) -> Window:
    """The countdown to the last day to ask, from the engine's due date."""
    return Window(closes.due_on, today, calendar.working_days_between(today, closes.due_on))


def is_late(asked_on: date, closes: DueDate | None) -> bool:
    """A request after the last day of the window is late; with no window, never."""
    return closes is not None and asked_on > closes.due_on


def ombudsman_by(final_on: date, months: int = 12) -> date:
    """The last day to go to the Housing Ombudsman: 12 months after the landlord's final
    response (SPEC §4, "the democratic filter is gone"), clamped to the month's end."""
    return add_calendar_months(final_on, months)


def action_state(due_on: date, done_on: date | None, today: date) -> str:
    """An action promised in a response (Code 6.6, 7.3): done on time, done late,
    overdue from the day after it was due, due today, or to come."""
    if done_on is not None:
        return "done" if done_on <= due_on else "done_late"
    if today > due_on:
        return "overdue"
    if today == due_on:
        return "due_today"
    return "to_do"


def within_panel_limit(meeting_on: date, requested_on: date, limit: DueDate) -> str | None:
    """Why a Panel meeting date cannot be used, or None (IDS 002 §6.4: convened
    within 1 calendar month of the request)."""
    if meeting_on < requested_on:
        return ("The meeting must be on or after the day the Panel was asked for, "
                f"{_long(requested_on)}")
    if meeting_on > limit.due_on:
        return (f"The meeting must be on or before {_long(limit.due_on)}: "
                f"{limit.rule_words} ({limit.rule.cite})")
    return None
