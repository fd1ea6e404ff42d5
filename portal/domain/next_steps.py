"""What happens next on a complaint, in the words of the person reading (issue 15, items
2 and 7): the resident ("We will confirm we have your complaint by ...") or someone
acting for them ("... Priya Shah's complaint by ..."), never the staff task ("Acknowledge
the complaint").

It reads only the stored next due date and what it is (`complaints.next_due_on` and
`next_due_key`, kept by services.records.due_index), so a list of complaints can say
this for every row without working out any deadline again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain import lifecycle

# key: (what we will do, what we should have done when the date has passed). {your} is
# "your" or "Priya Shah's"; {you} is "you" or "Priya Shah".
PROMISES: dict[str, tuple[str, str]] = {
    "acknowledge": ("We will confirm we have {your} complaint by {date}",
                    "We should have confirmed we have {your} complaint by {date}"),
    "first_contact": ("The case handler will call {you} by {date}",
                      "The case handler should have called {you} by {date}"),
    "stage1_response": ("We expect to send our answer by {date}",
                        "We should have sent our answer by {date}"),
    "stage1_response_extended": ("We expect to send our answer by {date}",
                                 "We should have sent our answer by {date}"),
    "close_if_no_reply": ("If we do not hear from {you} by {date}, we will close the "
                          "complaint",
                          "We did not hear from {you} by {date}, so we may close the "
                          "complaint"),
    "stage2_acknowledge": ("We will confirm we have {your} request for a review by {date}",
                           "We should have confirmed we have {your} request for a review "
                           "by {date}"),
    "stage2_response": ("We expect to send the review's answer by {date}",
                        "We should have sent the review's answer by {date}"),
    "stage2_response_extended": ("We expect to send the review's answer by {date}",
                                 "We should have sent the review's answer by {date}"),
    "panel_meeting": ("The Panel will meet by {date}", "The Panel should have met by {date}"),
    "panel_response": ("We expect to send the Panel's answer by {date}",
                       "We should have sent the Panel's answer by {date}"),
    "councillor_reply": ("We will reply to the enquiry by {date}",
                         "We should have replied to the enquiry by {date}"),
    "agreed_contact": ("We will contact {you} by {method} on {date}",
                       "We missed the {contact} we promised on {date}. We are sorry"),
    # Never a stored next due date (the resident's own window), but shown on their page.
    "stage2_request_closes": ("{You} can ask for a review until {date}",
                              "The time to ask for a review ended on {date}"),
}
# Each due date on the complaint page once it is done: what the person got, and when.
DONE: dict[str, str] = {
    "acknowledge": "We confirmed we have {your} complaint on {done}",
    "first_contact": "The case handler called {you} on {done}",
    "stage1_response": "We sent our answer on {done}",
    "stage2_request_closes": "{You} asked for a review on {done}",
    "stage2_acknowledge": "We confirmed we have {your} request for a review on {done}",
    "stage2_response": "We sent the review's answer on {done}",
    "panel_meeting": "The Panel met on {done}",
    "panel_response": "We sent the Panel's answer on {done}",
    "councillor_reply": "We replied to the enquiry on {done}",
}
# Keys where the next move is the resident's, not the landlord's.
RESIDENTS_MOVE = {"close_if_no_reply", "stage2_request_closes"}
METHODS = {"phone": "phone", "email": "email", "letter": "letter", "text": "text message",
           "visit": "a home visit", "meeting": "a meeting"}
# An agreed contact that was missed, as the thing the person did not get.
MISSED = {"phone": "call", "email": "email", "letter": "letter", "text": "text message",
          "visit": "home visit", "meeting": "meeting"}

# Status tag colours (GOV.UK Design System tag modifiers).
TAG_COLOURS = {
    "received": "govuk-tag--light-blue", "stage1": "govuk-tag--blue",
    "stage1_responded": "govuk-tag--green", "stage2_requested": "govuk-tag--light-blue",
    "stage2": "govuk-tag--purple", "stage2_responded": "govuk-tag--green",
    "panel": "govuk-tag--purple", "panel_responded": "govuk-tag--green",
    "passed_back": "govuk-tag--blue", "not_accepted": "govuk-tag--grey",
    "closed": "govuk-tag--grey", "withdrawn": "govuk-tag--grey",
}
# An authority to act ending within this many days is flagged on the adviser's list.
ENDING_SOON_DAYS = 14


def long_date(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


@dataclass(frozen=True)
class NextStep:
    """The next thing on a complaint, as one sentence, and who is waiting on whom."""

    sentence: str
    due_on: date | None
    late: bool  # the date has passed and it is still owed
    missed_contact: bool  # an agreed contact date passed without contact
    residents_move: bool  # the landlord is waiting on the resident

    @property
    def overdue(self) -> bool:
        """Late on something the landlord owes (a missed contact is flagged as such)."""
        return self.late and not self.residents_move and not self.missed_contact


def next_step(status: str, due_on: date | None, key: str | None, today: date,
              resident: str | None = None) -> NextStep:
    """The next thing on a complaint from its status and stored next due date. With
    `resident` (a name) it is worded for someone acting for them."""
    if status not in lifecycle.OPEN or due_on is None or not key:
        return NextStep(_settled(status), None, False, False, False)
    kind, _, method = key.partition(":")
    future, past = PROMISES.get(kind, ("The next step is due by {date}",
                                       "The next step was due by {date}"))
    late = today > due_on
    words = _words(past if late else future, resident, date=long_date(due_on), method=method)
    return NextStep(words, due_on, late, late and kind == "agreed_contact", kind in RESIDENTS_MOVE)


def _words(template: str, resident: str | None, *, date: str = "", done: str = "",
           method: str = "") -> str:
    return template.format(
        you=resident or "you", You=resident or "You",
        your=f"{resident}'s" if resident else "your", date=date, done=done,
        method=METHODS.get(method, method), contact=MISSED.get(method, "contact"))


def due_sentence(key: str, due_on: date, state: str, done_on: date | None = None,
                 resident: str | None = None, about: bool = False) -> str:
    """One due date on the complaint page as what the person gets: "We will confirm we
    have your complaint by ...", "We sent our answer on ...", "We should have ...".
    `state` is records.deadlines.Due.state(today); `about` marks a date worked out from
    one that has not happened yet (the answer's date before we have acknowledged)."""
    kind, _, method = key.partition(":")
    future, past = PROMISES.get(kind, ("The next step is due by {date}",
                                       "The next step was due by {date}"))
    when = ("about " if about else "") + long_date(due_on)
    if state in ("met", "missed") and done_on is not None and kind in DONE:
        return _words(DONE[kind], resident, done=long_date(done_on), method=method)
    if state == "overdue" or (state == "stopped" and kind == "stage2_request_closes"):
        return _words(past, resident, date=when, method=method)
    return _words(future, resident, date=when, method=method)


def page_lead(step: NextStep, status: str, phone: str, reference: str,
              resident: str | None = None, late_review_pending: bool = False) -> str:
    """The one sentence the complaint page (and the confirmation) leads with. A missed
    contact says sorry, what happens now, and a number to ring (issue 15, item 1). A
    late request for a review not yet accepted promises no date for its answer."""
    your = f"{resident}'s" if resident else "your"
    if late_review_pending and not step.missed_contact:
        return (f"We will decide whether to accept {your} late request for a review, and "
                "tell you")
    if step.missed_contact:
        you = resident or "you"
        return (f"{step.sentence}: your case handler will contact {you} as soon as they "
                f"can. If you would rather not wait, ring us on {phone}, quoting {reference}")
    if step.due_on is None and status in lifecycle.RESPONDED:
        return "We have sent our answer"
    return step.sentence


def _settled(status: str) -> str:
    if status in lifecycle.RESPONDED:
        return "We have sent our answer. Read it on the complaint's page"
    if status in lifecycle.OPEN:
        return "We are looking into it"
    return "Nothing more is due on this complaint"


def waiting_on(step: NextStep, status: str, resident: str) -> str:
    """Who is waiting on whom, for someone acting for `resident`."""
    if status not in lifecycle.OPEN:
        return "Nobody: the complaint has ended"
    if step.residents_move:
        return f"The landlord is waiting on {resident} (or you)"
    if status in lifecycle.RESPONDED and step.due_on is None:
        return f"The landlord has answered: over to {resident} (or you)"
    return f"{resident} is waiting on the landlord"


def ending_soon(expires_on: date | None, today: date) -> bool:
    """An authority to act that ends within ENDING_SOON_DAYS (its expiry is the last day
    it works); one with no end date never does."""
    return expires_on is not None and today <= expires_on <= today + timedelta(
        days=ENDING_SOON_DAYS)


def tag_colour(status: str) -> str:
    return TAG_COLOURS.get(status, "govuk-tag--grey")


@dataclass(frozen=True)
class Card:
    """One complaint in a list of complaints: what a summary card shows."""

    complaint: object
    subject: str
    status_words: str
    tag: str
    step: NextStep


def subject(summaries: list[str]) -> str:
    """A complaint's subject: its first issue, and how many more."""
    if not summaries:
        return "Your complaint"
    more = len(summaries) - 1
    return summaries[0] + (f" (and {more} more)" if more else "")


def card(complaint, followed, today: date, resident: str | None = None) -> Card:
    """The card for `complaint`, whose progress is that of `followed` (itself, or the
    communal complaint it was joined into)."""
    return Card(complaint, subject([i.summary for i in complaint.issues]),
                lifecycle.resident_words(followed.status), tag_colour(followed.status),
                next_step(followed.status, followed.next_due_on, followed.next_due_key,
                          today, resident))


@dataclass(frozen=True)
class ClientCard:
    """One complaint on the adviser's or councillor's list: the resident's card worded
    for someone acting for them, who is waiting on whom, and what needs their eye."""

    card: Card
    client: str
    waiting: str
    authority_ends: date | None
    flags: tuple[str, ...]


def client_card(complaint, followed, client: str, authority_ends: date | None,
                today: date) -> ClientCard:
    found = card(complaint, followed, today, client)
    flags = []
    if found.step.missed_contact:
        flags.append("Missed contact")
    if found.step.overdue:
        flags.append("Overdue")
    if ending_soon(authority_ends, today):
        flags.append("Authority ending soon")
    return ClientCard(found, client, waiting_on(found.step, followed.status, client),
                      authority_ends, tuple(flags))
