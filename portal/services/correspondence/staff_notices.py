"""Emails to staff about their own work, written in the caller's transaction.

`assigned_to_you`: when a complaint is given to a case handler (acknowledging it, or a
change of handler) or to a reviewer (acknowledging a review, or a change of reviewer),
they are told, with a link to the complaint and what is due next; nobody is told about
a complaint they gave to themselves. The subject carries no personal detail.
"""

from __future__ import annotations

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import is_contactable
from portal.services.records.deadlines import next_due

ROLE_WORDS = {
    "handler": "the case handler",
    "reviewer": "the reviewer (stage 2)",
}


def assigned_to_you(actor: User, complaint: Complaint, person: User, role: str,
                    reason: str | None = None) -> None:
    """Tell `person` they are now `role` ("handler" or "reviewer") of this complaint."""
    if person.id == actor.id or not person.is_active or not is_contactable(person):
        return
    due = next_due(complaint)
    queue_email(person.email, "assigned_to_you", "A complaint has been assigned to you", {
        "name": person.name,
        "reference": complaint.reference,
        "role": ROLE_WORDS[role],
        "assigned_by": actor.name,
        "reason": reason,
        "due": due,
        "url": external_url("staff.complaint", reference=complaint.reference),
    }, complaint_id=complaint.id)


def safeguarding_flagged(actor: User, complaint: Complaint, lead: User) -> None:
    """Tell a safeguarding lead a complaint was flagged (not the one who flagged it)."""
    if lead.id == actor.id or not is_contactable(lead):
        return
    queue_email(lead.email, "safeguarding_flagged", "A complaint raises a safeguarding concern", {
        "name": lead.name,
        "reference": complaint.reference,
        "flagged_by": actor.name,
        "reason": complaint.safeguarding_reason,
        "url": external_url("staff.complaint", reference=complaint.reference),
    }, complaint_id=complaint.id)


def named_contact_told(complaint: Complaint, named_contact_id: int | None) -> None:
    """The person wrote to us through the portal while a restriction names one contact:
    that member of staff is told (issue 16 §1; the subject carries no personal detail)."""
    if named_contact_id is None:
        return
    person = db.session.get(User, named_contact_id)
    if person is None or not person.is_active or not is_contactable(person):
        return
    queue_email(person.email, "named_contact_message",
                "A person you are the named contact for has written to us", {
                    "name": person.name, "reference": complaint.reference,
                    "url": external_url("staff.complaint", reference=complaint.reference),
                }, complaint_id=complaint.id)
