"""A complaint's due dates, from the domain engine: pages never compute dates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from portal.data.models import Complaint
from portal.domain.calendar import london_date
from portal.domain.deadlines import (
    ComplaintDates,
    DueDate,
    Window,
    compute_deadlines,
    ombudsman_by,
    request_window,
)
from portal.services.records.policy import current_calendar, profiles


def complaint_dates(complaint: Complaint) -> ComplaintDates:
    return ComplaintDates(
        received=complaint.received_on,
        acknowledged=complaint.acknowledged_on,
        stage1_sent=complaint.stage1_sent_on,
        stage2_requested=complaint.stage2_requested_on,
        stage2_acknowledged=complaint.stage2_acknowledged_on,
        panel_requested=complaint.panel_requested_on,
        panel_met=complaint.panel_met_on,
        stage1_delivery=complaint.stage1_delivery,
    )


@dataclass(frozen=True)
class Due:
    """A due date as shown: met, missed, pending; with the engine's working."""

    key: str
    label: str
    due_on: date
    done_on: date | None
    explanation: list[str]
    extended_to: date | None = None
    stopped: bool = False  # the complaint closed before this was done: nothing is owed
    about: bool = False  # worked out from a date that has not happened yet

    @property
    def effective_on(self) -> date:
        return self.extended_to or self.due_on

    def state(self, today: date) -> str:
        if self.done_on is not None:
            return "met" if self.done_on <= self.effective_on else "missed"
        if self.stopped or (self.key == "stage2_request_closes" and today > self.effective_on):
            return "stopped"  # a window that closed unused is nobody's overdue task
        if today > self.effective_on:
            return "overdue"
        if today == self.effective_on:
            return "due_today"
        return "pending"


# Which event marks each deadline as done.
DONE_BY = {
    "acknowledge": "acknowledged_on",
    "stage1_response": "stage1_sent_on",
    "stage2_acknowledge": "stage2_acknowledged_on",
    "stage2_response": "stage2_sent_on",
    "stage2_request_closes": "stage2_requested_on",
    "panel_meeting": "panel_met_on",
    "panel_response": "panel_sent_on",
}
SHOWN = ["acknowledge", "first_contact", "stage1_response", "stage2_request_closes",
         "stage2_acknowledge", "stage2_response", "panel_meeting", "panel_response"]
STOPPED = ("closed", "withdrawn", "not_accepted")


def raw_deadlines(complaint: Complaint) -> dict[str, DueDate]:
    profile = profiles()[complaint.profile]
    return compute_deadlines(profile, current_calendar(), complaint_dates(complaint))


def councillor_reply_due(complaint: Complaint) -> DueDate | None:
    """The profile's own reply date for a councillor's or MP's enquiry (IDS 9.1)."""
    if not complaint.councillor_enquiry:
        return None
    return raw_deadlines(complaint).get("councillor_reply")


def councillor_reply(complaint: Complaint) -> Due | None:
    """A councillor's or MP's enquiry answered as correspondence (IDS 002 §9.1): its one
    date is the reply, met when the reply (the stage 1 letter) is sent."""
    due = councillor_reply_due(complaint)
    if due is None:
        return None
    return Due("councillor_reply", "Reply to the enquiry", due.due_on,
               complaint.stage1_sent_on, due.explanation(),
               stopped=complaint.status in STOPPED)


def complaint_deadlines(complaint: Complaint) -> list[Due]:
    """The due dates shown for a complaint, each with its working. A councillor's enquiry
    the profile answers as correspondence has only its reply date: the complaints
    process's own dates do not apply to it."""
    if complaint.councillor_enquiry:
        reply = councillor_reply(complaint)
        if reply is not None:
            return [reply]
    raw = raw_deadlines(complaint)
    shown = []
    for key in SHOWN:
        if key not in raw:
            continue
        d = raw[key]
        extended = None
        if key == "stage1_response":
            extended = complaint.stage1_extended_to
        elif key == "stage2_response":
            extended = complaint.stage2_extended_to
        done_field = DONE_BY.get(key)
        done = getattr(complaint, done_field) if done_field else None
        if key == "first_contact" and complaint.contacts:
            done = london_date(complaint.contacts[0].happened_at)
        explanation = d.explanation()
        if extended:
            explanation = [*explanation, f"We extended this to {extended:%A} {extended.day} "
                           f"{extended:%B %Y}. The reason is in the timeline."]
        shown.append(Due(key, d.label, d.due_on, done, explanation, extended,
                         stopped=complaint.status in STOPPED))
    return shown


def expected_stage1_response(complaint: Complaint, today: date) -> Due | None:
    """Before we acknowledge a complaint, when the resident can expect our answer
    ("about", issue 15 item 1): the profile's stage 1 count from the day we will
    acknowledge it (its due date, or today once that has passed). None once the real
    date is known, for a complaint that has ended, or an enquiry answered as
    correspondence."""
    if (complaint.acknowledged_on is not None or complaint.councillor_enquiry
            or complaint.status != "received"):
        return None
    raw = raw_deadlines(complaint)
    if "stage1_response" in raw or "acknowledge" not in raw:
        return None
    assumed = max(raw["acknowledge"].due_on, today)
    dates = replace(complaint_dates(complaint), acknowledged=assumed)
    guess = compute_deadlines(profiles()[complaint.profile], current_calendar(),
                              dates).get("stage1_response")
    if guess is None:
        return None
    return Due("stage1_response", guess.label, guess.due_on, None,
               [f"We have not acknowledged the complaint yet. If we acknowledge it on "
                f"{assumed:%A} {assumed.day} {assumed:%B %Y}, the answer is due on this "
                "date; we will tell you the exact date when we acknowledge it.",
                *guess.explanation()], about=True)


def expected_stage2_response(complaint: Complaint, today: date) -> date | None:
    """If the resident asks for a review today, when we expect to send its answer: the
    profile's count from the request, or from the day we would acknowledge it when the
    profile counts from acknowledgement (shown on the short review form)."""
    profile, calendar = profiles()[complaint.profile], current_calendar()
    dates = replace(complaint_dates(complaint), stage2_requested=today)
    found = compute_deadlines(profile, calendar, dates)
    if "stage2_response" not in found and "stage2_acknowledge" in found:
        dates = replace(dates, stage2_acknowledged=found["stage2_acknowledge"].due_on)
        found = compute_deadlines(profile, calendar, dates)
    return found["stage2_response"].due_on if "stage2_response" in found else None


def next_due(complaint: Complaint) -> Due | None:
    """The earliest deadline not yet met (for the staff queue)."""
    pending = [d for d in complaint_deadlines(complaint)
               if d.done_on is None and d.key != "stage2_request_closes"]
    return min(pending, key=lambda d: d.effective_on, default=None)


def max_extension(complaint: Complaint, stage: int) -> date | None:
    """The latest date an extension may reach under the profile, or None."""
    key = "stage1_response_extended" if stage == 1 else "stage2_response_extended"
    raw = raw_deadlines(complaint)
    return raw[key].due_on if key in raw else None


def stage2_window(complaint: Complaint, today: date) -> tuple[DueDate | None, Window | None]:
    """The last day to ask for a review (the engine's `stage2_request_closes`) and the
    countdown to it; (None, None) when the profile sets no window (the Code, ISHA,
    Southern) or there has been no stage 1 response yet."""
    closes = raw_deadlines(complaint).get("stage2_request_closes")
    if closes is None:
        return None, None
    return closes, request_window(closes, today, current_calendar())


def extension_window(complaint: Complaint, stage: int) -> tuple[date | None, date | None]:
    """(current response due date, latest date the policy allows), either may be None."""
    key = "stage1_response" if stage == 1 else "stage2_response"
    extended = complaint.stage1_extended_to if stage == 1 else complaint.stage2_extended_to
    raw = raw_deadlines(complaint)
    current = extended or (raw[key].due_on if key in raw else None)
    return current, max_extension(complaint, stage)


def panel_limit(complaint: Complaint) -> DueDate | None:
    """The latest date for the Panel meeting (IDS 002 §6.4), once it has been asked for."""
    return raw_deadlines(complaint).get("panel_meeting")


def ombudsman_deadline(final_on: date) -> date:
    return ombudsman_by(final_on)
