"""Who may see what: one place, applied in the query itself.

A resident sees only complaints where they are the resident. Staff see all
complaints, and what they may do is decided by role (domain.permissions).
Representatives' verified authority is added here when that work lands.
Anything not visible is a 404, never a 403, so a URL reveals nothing.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from portal.data.db import db
from portal.data.models import Complaint, Document, User


def visible_complaints(user: User) -> Select:
    query = select(Complaint)
    if user.is_staff:
        return query
    return query.where(Complaint.resident_id == user.id)


def complaint_for(user: User, reference: str) -> Complaint:
    complaint = db.session.scalar(
        visible_complaints(user).where(Complaint.reference == reference)
    )
    if complaint is None:
        abort(404)
    return complaint


def document_for(user: User, complaint: Complaint, document_id: int) -> Document:
    """A document of a complaint the user can see; internal ones for staff only."""
    query = select(Document).where(
        Document.id == document_id, Document.complaint_id == complaint.id
    )
    if not user.is_staff:
        query = query.where(Document.internal.is_(False))
    document = db.session.scalar(query)
    if document is None:
        abort(404)
    return document
