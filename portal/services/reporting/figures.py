"""The figures an administrator enters: homes owned per stock type (dated) and TP09 from
the annual tenant survey; and the reporting settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, HomesFigure, Tp09Result
from portal.domain import reporting as rules
from portal.services.records import events
from portal.services.records.casework import require_allowed


class FigureError(ValueError):
    """A figure that cannot be stored, with the field to put right."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def settings() -> rules.Settings:
    return rules.Settings(count_withdrawn=current_app.config["PORTAL"].reports_count_withdrawn)


def year(first_year: int) -> rules.ReportingYear:
    month, day = rules.parse_year_start(current_app.config["PORTAL"].reporting_year_start)
    return rules.reporting_year(first_year, month, day)


def year_of(day: date) -> rules.ReportingYear:
    month, first = rules.parse_year_start(current_app.config["PORTAL"].reporting_year_start)
    return rules.year_containing(day, month, first)


def set_homes(stock_type: str, count: int, on: date) -> HomesFigure:
    """Record (or correct) the homes of a stock type owned on a date."""
    if stock_type not in rules.STOCK_TYPES:
        raise FigureError("Choose LCRA or LCHO", "stock_type")
    if count is None or count < 0:
        raise FigureError("Enter the number of homes, 0 or more", "count")
    try:
        found = db.session.scalar(select(HomesFigure).where(
            HomesFigure.stock_type == stock_type, HomesFigure.on_date == on))
        if found is None:
            found = HomesFigure(stock_type=stock_type, count=count, on_date=on)
            db.session.add(found)
        else:
            found.count = count
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return found


def homes_figures() -> list[HomesFigure]:
    """Every dated figure (a few a year), newest first."""
    return list(db.session.scalars(select(HomesFigure).order_by(
        HomesFigure.on_date.desc(), HomesFigure.stock_type)))


def homes_on(day: date) -> dict[str, int]:
    """Per stock type, the latest figure on or before `day` (one query per type)."""
    found = {}
    for kind in rules.STOCK_TYPES:
        count = db.session.scalar(select(HomesFigure.count).where(
            HomesFigure.stock_type == kind, HomesFigure.on_date <= day)
            .order_by(HomesFigure.on_date.desc()).limit(1))
        if count is not None:
            found[kind] = count
    return found


def set_tp09(first_year: int, percent: str | Decimal, respondents: int | None = None,
             actor=None) -> Tp09Result:
    """TP09 for the reporting year starting in `first_year` (an administrator in the
    portal, `actor`; or the command line)."""
    if actor is not None:
        require_allowed(actor, "manage_report_figures")
    if not 2000 <= first_year <= 2100:
        raise FigureError("Enter the year the reporting year starts in, like 2026", "year")
    try:
        value = Decimal(str(percent)).quantize(Decimal("0.1"))
    except InvalidOperation as error:
        raise FigureError("Enter TP09 as a percentage, like 71.4", "percent") from error
    if not Decimal(0) <= value <= Decimal(100):
        raise FigureError("Enter TP09 as a percentage between 0 and 100", "percent")
    try:
        found = db.session.get(Tp09Result, first_year)
        if found is None:
            found = Tp09Result(year=first_year, percent=value, respondents=respondents)
            db.session.add(found)
        else:
            found.percent, found.respondents = value, respondents
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return found


def tp09(first_year: int) -> Tp09Result | None:
    return db.session.get(Tp09Result, first_year)


def set_stock_type(reference: str, stock_type: str, actor=None) -> bool:
    """Record the stock type of a complaint's home (for CH01 per stock type), with an
    internal event; False when it already was. Raises FigureError for an unknown
    reference or stock type. `actor`: the administrator in the portal."""
    if actor is not None:
        require_allowed(actor, "manage_report_figures")
    if stock_type not in rules.STOCK_TYPES:
        raise FigureError("Choose LCRA or LCHO", "stock_type")
    try:
        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        if complaint is None:
            raise FigureError(f"No complaint {reference}", "reference")
        if complaint.stock_type == stock_type:
            return False
        previous = complaint.stock_type
        complaint.stock_type = stock_type
        events.record(complaint, "stock_type_set", f"Home's stock type set to {stock_type} "
                      f"({rules.STOCK_TYPES[stock_type]})", actor, internal=True,
                      stock_type=stock_type, previous=previous)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return True
