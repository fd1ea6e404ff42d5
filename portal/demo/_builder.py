"""What every demo scenario is made with: dates counted back from today in working days,
moving what a step wrote to the day it is said to have happened, the people, and the
common steps (a complaint sent, acknowledged, a contact, a response), each through the
real services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    Complaint,
    ContactLog,
    ContactTask,
    Document,
    Event,
    OutboxMessage,
    Response,
    User,
)
from portal.data.representation import Authority, Petition, Signature
from portal.demo._people import DEMO_PASSWORD, REPRESENTATIVES, Person
from portal.domain.permissions import STAFF_ROLES
from portal.services.accounts import staff as staff_accounts
from portal.services.accounts import users as accounts
from portal.services.intake import drafts as complaint_service
from portal.services.intake import submission
from portal.services.records import casework, clock
from portal.services.records.documents import check_upload
from portal.services.records.policy import current_calendar
from portal.services.representation import on_behalf
from portal.services.responses import respond as responses
from portal.services.stage1 import actions as stage1

LONDON = ZoneInfo("Europe/London")

# Rows a step writes for a complaint, and the column that says when.
_STAMPED = ((Event, "at"), (ContactLog, "happened_at"), (AgreedContact, "agreed_at"),
            (Document, "created_at"), (Response, "issued_at"), (Authority, "created_at"),
            (ContactTask, "created_at"), (OutboxMessage, "created_at"))


@dataclass(frozen=True)
class ActingFor:
    """A complaint sent by a representative for the resident, with a signed letter."""

    by: str  # the representative's key
    letter: tuple[str, ...]  # the lines of the signed letter of authority
    relationship: str = "advocate"
    scope: str = "complaint"
    expires_on: date | None = None
    correspondence_to: str = "both"


class Builder:
    def __init__(self) -> None:
        self.today = clock.today()
        self.calendar = current_calendar()
        self.said: list[str] = []
        self.people: dict[str, User] = {}

    # dates ------------------------------------------------------------------------------

    def ago(self, working_days: int) -> date:
        """The working day `working_days` working days before today."""
        day = self.today
        for _ in range(working_days):
            day = self.calendar.previous_working_day(day)
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
        if day < self.ago(2):
            self._work_list_done(complaint_id, marks[ContactTask], day, when)

    def _work_list_done(self, complaint_id: int, mark: int, day: date,
                        when: datetime) -> None:
        """The letters, calls and texts a step put on the work list, done by customer
        services 20 minutes later, as a team would have (through the work list itself).
        Those from the last two working days are left to do (one of them overdue)."""
        from portal.services.correspondence import worklist

        done_at = when + timedelta(minutes=20)
        local = done_at.astimezone(LONDON)
        for task in list(db.session.scalars(
                select(ContactTask).where(ContactTask.complaint_id == complaint_id,
                                          ContactTask.id > mark,
                                          ContactTask.done_at.is_(None))
                .order_by(ContactTask.id))):
            outcome = ("Posted first class" if task.method == "letter"
                       else "Spoke to them and gave them the message")
            with self.on(db.session.get(Complaint, complaint_id), day, local.hour,
                         local.minute):
                worklist.complete(self.people["services"], task, outcome)
            db.session.execute(update(ContactTask).where(ContactTask.id == task.id)
                               .values(done_at=done_at))
            db.session.commit()

    @contextmanager
    def petition_on(self, petition: Petition | None, day: date, hour: int,
                    minute: int = 0) -> Iterator[list[Petition]]:
        """The same for a petition still collecting signatures: its row, its signatures,
        its scanned sheets and its events (which belong to no complaint yet). For a
        petition the block creates, pass None and append it to the list yielded."""
        models = (Petition, Signature, Event, Document)
        marks = {model: db.session.scalar(select(func.coalesce(func.max(model.id), 0)))
                 for model in models}
        found = [petition] if petition is not None else []
        yield found
        [petition] = found
        when = self.instant(day, hour, minute)
        petitions, signatures = Petition.__table__, Signature.__table__
        events, documents = Event.__table__, Document.__table__
        db.session.execute(update(petitions).where(
            petitions.c.id == petition.id, petitions.c.id > marks[Petition])
            .values(created_at=when, summary_dated_on=day))
        db.session.execute(update(signatures).where(
            signatures.c.petition_id == petition.id, signatures.c.id > marks[Signature])
            .values(created_at=when))
        db.session.execute(update(events).where(
            events.c.id > marks[Event], events.c.complaint_id.is_(None)).values(at=when))
        db.session.execute(update(documents).where(
            documents.c.id > marks[Document], documents.c.complaint_id.is_(None),
            documents.c.kind == "petition_sheet").values(created_at=when))
        db.session.commit()

    # people -------------------------------------------------------------------------------

    def staff(self, person: Person) -> None:
        self.people[person.key] = staff_accounts.create_staff_account(
            None, email=person.email, name=person.name, role=person.role,
            password=DEMO_PASSWORD)
        self.said.append(f"staff: {person.email}, {person.name} ({STAFF_ROLES[person.role]})")

    def resident(self, person: Person) -> None:
        accounts.register(person.email, person.name, DEMO_PASSWORD, phone=person.phone)
        user = self._confirmed(person)
        user.address, user.postcode = person.address, person.postcode
        db.session.commit()
        self.said.append(f"resident: {person.email}, {person.name}, {person.postcode}")

    def representative(self, person: Person) -> None:
        accounts.register(person.email, person.name, DEMO_PASSWORD, kind="representative",
                          phone=person.phone, details={"relationship": "advocate",
                                                       "organisation": person.organisation})
        self._confirmed(person)
        db.session.commit()
        self.said.append(f"representative: {person.email}, {person.name} "
                         f"({person.organisation})")

    def _confirmed(self, person: Person) -> User:
        user = accounts.find_user(person.email)
        user.email_verified_at = user.email_verified_at or clock.now()
        self.people[person.key] = user
        return user

    # a complaint and the usual steps ------------------------------------------------------

    def submit(self, who: str, received: date | None, *, category: str, issues: list[dict],
               contact_method: str = "email", adjustments: tuple[str, ...] = (),
               adjustments_detail: str = "", vulnerability: str = "",
               screening: tuple[str, ...] = (), contact_times: str = "",
               hour: int = 10, acting_for: ActingFor | None = None) -> Complaint:
        """A complaint sent by a resident (or by a representative for them, with a signed
        letter of authority); received today when `received` is None."""
        resident = self.people[who]

        def send(now: datetime | None) -> Complaint:
            sender = self.people[acting_for.by] if acting_for else resident
            draft = (self._draft_for(resident, acting_for) if acting_for
                     else complaint_service.new_draft(resident))
            phone = resident.phone if contact_method in ("phone", "text") else ""
            complaint_service.save_answers(
                draft, category=category, contact_method=contact_method,
                contact_phone=phone, contact_times=contact_times,
                adjustments=list(adjustments), adjustments_detail=adjustments_detail,
                vulnerability=vulnerability, screening=list(screening) or ["none"])
            day = received or self.today
            for issue in issues:
                issue = dict(issue)
                happened_on = day - timedelta(days=issue.pop("days_before", 14))
                complaint_service.save_issue(draft, None, {
                    **issue, "happened_on": happened_on, "aware_on": None})
            return submission.submit(draft, sender, now=now)

        if received is None:
            return send(None)
        with self.on(None, received, hour, 12) as stamp:
            complaint = send(self.instant(received, hour, 12))
            stamp.append(complaint.id)
        return complaint

    def _draft_for(self, resident: User, acting: ActingFor):
        representative = self.people[acting.by]
        name = resident.name.replace(" ", "-").lower()
        letter = check_upload(f"letter-of-authority-{name}.pdf", letter_pdf(acting.letter))
        [organisation] = [p.organisation for p in REPRESENTATIVES if p.key == acting.by]
        return on_behalf.start_on_behalf(representative, on_behalf.OnBehalf(
            resident_name=resident.name,
            resident_address=(resident.address or "").replace(", ", "\n"),
            resident_postcode=resident.postcode or "", resident_email=resident.email,
            relationship=acting.relationship, organisation=organisation,
            scope=acting.scope, expires_on=acting.expires_on, method="letter",
            correspondence_to=acting.correspondence_to), letter)

    def acknowledge(self, complaint: Complaint, day: date, *, by: str, handler: str,
                    definitions: list[str]) -> None:
        with self.on(complaint, day, 11, 5):
            stage1.acknowledge(
                self.people[by], complaint, **self.versions(complaint), on=day,
                handler_id=self.people[handler].id,
                definitions={i.id: d for i, d in zip(complaint.issues, definitions,
                                                     strict=True)})

    def contact(self, complaint: Complaint, day: date, *, by: str, method: str | None,
                notes: str, shared: bool = True, next_on: date | None = None,
                next_method: str | None = None, hour: int = 14) -> None:
        with self.on(complaint, day, hour, 20):
            stage1.log_contact(
                self.people[by], complaint, **self.versions(complaint), on=day, method=method,
                notes=notes, shared=shared, next_on=next_on, next_method=next_method)

    def respond(self, complaint: Complaint, day: date, *, by: str,
                decisions: list[tuple[str, str]], stage: int = 1, hour: int = 15,
                **draft) -> None:
        with self.on(complaint, day, hour, 40):
            responses.respond(
                self.people[by], complaint, **self.versions(complaint), on=day, stage=stage,
                draft=responses.ResponseDraft(
                    decisions=[responses.IssueDecision(issue.id, decision, reasons)
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


def letter_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF of plain text lines (a signed letter, a scanned petition sheet)."""
    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 72 770 Td 18 TL " + " ".join(
        f"({escaped(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream.encode('cp1252'))} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("cp1252")
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n"
            "%%EOF\n").encode()
    return out
