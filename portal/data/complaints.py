"""A complaint and what belongs to it: issues, the append-only event log, contacts,
agreed contact dates, responses, promised actions, the survey (drafts: data.drafts).

Due dates are never stored here: they are derived from the event dates kept here
(received_on, acknowledged_on, ...) by portal.domain.deadlines. The event log
(`events`) is append-only: the ORM refuses to update or delete a row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.accounts import User
    from portal.data.files import Document
    from portal.data.learning import Theme


_UNFLAGGED = {f"{d}_where": text("safeguarding_on IS NULL") for d in ("sqlite", "postgresql")}
_UNFLAGGED_QUEUE = {f"{d}_where": text("safeguarding_on IS NULL AND joined_into_id IS NULL")
                    for d in ("sqlite", "postgresql")}


class Complaint(db.Model):
    __tablename__ = "complaints"
    __table_args__ = (
        # The staff queue sorts, pages and counts on these (services.records.due_index).
        Index("ix_complaints_next_due_on_reference", "next_due_on", "reference"),
        Index("ix_complaints_status_next_due_on", "status", "next_due_on", "joined_into_id"),
        Index("ix_complaints_handler_id_next_due_on", "handler_id", "next_due_on", "status",
              "joined_into_id"),
        Index("ix_complaints_reviewer_id_next_due_on", "reviewer_id", "next_due_on", "status",
              "joined_into_id"),
        # "Assigned to me" counted on the open ones only; the usual tabs counted and paged
        # without the flagged complaints, whose rows a planner need not then visit (023).
        Index("ix_complaints_handler_id_status", "handler_id", "status", "joined_into_id",
              "next_due_on"),
        Index("ix_complaints_reviewer_id_status", "reviewer_id", "status", "joined_into_id",
              "next_due_on"),
        Index("ix_complaints_queue_status", "status", "next_due_on", **_UNFLAGGED_QUEUE),
        Index("ix_complaints_queue_due", "next_due_on", "reference", **_UNFLAGGED),
        Index("ix_complaints_closed_on_reference", "closed_on", "reference"),
        # The queue filtered by category (the handler filter has the index above).
        Index("ix_complaints_category_next_due_on", "category", "next_due_on", "status",
              "joined_into_id"),
        # The reports count a year by these dates (services.reporting), covering (021):
        # the overview's passes read these indexes, never the wide rows. Received,
        # answered at stage 1, by status (open now, withdrawn in the period):
        Index("ix_complaints_reporting_received", "received_on", "status",
              "councillor_enquiry", "joined_into_id", "category", "petition_id",
              "submitted_by_id", "resident_id", "root_cause_id", "stock_type"),
        Index("ix_complaints_reporting_stage1", "stage1_answered_on", "status",
              "councillor_enquiry", "joined_into_id", "stage1_code_due_on", "stage1_due_on",
              "stage1_extended_to", "stage1_code_limit_on", "stock_type"),
        Index("ix_complaints_reporting_status", "status", "joined_into_id", "received_on",
              "closed_on"),
        Index("ix_complaints_stage2_requested_on", "stage2_requested_on"),
        Index("ix_complaints_stage2_sent_on", "stage2_sent_on"),
        CheckConstraint("stock_type IN ('LCRA', 'LCHO')", name="stock_type_known"),
        # Only the joined ones: an index of the NULLs would tempt a planner into reading
        # every complaint for "not joined".
        Index("ix_complaints_joined_into_id", "joined_into_id",
              sqlite_where=text("joined_into_id IS NOT NULL"),
              postgresql_where=text("joined_into_id IS NOT NULL")),
        # The safeguarding tab (a few complaints): only the flagged ones, by next due date.
        Index("ix_complaints_safeguarding_next_due_on", "next_due_on", "reference",
              sqlite_where=text("safeguarding_on IS NOT NULL"),
              postgresql_where=text("safeguarding_on IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default="received", index=True)
    stage: Mapped[int] = mapped_column(Integer, default=1)
    category: Mapped[str] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(60))
    contact_method: Mapped[str] = mapped_column(String(20))
    contact_times: Mapped[str | None] = mapped_column(Text)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    adjustments: Mapped[list[str]] = mapped_column(JSON, default=list)
    adjustments_detail: Mapped[str | None] = mapped_column(Text)
    vulnerability: Mapped[str | None] = mapped_column(Text)
    # "Is anyone's health or safety affected?" (None: made before it was asked) and the
    # resident's own words: a yes flags the complaint to staff as urgent.
    health_risk: Mapped[bool | None] = mapped_column(Boolean)
    health_detail: Mapped[str | None] = mapped_column(Text)
    screening: Mapped[list[str]] = mapped_column(JSON, default=list)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Event dates (facts, not derived): Europe/London dates.
    received_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    received_on: Mapped[date] = mapped_column(Date)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    stage1_extended_to: Mapped[date | None] = mapped_column(Date)
    stage1_sent_on: Mapped[date | None] = mapped_column(Date)
    stage2_requested_on: Mapped[date | None] = mapped_column(Date)
    stage2_acknowledged_on: Mapped[date | None] = mapped_column(Date)
    stage2_extended_to: Mapped[date | None] = mapped_column(Date)
    stage2_sent_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(String(40))
    # Stage 2: the request (reasons optional or required by profile), late requests
    # flagged for a staff decision, never silently refused (SPEC §4, Code 6.12).
    stage2_reasons: Mapped[str | None] = mapped_column(Text)
    stage2_outcome_wanted: Mapped[str | None] = mapped_column(Text)
    stage2_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    stage2_late_reason: Mapped[str | None] = mapped_column(Text)
    stage2_late_decision: Mapped[str | None] = mapped_column(String(20))
    stage2_declined_on: Mapped[date | None] = mapped_column(Date)
    # A third stage where the profile has one (IDS Panel, 002 §6.3-6.4).
    panel_requested_on: Mapped[date | None] = mapped_column(Date)
    panel_meeting_on: Mapped[date | None] = mapped_column(Date)
    panel_met_on: Mapped[date | None] = mapped_column(Date)
    panel_members: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    panel_sent_on: Mapped[date | None] = mapped_column(Date)
    # Building safety on a profile that sends it to the Regulator after stage 1 (IVH 004 §5).
    escalated_to_bsr_on: Mapped[date | None] = mapped_column(Date)
    # Whether staff have confirmed the home is in a higher-risk building (at least 18 m or
    # 7 storeys, at least 2 homes): None until they say. Only then does the Regulator
    # route apply (IVH 004 §5.1; SPEC §2); the resident's word alone does not decide.
    higher_risk_building: Mapped[bool | None] = mapped_column(Boolean)
    # How the stage 1 response reached the resident: "email" or "post" (IVH 004 §5.1
    # counts the review window from when it was received; SPEC §4).
    stage1_delivery: Mapped[str | None] = mapped_column(String(10))
    # Representation and group complaints (SPEC §1, §5).
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    joined_into_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    councillor_enquiry: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A safeguarding concern flagged by a case handler (issue 16 §4): the day and why.
    # It moves the complaint to the queue's safeguarding tab, and no late-complaint time
    # limit applies to it (IVH 004 §3.1).
    safeguarding_on: Mapped[date | None] = mapped_column(Date)
    safeguarding_reason: Mapped[str | None] = mapped_column(Text)
    # Made in confidence (southern-2022 "Anonymous complaints"): who made it is seen only
    # by the officer who received it (`received_by_id`, when staff logged it) and the
    # complaints team ("see_confidential_identity"), until the resident lets us disclose
    # it (`identity_disclosed_on`, an event). services.records.confidence decides.
    in_confidence: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    identity_disclosed_on: Mapped[date | None] = mapped_column(Date)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The service request this complaint is about, when it follows one (Code 1.4-1.6).
    # (use_alter: service_requests also points here, so neither table comes first)
    service_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_requests.id", use_alter=True), index=True)
    # The read model (services.records.due_index): the next due date and what it is, kept
    # in step with every change in the same transaction, so lists sort in the database.
    # What people see is still worked out by the deadline engine on each request.
    next_due_on: Mapped[date | None] = mapped_column(Date)
    next_due_key: Mapped[str | None] = mapped_column(String(40))
    # The home's stock type for the Regulator's measures: low-cost rental (LCRA) or
    # low-cost home ownership (LCHO).
    stock_type: Mapped[str] = mapped_column(String(4), default="LCRA", server_default="LCRA")
    # The root cause a handler gives it, from the managers' list (the learning log).
    root_cause_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    # The reporting read model (services.records.report_index), kept in step like
    # next_due_on: when stage 1 was answered (the response, or the day it was resolved at
    # first contact), the Code's due dates and latest extended dates (CH02 always measures
    # against the Code), and the profile's own due dates, extensions included.
    stage1_answered_on: Mapped[date | None] = mapped_column(Date)
    acknowledge_code_due_on: Mapped[date | None] = mapped_column(Date)
    stage1_code_due_on: Mapped[date | None] = mapped_column(Date)
    stage1_code_limit_on: Mapped[date | None] = mapped_column(Date)
    stage1_due_on: Mapped[date | None] = mapped_column(Date)
    stage2_code_due_on: Mapped[date | None] = mapped_column(Date)
    stage2_code_limit_on: Mapped[date | None] = mapped_column(Date)
    stage2_due_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    resident: Mapped[User] = relationship(foreign_keys=[resident_id])
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    issues: Mapped[list[Issue]] = relationship(
        back_populates="complaint", order_by="Issue.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="complaint", order_by="Event.id", viewonly=True
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="complaint", order_by="Document.id", viewonly=True
    )
    agreed_contacts: Mapped[list[AgreedContact]] = relationship(
        order_by="AgreedContact.due_on", viewonly=True
    )
    contacts: Mapped[list[ContactLog]] = relationship(
        order_by="ContactLog.happened_at", viewonly=True
    )
    root_cause: Mapped[Theme | None] = relationship(viewonly=True)
    # The communal complaint this one was joined into (lists load it with the complaint).
    joined_into: Mapped[Complaint | None] = relationship(
        foreign_keys=[joined_into_id], remote_side="Complaint.id", viewonly=True
    )

    __mapper_args__ = {"version_id_col": version}

class Issue(db.Model):
    """One issue of a complaint; each gets its own decision."""

    __tablename__ = "issues"
    __table_args__ = (
        CheckConstraint(
            "decision IS NULL OR decision IN ('upheld', 'partially_upheld', 'not_upheld')",
            name="decision_known",
        ),
        # The reports count decisions per issue from the index alone (services.reporting).
        Index("ix_issues_complaint_id_decisions", "complaint_id", "decision",
              "stage2_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[date | None] = mapped_column(Date)
    aware_on: Mapped[date | None] = mapped_column(Date)
    outcome_wanted: Mapped[str] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[str | None] = mapped_column(Text)
    # Stage 2: what remains unresolved and the outcome now wanted; the stage 2
    # definition and decision (the stage 1 ones above are kept as they were).
    stage2_unresolved: Mapped[str | None] = mapped_column(Text)
    stage2_outcome_wanted: Mapped[str | None] = mapped_column(Text)
    stage2_definition: Mapped[str | None] = mapped_column(Text)
    stage2_decision: Mapped[str | None] = mapped_column(String(20))
    stage2_reasons: Mapped[str | None] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship(back_populates="issues")

class Event(db.Model):
    """Append-only log: who did what, when. Names are in the past tense."""

    __tablename__ = "events"
    __table_args__ = (
        # The overview counts the extensions made in a period (services.reporting).
        Index("ix_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(60))
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    complaint: Mapped[Complaint | None] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

@event.listens_for(Event, "before_update")
def _events_are_append_only_update(_mapper, _connection, target):
    raise PermissionError("Events are append-only: they cannot be changed")

@event.listens_for(Event, "before_delete")
def _events_are_append_only_delete(_mapper, _connection, target):
    raise PermissionError("Events are append-only: they cannot be deleted")

class ContactLog(db.Model):
    """A contact that happened: phone call, email, letter, visit or meeting."""

    __tablename__ = "contact_logs"
    __table_args__ = (Index("ix_contact_logs_complaint_id_happened_at", "complaint_id",
                            "happened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    happened_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    method: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    by: Mapped[User] = relationship()

class AgreedContact(db.Model):
    """A date the handler agreed to be in touch, and how; kept or missed."""

    __tablename__ = "agreed_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(20))
    agreed_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    agreed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    agreed_by: Mapped[User] = relationship()

class Response(db.Model):
    """A written response (stage 1, stage 2, Panel) or a refusal letter, issued once."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("complaint_id", "stage", "kind"),
        # The reports find the refusals without reading every response.
        Index("ix_responses_kind_complaint_id", "kind", "complaint_id"),
        # The compensation offered in a period: only the responses that offered some.
        Index("ix_responses_compensation_issued_at", "issued_at", "complaint_id",
              "compensation", "compensation_offset",
              sqlite_where=text("compensation IS NOT NULL"),
              postgresql_where=text("compensation IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="response")
    issued_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Filled from content on insert (data.remedies) for the reports: £ offered, offset?
    compensation: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    compensation_offset: Mapped[bool | None] = mapped_column(Boolean)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    large_print_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    document: Mapped[Document] = relationship(foreign_keys=[document_id])
    large_print_document: Mapped[Document | None] = relationship(
        foreign_keys=[large_print_document_id]
    )

ACTION_KINDS = ("promised", "ombudsman_order", "ombudsman_recommendation")


class Action(db.Model):
    """Something promised in a response, or ordered or recommended by the Housing
    Ombudsman (IVH 004 §7.2), tracked to completion (Code 6.6, 7.3)."""

    __tablename__ = "actions"
    __table_args__ = (
        # The list at /staff/actions pages on it (services.actions.tracking).
        Index("ix_actions_done_on_due_on_id", "done_on", "due_on", "id"),
        # Its "all" tab: every action, soonest due first, walked in order to the page.
        Index("ix_actions_due_on_id", "due_on", "id"),
        # Its Ombudsman tab: the orders and recommendations only.
        Index("ix_actions_kind_done_on_due_on_id", "kind", "done_on", "due_on", "id"),
        CheckConstraint(
            "kind IN ('promised', 'ombudsman_order', 'ombudsman_recommendation')",
            name="action_kind_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30), default="promised",
                                      server_default="promised")
    # What was done, as written when it was marked done: for an Ombudsman order, the
    # evidence of compliance.
    evidence: Mapped[str | None] = mapped_column(Text)

class SurveyResponse(db.Model):
    """Satisfied or not on closure, and the short optional survey, once per complaint."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
