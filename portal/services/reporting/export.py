"""Exports of a filtered list of complaints, one row per complaint (dates, the Code's
timeliness, outcomes per issue, compensation offered and paid), as CSV or XLSX (openpyxl,
write-only), for the Regulator's return and benchmarking. The rows come from one SQL
query, streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from portal.data.db import db
from portal.data.models import CompensationPayment, Complaint, Issue, Response, User
from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.services.records.casework import require_allowed
from portal.services.reporting.tsm import within_extension, within_original

C = Complaint
FORMATS = ("csv", "xlsx")
# openpyxl writes about a thousand rows a second on a busy two-core server: a larger
# XLSX would outlast a web request, so the pages offer CSV (or `flask reports export`).
XLSX_WEB_LIMIT = 10_000

COLUMNS = [
    "reference", "received_on", "category", "stock_type", "channel", "status", "stage",
    "handler", "acknowledged_on", "stage1_answered_on", "stage1_code_due_on",
    "stage1_extended_to", "stage1_against_code", "stage1_due_on_our_policy",
    "stage2_requested_on", "stage2_sent_on", "stage2_code_due_on", "stage2_extended_to",
    "stage2_against_code", "closed_on", "closed_reason", "issues", "upheld",
    "partially_upheld", "not_upheld", "compensation_offered", "compensation_paid",
]


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    category: str | None = None
    stock_type: str | None = None
    state: str | None = None  # "open" or "closed"

    @property
    def period(self) -> rules.Period:
        return rules.Period(self.start, self.end)


def channel():
    """How the complaint came: a petition, a representative, or the resident."""
    return case((C.petition_id.is_not(None), "petition"),
                (C.submitted_by_id != C.resident_id, "representative"), else_="resident")


def _against_code(stage: int):
    answered = C.stage1_answered_on if stage == 1 else C.stage2_sent_on
    due = C.stage1_code_due_on if stage == 1 else C.stage2_code_due_on
    return case((answered.is_(None) | due.is_(None), None),
                (within_original(stage), "within"),
                (within_extension(stage), "within a valid extension"), else_="late")


def where(filters: Filters):
    rule = C.received_on.between(filters.start, filters.end)
    if filters.category:
        rule = and_(rule, C.category == filters.category)
    if filters.stock_type:
        rule = and_(rule, C.stock_type == filters.stock_type)
    if filters.state == "open":
        rule = and_(rule, C.status.in_(lifecycle.OPEN))
    elif filters.state == "closed":
        rule = and_(rule, C.status.not_in(lifecycle.OPEN))
    return rule


def count(filters: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(C).where(where(filters))) or 0


def rows(filters: Filters) -> Iterator[tuple]:
    decided = (select(Issue.complaint_id.label("complaint_id"), func.count().label("issues"),
                      func.sum(case((Issue.decision == "upheld", 1), else_=0)).label("up"),
                      func.sum(case((Issue.decision == "partially_upheld", 1), else_=0))
                      .label("part"),
                      func.sum(case((Issue.decision == "not_upheld", 1), else_=0)).label("not_"))
               .join(C, C.id == Issue.complaint_id).where(where(filters))
               .group_by(Issue.complaint_id).subquery())
    # Read along the partial index of the responses that offered compensation (and the
    # small payments table), not by way of each complaint's responses.
    offered = (select(Response.complaint_id.label("complaint_id"),
                      func.sum(Response.compensation).label("offered"))
               .where(Response.compensation > 0)
               .group_by(Response.complaint_id).subquery())
    paid = (select(CompensationPayment.complaint_id.label("complaint_id"),
                   func.sum(CompensationPayment.amount).label("paid"))
            .group_by(CompensationPayment.complaint_id).subquery())
    handler = aliased(User)
    query = (select(C.reference, C.received_on, C.category, C.stock_type, channel(), C.status,
                    C.stage, handler.name, C.acknowledged_on, C.stage1_answered_on,
                    C.stage1_code_due_on, C.stage1_extended_to, _against_code(1),
                    C.stage1_due_on, C.stage2_requested_on, C.stage2_sent_on,
                    C.stage2_code_due_on, C.stage2_extended_to, _against_code(2), C.closed_on,
                    C.closed_reason, func.coalesce(decided.c.issues, 0),
                    func.coalesce(decided.c.up, 0), func.coalesce(decided.c.part, 0),
                    func.coalesce(decided.c.not_, 0), offered.c.offered,
                    case((offered.c.offered.is_not(None), func.coalesce(paid.c.paid, 0)),
                         else_=paid.c.paid))
             .select_from(C).outerjoin(handler, handler.id == C.handler_id)
             .outerjoin(decided, decided.c.complaint_id == C.id)
             .outerjoin(offered, offered.c.complaint_id == C.id)
             .outerjoin(paid, paid.c.complaint_id == C.id)
             .where(where(filters)).order_by(C.received_on, C.id)
             .execution_options(yield_per=2000))
    for row in db.session.execute(query):
        yield tuple(row)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_csv(filters: Filters) -> str:
    return table_csv(COLUMNS, rows(filters))


def table_xlsx(title: str, header: list[str], body: Iterator[tuple] | list) -> bytes:
    """Any table as an XLSX workbook of one sheet (dates as dates)."""
    from openpyxl import Workbook  # only when a spreadsheet is asked for: ~10 MB a worker

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for row in body:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_csv(header: list[str], body) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in body:
        writer.writerow([_text(v) for v in row])
    return out.getvalue()


def as_xlsx(filters: Filters) -> bytes:
    return table_xlsx("Complaints", COLUMNS, rows(filters))


def export_for(actor: User, filters: Filters, kind: str) -> bytes:
    """An export for someone allowed to see the reports."""
    require_allowed(actor, "reports")
    return export(filters, kind)


def export(filters: Filters, kind: str) -> bytes:
    if kind not in FORMATS:
        raise ValueError(f"format must be csv or xlsx, not {kind!r}")
    return as_csv(filters).encode("utf-8") if kind == "csv" else as_xlsx(filters)
