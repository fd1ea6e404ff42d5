"""The schema in one import: every table, for services, migrations and tests.

Instants are `*_at` (UTC); Europe/London dates are `*_on`. One module per aggregate:
accounts (people, sign-in limits), calendar (closure days; the bank holidays the
stored due dates were worked out with), complaints (a complaint and all that belongs
to it), drafts (before it is sent; reference counters), files (stored files and
documents), correspondence (outbox, work list, notices given once), representation
(authority, petitions).
"""

from portal.data.accounts import ThrottleHit, User
from portal.data.anonymous import AnonymousReport
from portal.data.calendar import CalendarMark, ClosureDay
from portal.data.complaints import (
    Action,
    AgreedContact,
    Complaint,
    ContactLog,
    Event,
    Issue,
    Response,
    SurveyResponse,
)
from portal.data.correspondence import ContactTask, OutboxMessage, SentNotice
from portal.data.db import UTC_TIME, utcnow
from portal.data.drafts import Counter, Draft
from portal.data.files import Document, StoredFile
from portal.data.learning import Improvement, Setting, Theme, improvement_complaints
from portal.data.ombudsman import OmbudsmanCase
from portal.data.remedies import CompensationPayment
from portal.data.reporting import AnnualReport, HomesFigure, PublishedReport, Tp09Result
from portal.data.representation import Authority, Petition, Signature
from portal.data.restrictions import Restriction, RestrictionEvent
from portal.data.service_requests import ServiceRequest
from portal.data.staff_drafts import StaffDraft

__all__ = [
    "UTC_TIME", "Action", "AgreedContact", "AnnualReport", "AnonymousReport", "Authority",
    "CalendarMark", "ClosureDay", "CompensationPayment", "Complaint", "ContactLog",
    "ContactTask", "Counter",
    "Document", "Draft", "Event", "HomesFigure", "Improvement", "Issue", "OmbudsmanCase",
    "OutboxMessage", "Petition", "PublishedReport", "Response", "Restriction",
    "RestrictionEvent", "SentNotice", "ServiceRequest", "Setting", "Signature", "StaffDraft",
    "StoredFile", "SurveyResponse", "Theme", "ThrottleHit", "Tp09Result", "User",
    "improvement_complaints", "utcnow",
]
