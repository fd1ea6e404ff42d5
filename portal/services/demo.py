"""Demo data for a new checkout: a landlord's closure days, its staff (one of every
role), four residents and ten complaints at every point of stage 1.

    flask demo          # safe to repeat: a second run adds nothing

Everything is made through the real services (accounts, complaints.submit, casework),
so the demo holds what the portal itself would hold: events, letters as PDFs, emails
waiting in the outbox. Dates are counted back from today in working days, so the demo
always looks live: one complaint is overdue for acknowledgement today, another has a
contact date coming up in two working days, whenever the demo is loaded.

The services stamp what they write with the current time. For a step the demo says
happened on an earlier day, the rows that step wrote for that complaint (events,
contacts, agreed contact dates, letters, responses) are then moved to that day, in the
demo's own transaction, before anyone can see them: the timeline then reads as it
would have, had the complaint really been handled over the past weeks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import g
from sqlalchemy import func, select, update

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    ClosureDay,
    Complaint,
    ContactLog,
    Document,
    Event,
    Response,
    User,
)
from portal.domain.permissions import STAFF_ROLES
from portal.services import accounts, casework, clock
from portal.services import complaints as complaint_service
from portal.services.policy import current_calendar, current_profile

LONDON = ZoneInfo("Europe/London")

DEMO_CLOSURES = {
    date(2026, 12, 29): "Christmas closure",
    date(2026, 12, 30): "Christmas closure",
    date(2026, 12, 31): "Christmas closure",
}

# Every demo account signs in with this password (README: "Demo sign-ins").
DEMO_PASSWORD = "demo-password-1"
# The account whose presence means the people and complaints are already loaded.
MARKER_EMAIL = "admin@demo.example"


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    name: str
    role: str | None = None  # a staff role; None for a resident
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None


STAFF = (
    Person("admin", MARKER_EMAIL, "Ade Adeyemi", "administrator"),
    Person("services", "services@demo.example", "Chris Cole", "customer_services"),
    Person("handler", "handler@demo.example", "Hana Hussain", "case_handler"),
    Person("handler2", "handler2@demo.example", "Tom Price", "case_handler"),
    Person("reviewer", "reviewer@demo.example", "Rita Evans", "reviewer"),
    Person("manager", "manager@demo.example", "Morgan Lee", "complaints_manager"),
)
RESIDENTS = (
    Person("jo", "resident@demo.example", "Jo Bloggs", phone="07700 900 111",
           address="Flat 4, Riverside Court, 12 Mill Lane, London", postcode="E1 6AN"),
    Person("priya", "resident2@demo.example", "Priya Shah", phone="07700 900 222",
           address="27 Orchard Road, London", postcode="E2 7QL"),
    Person("marek", "resident3@demo.example", "Marek Nowak", phone="07700 900 333",
           address="Flat 11, Canal House, 3 Wharf Street, London", postcode="E3 2RT"),
    Person("eileen", "resident4@demo.example", "Eileen Murphy", phone="07700 900 444",
           address="8 Chestnut Close, London", postcode="E5 9HX"),
)
PEOPLE = STAFF + RESIDENTS


def load_demo() -> list[str]:
    """Load what is missing; returns one line per thing created, then the sign-ins."""
    said = _closures()
    if accounts.find_user(MARKER_EMAIL) is None:
        said += _Demo().load()
    if not said:
        said = ["Demo data already loaded."]
    return [*said, "", *sign_ins()]


def sign_ins() -> list[str]:
    """The block of demo sign-ins: email, role and password."""
    lines = [f"Demo sign-ins (every account's password is {DEMO_PASSWORD}):",
             f"  {'email':<26}{'role':<22}password"]
    for person in PEOPLE:
        role = STAFF_ROLES[person.role] if person.role else "Resident"
        lines.append(f"  {person.email:<26}{role:<22}{DEMO_PASSWORD}")
    return lines


def _closures() -> list[str]:
    said = []
    have = set(db.session.scalars(select(ClosureDay.on)))
    for on, name in DEMO_CLOSURES.items():
        if on not in have:
            db.session.add(ClosureDay(on=on, name=name))
            said.append(f"closure day {on.isoformat()}: {name}")
    db.session.commit()
    if said:
        g.pop("portal_calendar", None)  # the calendar of this app context predates them
    return said


# -- the people and complaints -----------------------------------------------------------


# Rows a step writes for a complaint, and the column that says when.
_STAMPED = ((Event, "at"), (ContactLog, "happened_at"), (AgreedContact, "agreed_at"),
            (Document, "created_at"), (Response, "issued_at"))


class _Demo:
    def __init__(self) -> None:
        self.today = clock.today()
        self.calendar = current_calendar()
        self.said: list[str] = []
        self.people: dict[str, User] = {}

    # dates ------------------------------------------------------------------------------

    def ago(self, working_days: int) -> date:
        """The working day `working_days` working days before today."""
        day, counted = self.today, 0
        while counted < working_days:
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day):
                counted += 1
        return day

    def ahead(self, working_days: int) -> date:
        return self.calendar.add_working_days(self.today, working_days)

    @staticmethod
    def instant(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), LONDON).astimezone(UTC)

    @contextmanager
    def on(self, complaint: Complaint | None, day: date, hour: int,
           minute: int = 0) -> Iterator[list[int]]:
        """Whatever the block writes for this complaint happened at `day`, `hour` (for a
        complaint the block creates, pass None and append its id to the list yielded)."""
        marks = {model: db.session.scalar(select(func.coalesce(func.max(model.id), 0)))
                 for model, _ in _STAMPED}
        found = [complaint.id] if complaint is not None else []
        yield found
        [complaint_id] = found
        when = self.instant(day, hour, minute)
        for model, column in _STAMPED:
            table = model.__table__
            db.session.execute(
                update(table).where(table.c.id > marks[model],
                                    table.c.complaint_id == complaint_id)
                .values({column: when}))
        db.session.commit()

    # people -------------------------------------------------------------------------------

    def load(self) -> list[str]:
        # The marker account is made last, so a run that stopped part-way is never taken
        # for a loaded demo (running it again then fails loudly on the first account).
        marker = [p for p in STAFF if p.email == MARKER_EMAIL]
        for person in [p for p in STAFF if p.email != MARKER_EMAIL]:
            self.staff(person)
        for person in RESIDENTS:
            self.people[person.key] = self.resident(person)
            self.said.append(f"resident: {person.email}, {person.name}, {person.postcode}")
        self.complaints()
        for person in marker:
            self.staff(person)
        return self.said

    def staff(self, person: Person) -> None:
        self.people[person.key] = casework.create_staff_account(
            None, email=person.email, name=person.name, role=person.role,
            password=DEMO_PASSWORD)
        self.said.append(f"staff: {person.email}, {person.name} ({STAFF_ROLES[person.role]})")

    def resident(self, person: Person) -> User:
        accounts.register(person.email, person.name, DEMO_PASSWORD, phone=person.phone)
        user = accounts.find_user(person.email)
        user.email_verified_at = user.email_verified_at or clock.now()
        user.address, user.postcode = person.address, person.postcode
        db.session.commit()
        return user

    def submit(self, who: str, received: date | None, *, category: str, issues: list[dict],
               contact_method: str = "email", adjustments: tuple[str, ...] = (),
               adjustments_detail: str = "", vulnerability: str = "",
               screening: tuple[str, ...] = (), contact_times: str = "",
               hour: int = 10) -> Complaint:
        """A complaint sent by a resident; received today when `received` is None."""
        resident = self.people[who]
        draft = complaint_service.new_draft(resident)
        phone = resident.phone if contact_method in ("phone", "text") else ""
        complaint_service.save_answers(
            draft, category=category, contact_method=contact_method, contact_phone=phone,
            contact_times=contact_times, adjustments=list(adjustments),
            adjustments_detail=adjustments_detail, vulnerability=vulnerability,
            screening=list(screening) or ["none"])
        day = received or self.today
        for issue in issues:
            issue = dict(issue)
            happened_on = day - timedelta(days=issue.pop("days_before", 14))
            complaint_service.save_issue(draft, None, {**issue, "happened_on": happened_on,
                                                       "aware_on": None})
        if received is None:
            return complaint_service.submit(draft, resident)
        now = self.instant(received, hour, 12)
        with self.on(None, received, hour, 12) as stamp:
            complaint = complaint_service.submit(draft, resident, now=now)
            stamp.append(complaint.id)
        return complaint

    def acknowledge(self, complaint: Complaint, day: date, *, by: str, handler: str,
                    definitions: list[str]) -> None:
        with self.on(complaint, day, 11, 5):
            casework.acknowledge(
                self.people[by], complaint, **self.versions(complaint), on=day,
                handler_id=self.people[handler].id,
                definitions={i.id: d for i, d in zip(complaint.issues, definitions,
                                                     strict=True)})

    def contact(self, complaint: Complaint, day: date, *, by: str, method: str | None,
                notes: str, shared: bool = True, next_on: date | None = None,
                next_method: str | None = None, hour: int = 14) -> None:
        with self.on(complaint, day, hour, 20):
            casework.log_contact(
                self.people[by], complaint, **self.versions(complaint), on=day, method=method,
                notes=notes, shared=shared, next_on=next_on, next_method=next_method)

    def respond(self, complaint: Complaint, day: date, *, by: str,
                decisions: list[tuple[str, str]], **draft) -> None:
        with self.on(complaint, day, 15, 40):
            casework.respond(
                self.people[by], complaint, **self.versions(complaint), on=day,
                draft=casework.ResponseDraft(
                    decisions=[casework.IssueDecision(issue.id, decision, reasons)
                               for issue, (decision, reasons)
                               in zip(complaint.issues, decisions, strict=True)],
                    **draft))

    @staticmethod
    def versions(complaint: Complaint) -> dict:
        return {"version": complaint.version, "seen": casework.last_event_id(complaint)}

    def created(self, complaint: Complaint, what: str) -> None:
        resident = complaint.resident
        self.said.append(f"complaint {complaint.reference}: {what} "
                         f"({resident.name}, {resident.email})")

    # complaints: the oldest first, so references follow the order they were received ------

    def complaints(self) -> None:
        self.closed_satisfied()
        self.extended()
        self.responded()
        self.missed_contact()
        self.overdue_acknowledgement()
        self.withdrawn()
        self.refused()
        self.acknowledged_with_contact_coming_up()
        self.resolved_at_first_contact()
        self.just_received()

    def closed_satisfied(self) -> None:
        received = self.ago(30)
        complaint = self.submit("eileen", received, category="repairs", issues=[
            {"summary": "Front door does not lock",
             "details": "The lock on my front door has been broken since the summer. I "
                        "reported it three times and each time the job was closed without "
                        "anyone coming.", "days_before": 60,
             "outcome_wanted": "Fix the lock, and tell me why the jobs were closed."},
            {"summary": "Nobody called me back",
             "details": "I was promised a call back from the repairs manager and it never "
                        "came.", "days_before": 20,
             "outcome_wanted": "An apology."},
            {"summary": "Charged for a call-out",
             "details": "My rent account shows a £45 call-out charge for the lock, which is "
                        "your repair, not mine.", "days_before": 10,
             "outcome_wanted": "Take the charge off my account."},
        ], contact_method="letter")
        self.acknowledge(complaint, self.ago(29), by="services", handler="handler2",
                         definitions=[
                             "Your front door lock has not been repaired, and three repair "
                             "jobs were closed without a visit. You want it fixed and an "
                             "explanation.",
                             "A promised call back from the repairs manager did not happen. "
                             "You want an apology.",
                             "You were charged £45 for a call-out for a repair that is ours "
                             "to do. You want the charge removed."])
        self.respond(complaint, self.ago(20), by="handler2", decisions=[
            ("upheld", "Our records show three jobs closed as 'no access' although no "
                       "operative attended. That should not have happened."),
            ("upheld", "The call back was not logged, so nobody made it."),
            ("upheld", "The lock is our repair; the charge was raised in error."),
        ], apology="We are sorry that it took so long to make your home secure.",
            explanation="Our repairs contractor closed the jobs by mistake. The lock was "
                        "replaced on the day of our visit, and the £45 charge has been "
                        "taken off your rent account.",
            compensation=Decimal("100"),
            learning="Jobs can no longer be closed as 'no access' without a photo of the "
                     "card left at the door.")
        complaint_service.say_satisfied(complaint, self.people["eileen"])
        self.created(complaint, "stage 1 response sent, then closed: the resident is "
                                "satisfied (3 issues, letter)")

    def extended(self) -> None:
        received = self.ago(14)
        complaint = self.submit("marek", received, category="rent_charges", issues=[
            {"summary": "Service charge doubled",
             "details": "My service charge went from £32 to £64 a month in April with no "
                        "explanation.", "days_before": 200,
             "outcome_wanted": "Explain the increase and refund anything I should not pay."},
            {"summary": "Arrears letter sent in error",
             "details": "I got a letter saying I am in arrears, but I pay by direct debit "
                        "every month.", "days_before": 20,
             "outcome_wanted": "Correct my account and confirm in writing."},
        ], adjustments=("language",), adjustments_detail="Polish: please send letters in "
           "Polish as well as English.")
        self.acknowledge(complaint, self.ago(13), by="services", handler="handler",
                         definitions=[
                             "Your service charge doubled in April and you were not told "
                             "why. You want an explanation and a refund of anything "
                             "charged wrongly.",
                             "You received an arrears letter although your direct debit "
                             "is paid. You want your account corrected and written "
                             "confirmation."])
        self.contact(complaint, self.ago(12), by="handler", method="email",
                     notes="Asked Mr Nowak for his last six bank statements showing the "
                           "direct debit.")
        current, latest = casework.extension_window(complaint)
        if current is None or latest is None:
            self.created(complaint, "at stage 1 (this policy sets no stage 1 extension, so "
                                    "it is not extended)")
            return
        new_on = max(min(latest, self.ahead(5)), current + timedelta(days=1))
        with self.on(complaint, self.ago(4), 9, 30):
            casework.extend(
                self.people["handler"], complaint, **self.versions(complaint), new_on=new_on,
                reason="We are waiting for the service charge accounts for last year from "
                       "our managing agent, which we need to check the increase.")
        self.created(complaint, f"at stage 1, response date extended to {new_on.day} "
                                f"{new_on:%B}, 2 issues, Polish translation")

    def responded(self) -> None:
        received = self.ago(12)
        complaint = self.submit("jo", received, category="repairs", issues=[
            {"summary": "No heating for three weeks",
             "details": "The boiler broke on a Friday and it took three weeks and four "
                        "visits to fix it. We used electric heaters the whole time.",
             "days_before": 35,
             "outcome_wanted": "Pay back the extra electricity and say sorry."},
            {"summary": "Engineer left a mess",
             "details": "The engineer left old pipes and dust in my kitchen.",
             "days_before": 18,
             "outcome_wanted": "Clean it up."},
        ], contact_method="phone", contact_times="Weekday mornings")
        self.acknowledge(complaint, self.ago(11), by="services", handler="handler",
                         definitions=[
                             "Your heating was not working for three weeks and needed four "
                             "visits to fix. You want the cost of the extra electricity "
                             "repaid and an apology.",
                             "The engineer left old pipes and dust in your kitchen. You "
                             "want it cleaned up."])
        self.contact(complaint, self.ago(8), by="handler", method="visit",
                     notes="Visited with the heating contractor. The boiler is working; the "
                           "old pipes have been taken away.")
        self.respond(complaint, self.ago(2), by="handler", decisions=[
            ("upheld", "A family with a young child should not be without heating for three "
                       "weeks. The part should have been ordered at the first visit."),
            ("partially_upheld", "Old pipes were left behind, but the contractor came back "
                                 "and removed them within two days of your call."),
        ], apology="We are sorry you and your family were without heating for so long.",
            explanation="The boiler needed a part that the first engineer did not order.",
            compensation=Decimal("150"),
            actions=[casework.ActionPlan("Pay £150 to your rent account", "Finance team",
                                         self.ahead(10)),
                     casework.ActionPlan("Service the boiler again", "Heating contractor",
                                         self.ahead(20))],
            learning="Engineers now order parts on the first visit when a boiler cannot "
                     "be fixed.")
        self.created(complaint, "stage 1 response sent with a letter (PDF), £150 "
                                "compensation, 2 issues")

    def missed_contact(self) -> None:
        received = self.ago(9)
        complaint = self.submit("priya", received, category="asb_handling", issues=[
            {"summary": "Noise reports not followed up",
             "details": "I reported loud music from the flat above every weekend since "
                        "July. Nobody has contacted me about the diary sheets I sent.",
             "days_before": 120,
             "outcome_wanted": "Tell me what you are doing about my reports."},
        ], adjustments=("large_print",), contact_method="phone",
            contact_times="After 4pm", vulnerability="I have a visual impairment.")
        self.acknowledge(complaint, self.ago(8), by="manager", handler="handler2",
                         definitions=[
                             "You reported noise from the flat above and sent diary sheets, "
                             "but nobody has told you what we have done. You want to know "
                             "what action we are taking."])
        self.contact(complaint, self.ago(8), by="handler2", method="phone",
                     notes="Spoke to Ms Shah. Agreed to call back once the anti-social "
                           "behaviour officer has read the diary sheets.",
                     next_on=self.ago(2), next_method="phone", hour=16)
        self.created(complaint, "at stage 1, the agreed contact date was missed, "
                                "large print")

    def overdue_acknowledgement(self) -> None:
        complaint = self.submit("eileen", self.ago(8), category="staff_conduct", issues=[
            {"summary": "Rude caretaker",
             "details": "The caretaker shouted at me in the car park when I asked about "
                        "the broken light in the stairwell.", "days_before": 3,
             "outcome_wanted": "An apology, and for the light to be fixed."},
        ], adjustments=("named_contact",),
            adjustments_detail="Please speak to my daughter, Siobhan Murphy, on "
                               "07700 900 555.", hour=15)
        self.created(complaint, "received 8 working days ago, overdue for "
                                "acknowledgement")

    def withdrawn(self) -> None:
        received = self.ago(7)
        complaint = self.submit("marek", received, category="neighbourhood", issues=[
            {"summary": "Fly-tipping by the bin store",
             "details": "Mattresses and bags have been dumped by the bin store for a "
                        "month.", "days_before": 30,
             "outcome_wanted": "Clear it and stop it happening again."},
        ])
        self.acknowledge(complaint, self.ago(6), by="services", handler="handler2",
                         definitions=[
                             "Rubbish has been dumped by the bin store for a month. You "
                             "want it cleared and steps taken to stop it."])
        complaint_service.withdraw(complaint, self.people["marek"],
                                   "The rubbish has been cleared and a camera put up.")
        self.created(complaint, "withdrawn by the resident")

    def refused(self) -> None:
        received = self.ago(6)
        complaint = self.submit("priya", received, category="repairs", issues=[
            {"summary": "Water damage from the flat above",
             "details": "A leak from upstairs ruined my bedroom ceiling and carpet.",
             "days_before": 90,
             "outcome_wanted": "Pay for a new carpet and repair the ceiling."},
        ], adjustments=("large_print",), screening=("legal",), contact_method="letter")
        profile = current_profile()
        exclusion = profile.exclusion("legal_proceedings") or profile.exclusions[0]
        with self.on(complaint, self.ago(5), 12, 15):
            casework.refuse(
                self.people["services"], complaint, **self.versions(complaint),
                on=self.ago(5), reasons=[exclusion.code],
                detail="Your solicitor has issued a claim at the county court about this "
                       "leak. We will still repair the ceiling: that is being arranged as "
                       "a repair.")
        self.created(complaint, f"not accepted ({exclusion.title.lower()}), refusal "
                                "letter and a large-print copy")

    def acknowledged_with_contact_coming_up(self) -> None:
        received = self.ago(4)
        complaint = self.submit("jo", received, category="repairs", issues=[
            {"summary": "Damp and mould in the bedroom",
             "details": "Black mould has come back on the bedroom wall since it was "
                        "painted over in the spring. My son has asthma.",
             "days_before": 60,
             "outcome_wanted": "Find the cause of the damp and fix it properly."},
            {"summary": "Missed repair appointment",
             "details": "I took a day off work for an appointment and nobody came or "
                        "called.", "days_before": 9,
             "outcome_wanted": "An apology and the cost of my day off work."},
        ], contact_method="phone", contact_times="Weekday mornings")
        self.acknowledge(complaint, self.ago(3), by="services", handler="handler",
                         definitions=[
                             "Black mould has come back in your bedroom after it was painted "
                             "over, and your son has asthma. You want the cause found and "
                             "fixed properly.",
                             "Nobody came to a repair appointment you took a day off work "
                             "for. You want an apology and to be paid for the day."])
        self.contact(complaint, self.ago(2), by="handler", method="phone",
                     notes="Called Ms Bloggs. A damp surveyor will visit; I will call her "
                           "with the date and the surveyor's findings.",
                     next_on=self.ahead(2), next_method="phone", hour=10)
        self.created(complaint, "acknowledged, case handler Hana Hussain, next contact "
                                "agreed for a date coming up, 2 issues")

    def resolved_at_first_contact(self) -> None:
        day = self.ago(3)
        complaint = self.submit("eileen", day, category="neighbourhood", issues=[
            {"summary": "Stairwell light out",
             "details": "The light on the second floor stairs has been out for a week. "
                        "It is pitch dark at night.", "days_before": 7,
             "outcome_wanted": "Fix the light."},
        ], contact_method="phone", hour=9)
        with self.on(complaint, day, 9, 50):
            casework.resolve_first_contact(
                self.people["services"], complaint, **self.versions(complaint), on=day,
                summary="Called Mrs Murphy. An electrician replaced the fitting "
                        "the same afternoon, and we apologised for the delay.")
        self.created(complaint, "resolved at first contact and closed")

    def just_received(self) -> None:
        complaint = self.submit("marek", None, category="other", issues=[
            {"summary": "Parking permit not renewed",
             "details": "I applied to renew my parking permit six weeks ago and have heard "
                        "nothing. I have had two parking tickets.", "days_before": 42,
             "outcome_wanted": "Renew the permit and cancel the tickets."},
        ], contact_method="text")
        self.created(complaint, "received today, not yet acknowledged")
