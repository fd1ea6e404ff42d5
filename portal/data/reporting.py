"""Figures the portal cannot know from its own records, entered by an administrator:
the homes owned per stock type (dated), and the annual tenant survey's TP09 result; and
the annual report (Code section 8): a draft, then the published PDF, stored once."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.data.db import UTC_TIME, db, utcnow


class HomesFigure(db.Model):
    """How many homes of a stock type the landlord owned on a date (CH01's divisor)."""

    __tablename__ = "homes_figures"
    __table_args__ = (
        UniqueConstraint("stock_type", "on_date"),
        CheckConstraint("stock_type IN ('LCRA', 'LCHO')", name="homes_stock_type_known"),
        CheckConstraint("count >= 0", name="homes_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stock_type: Mapped[str] = mapped_column(String(4))
    count: Mapped[int] = mapped_column(Integer)
    on_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)


class Tp09Result(db.Model):
    """TP09, satisfaction with complaint handling, from the landlord's own annual tenant
    survey (not the portal): the percentage satisfied, per reporting year."""

    __tablename__ = "tp09_results"
    __table_args__ = (
        CheckConstraint("percent >= 0 AND percent <= 100", name="tp09_percent_range"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    percent: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    respondents: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)


class AnnualReport(db.Model):
    """The draft of a year's annual complaints performance and service improvement report
    (Code section 8): the self-assessment rows, the service improvements, Ombudsman
    determinations and the governing body's response, as edited by the manager."""

    __tablename__ = "annual_reports"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assessment: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    improvements: Mapped[str | None] = mapped_column(Text)
    determinations: Mapped[str | None] = mapped_column(Text)
    governing_body_response: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PublishedReport(db.Model):
    """A published annual report: its PDF stored once (stored_files, by SHA-256), never
    changed; one per year."""

    __tablename__ = "published_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    # CH01/CH02 as published (`flask reports tsm --json`'s object), shown on the public
    # performance page: the figures the report states, not a later recount.
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
