"""Telling people about a complaint, through the channel each of them chose.

Everyone services.recipients names is told, in the caller's transaction:
- by email (the outbox), when that is how they asked to hear from us;
- otherwise by a task on the staff work list (`ContactTask`): a letter to print (the
  formal letter when the event produced one, in large print where asked), a phone call
  to make or a text to send, with the message to give. A resident who gave no email
  address is written to by post.
Petition members are emailed (the members who gave no email hear through the lead).

The message is the same words either way: the task keeps the email's plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, ContactTask, Document, Restriction
from portal.domain import ombudsman
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import Recipient, recipients
from portal.services.records.clock import today

# Kinds that are only worth sending by email: a letter would arrive after the date it
# reminds about, and the agreed contact is itself made in the resident's chosen way.
EMAIL_ONLY = frozenset({"contact_reminder"})


def tell(complaint: Complaint, kind: str, subject: str, *,
         letter: tuple[Document, Document | None] | None = None, **context) -> None:
    """Tell everyone written to about this complaint. `letter` is the formal letter (and
    its large-print copy) when the event produced one; with it, petition members are
    told too (seed 001 §5: every member receives the final response)."""
    for person in recipients(complaint, members=letter is not None or "letter_url" in context):
        if person.role == "member":
            if person.email:
                queue_email(person.email, "petition_member_letter",
                            "A letter about the petition you signed", {
                                "name": person.name, "reference": complaint.reference,
                                "url": external_url("petitions.signed", token=person.token),
                                "ombudsman": ombudsman},
                            complaint_id=complaint.id)
            continue
        reference = person.reference or complaint.reference
        own = {"name": person.name, "reference": reference,
               "url": external_url("resident.complaint", reference=reference),
               "ombudsman": ombudsman, "on_behalf_of": person.on_behalf_of,
               "role": person.role, **context}
        if kind == "closed" and person.role == "resident":
            own["survey_url"] = external_url("resident.survey", reference=reference)
        if reference != complaint.reference:  # a communal complaint's letters are on theirs
            for key in ("letter_url", "large_url"):
                if own.get(key):
                    own[key] = own["url"]
        told = about(subject, person.on_behalf_of)
        if person.channel == "email" and person.email:
            queue_email(person.email, kind, told, own, complaint_id=complaint.id)
        elif kind not in EMAIL_ONLY:
            _task(complaint, person, kind, told, own,
                  letter if reference == complaint.reference else None)


def about(subject: str, on_behalf_of: str | None) -> str:
    """The subject as a representative reads it: not "your complaint", which is not
    theirs (issue 15, 7b). No name goes in a subject (it shows on a locked phone): the
    body names the resident."""
    if not on_behalf_of:
        return subject
    for yours, theirs in _NOT_YOURS:
        subject = subject.replace(yours, theirs)
    return subject


# What a subject says to the resident, and what it says to their representative instead
# (stage 1 and stage 2 alike, issue 15, 7b), longest first.
_NOT_YOURS = (
    ("your complaint", "the complaint you are helping with"),
    ("Your complaint", "The complaint you are helping with"),
    ("your request for", "the request for"),
    ("Your case handler", "The case handler"),
    ("Your review", "The review"),
    ("Your Panel", "The Panel"),
)


def post_letter(complaint: Complaint, name: str, address_lines: tuple[str, ...], kind: str,
                subject: str, context: dict, *,
                letter: tuple[Document, Document | None] | None = None) -> ContactTask:
    """A letter for someone we cannot email and who is not (yet) among the complaint's
    recipients, e.g. the resident told that someone has complained for them; with
    `letter`, the formal letter to print."""
    person = Recipient(name, None, address_lines, channel="letter",
                       large_print="large_print" in (complaint.adjustments or []))
    return _task(complaint, person, kind, subject, {"name": name, **context}, letter)


def _task(complaint: Complaint, person: Recipient, kind: str, subject: str, context: dict,
          letter: tuple[Document, Document | None] | None) -> ContactTask:
    context = {"landlord": current_app.config["PORTAL"].landlord_name, **context,
               "by_post": person.channel == "letter"}
    document, large = letter if letter else (None, None)
    task = ContactTask(
        complaint_id=complaint.id, kind=kind, method=person.channel,
        recipient_name=person.name, on_behalf_of=person.on_behalf_of,
        address="\n".join(person.address_lines) or None, phone=person.phone,
        contact_times=person.contact_times, subject=subject,
        text=render_template(f"email/{kind}.txt", **context).strip(),
        large_print=person.large_print,
        document_id=document.id if document else None,
        large_print_document_id=large.id if large else None,
        assigned_to_id=(named_contact_id(complaint.resident_id)
                        if person.role == "resident" else None),
    )
    db.session.add(task)
    return task


def named_contact_id(person_id: int) -> int | None:
    """The member of staff a restriction in force names as the person's one contact
    (issue 16 §1: "one named contact"): the tasks to write to, phone or text them are
    theirs. One query on the person's restrictions."""
    return db.session.scalar(
        select(Restriction.named_contact_id)
        .where(Restriction.person_id == person_id, Restriction.status == "active",
               Restriction.kind == "named_contact", Restriction.starts_on <= today(),
               Restriction.named_contact_id.is_not(None))
        .order_by(Restriction.id.desc()).limit(1))


_WAITING = {"letter": "A letter to {}", "phone": "A call to {}", "text": "A text to {}"}


def how_told(complaint: Complaint) -> str:
    """For staff, after an action: how the people written to about this complaint are
    being told (emailed, or a letter or call waiting on the work list)."""
    people = [p for p in recipients(complaint) if p.role != "member"]
    emailed = [p.name for p in people if p.channel == "email" and p.email]
    waiting = [_WAITING.get(p.channel, "A letter to {}").format(p.name) for p in people
               if not (p.channel == "email" and p.email)]
    said = []
    if emailed:
        said.append(f"Emailed {' and '.join(emailed)}.")
    if waiting:
        verb = "is" if len(waiting) == 1 else "are"
        said.append(f"{' and '.join(waiting)} {verb} waiting on Letters and calls to make.")
    return " ".join(said)


_WILL = {"email": "{} will be emailed a link to it.",
         "letter": "A letter to post to {}{} will wait on Letters and calls to make.",
         "phone": "A call to make to {}{} will wait on Letters and calls to make.",
         "text": "A text to send to {}{} will wait on Letters and calls to make."}
_VERB = {"email": "email", "letter": "write to", "phone": "call", "text": "text"}
_DOING = {"email": "email it", "letter": "print it to post", "phone": "call to tell them",
          "text": "text to tell them"}


@dataclass(frozen=True)
class Telling:
    """For staff, before an action: how the people written to will be told."""

    sentence: str  # "Priya Shah will be emailed a link. ..." (may be empty: nobody)
    button: str  # what the send button adds: "email it", "print it to post", ...
    blocked: str | None  # why a letter cannot go yet, and what to do (None: it can)
    contact: str = "tell the resident"  # "email the resident and write to Alex Adviser"


def will_tell(complaint: Complaint) -> Telling:
    """How each person written to about this complaint will be told, in the future tense
    (issue 15, item 11), from the same routing `tell` uses; and whether a letter cannot
    go: someone who asked for letters by post or in large print has no postal address."""
    people = [p for p in recipients(complaint) if p.role != "member"]
    said, doing, blocked, contact = [], [], [], []
    for person in people:
        channel = person.channel if person.channel != "email" or person.email else "letter"
        large = " in large print" if channel == "letter" and person.large_print else ""
        said.append(_WILL.get(channel, _WILL["letter"]).format(person.name, large))
        who = "the resident" if person.role == "resident" else person.name
        contact.append(f"{_VERB[channel]} {who}")
        if _DOING[channel] not in doing:
            doing.append(_DOING[channel])
        if (channel == "letter" or person.large_print) and not person.address_lines:
            asked = "letters in large print" if person.large_print else "letters by post"
            reach = f" on {person.phone}" if person.phone else ""
            blocked.append(
                f"{person.name} asked for {asked} but we have no postal address for them. "
                f"Contact {person.name}{reach} to ask for their address, and have it added "
                "to their account before a letter is sent.")
    sentence = ("When you send it: " + " ".join(said)) if said else ""
    button = " and ".join(doing) if doing else "send it"
    return Telling(sentence, button, " ".join(blocked) or None,
                   " and ".join(contact) or "tell the resident")
