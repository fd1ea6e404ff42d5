"""The annual complaints performance and service improvement report (Code section 8):
the year's figures and CH01/CH02, the types of complaint refused, the service
improvements, Ombudsman determinations, and the self-assessment against the Code, one
row per provision, pre-filled from what the portal can show and edited by the manager.
A draft is saved and edited as often as needed; publishing renders it once through the
letters path (WeasyPrint, tagged PDF) and stores it once with its SHA-256, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm.exc import StaleDataError

from portal.data.db import db
from portal.data.models import (
    AnnualReport,
    Complaint,
    Document,
    PublishedReport,
    StoredFile,
    User,
)
from portal.domain import reporting as rules
from portal.domain.code_check import departures
from portal.domain.self_assessment import PROVISIONS, SECTIONS
from portal.services.correspondence import letters
from portal.services.records.casework import CaseworkError, require_allowed
from portal.services.records.clock import today
from portal.services.records.documents import Checked, add_document
from portal.services.records.policy import current_profile
from portal.services.reporting import figures, learning, overview, refusals, remedies, tsm

C = Complaint
ANSWERS = ("yes", "partly", "no")
LONG = 5_000


def _percent(part: int, whole: int) -> str:
    shown = rules.percentage(part, whole)
    return "no cases this year" if shown is None else f"{shown:.1f}% ({part} of {whole})"


def evidence(year: rules.ReportingYear) -> dict[str, str]:
    """What the portal can show for each provision it has records of (a few grouped
    queries), by provision."""
    counts = tsm.counts(year)
    total = rules.Counts()
    for found in counts.values():
        total = total + found
    acknowledged = db.session.execute(select(
        func.count(), func.coalesce(func.sum(case(
            (C.acknowledged_on <= C.acknowledge_code_due_on, 1), else_=0)), 0))
        .where(tsm.received(1, year), C.acknowledged_on.is_not(None),
               C.acknowledge_code_due_on.is_not(None))).one()
    refused = sum(n for _, n in refusals.by_reason(year))
    out = {
        "6.2": "Acknowledged within 5 working days: "
               f"{_percent(acknowledged[1], acknowledged[0])}.",
        "6.3": "Stage 1 responses within the original timescale: "
               f"{_percent(total.stage1_within_original, total.stage1_responses)}.",
        "6.4-6.5": "Stage 1 responses within a valid extension: "
                   f"{_percent(total.stage1_within_extension, total.stage1_responses)}; "
                   "every extension is told to the resident with the reason, the new date "
                   "and the Ombudsman's details (recorded in the timeline).",
        "6.14": "Stage 2 responses within the original timescale: "
                f"{_percent(total.stage2_within_original, total.stage2_responses)}.",
        "6.15-6.16": "Stage 2 responses within a valid extension: "
                     f"{_percent(total.stage2_within_extension, total.stage2_responses)}.",
        "2.4-2.5": f"{refused} refusal reasons given this year, each in a letter with the "
                   "right to go to the Ombudsman.",
        "6.13": "The portal does not let anyone involved at stage 1 review at stage 2.",
        "5.12": "Every change to a complaint is an append-only event; every letter is "
                "stored once with its SHA-256.",
        "8.1-8.2": "This report.",
    }
    for departure in departures(current_profile()):
        for provision in PROVISIONS:
            if provision.covers(departure.section):
                out[provision.ref] = (out.get(provision.ref, "") + " Our policy departs "
                                      f"from the Code: {departure}").strip()
    return out


def prefilled(year: rules.ReportingYear) -> list[dict]:
    found = evidence(year)
    departs = {p.ref for p in PROVISIONS for d in departures(current_profile())
               if p.covers(d.section)}
    return [{"ref": p.ref, "complies": "no" if p.ref in departs else "",
             "evidence": found.get(p.ref, ""), "commentary": ""} for p in PROVISIONS]


@dataclass(frozen=True)
class Draft:
    year: rules.ReportingYear
    rows: list[dict]  # ref, complies, evidence, commentary; with the provision
    improvements: str
    determinations: str
    governing_body_response: str
    version: int | None
    published: PublishedReport | None


def draft(actor: User, first_year: int) -> Draft:
    require_allowed(actor, "reports")
    year = figures.year(first_year)
    saved = db.session.get(AnnualReport, first_year)
    rows = saved.assessment if saved is not None else prefilled(year)
    by_ref = {row["ref"]: row for row in rows}
    rows = [{**by_ref.get(p.ref, {"ref": p.ref, "complies": "", "evidence": "",
                                    "commentary": ""}), "provision": p,
             "section": SECTIONS[p.section]} for p in PROVISIONS]
    published = db.session.scalar(select(PublishedReport).where(
        PublishedReport.year == first_year))
    return Draft(year, rows, (saved.improvements or "") if saved else "",
                 (saved.determinations or "") if saved else "",
                 (saved.governing_body_response or "") if saved else "",
                 saved.version if saved else None, published)


def save(actor: User, first_year: int, *, rows: dict[str, dict], improvements: str,
         determinations: str, governing_body_response: str, version: int | None) -> None:
    """Save the draft; `version` is the one the person saw (None for a new draft)."""
    require_allowed(actor, "edit_annual_report")
    if db.session.scalar(select(PublishedReport.id).where(PublishedReport.year == first_year)):
        raise CaseworkError("This year's report is published and cannot be changed")
    assessment = []
    for provision in PROVISIONS:
        row = rows.get(provision.ref, {})
        complies = row.get("complies") or ""
        if complies not in ("", *ANSWERS):
            raise CaseworkError(f"Choose yes, partly or no for {provision.ref}",
                                f"complies-{provision.ref}")
        assessment.append({"ref": provision.ref, "complies": complies,
                           "evidence": (row.get("evidence") or "")[:LONG],
                           "commentary": (row.get("commentary") or "")[:LONG]})
    try:
        saved = db.session.get(AnnualReport, first_year)
        if saved is None:
            if version is not None:
                raise CaseworkError("Someone else changed this report: check it, then save "
                                    "again")
            saved = AnnualReport(year=first_year)
            db.session.add(saved)
        elif version != saved.version:
            raise CaseworkError("Someone else changed this report: check it, then save again")
        saved.assessment = assessment
        saved.improvements = improvements[:LONG * 4]
        saved.determinations = determinations[:LONG * 4]
        saved.governing_body_response = governing_body_response[:LONG * 4]
        saved.updated_by_id = actor.id
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise CaseworkError("Someone else changed this report: check it, then save again") \
            from error
    except BaseException:
        db.session.rollback()
        raise


def context(found: Draft) -> dict:
    report = tsm.tsm(found.year.start.year)
    period = rules.Period(found.year.start, found.year.end)
    return {"landlord": current_app.config["PORTAL"], "draft": found, "tsm": report,
            "year": found.year, "refused": refusals.by_reason(period),
            "tp09": figures.tp09(found.year.start.year), "issued_on": today(),
            "sections": SECTIONS, "profile": current_profile(),
            "by_theme": learning.by_theme(period),
            "charts": _charts(found.year, period),
            "improvements_done": learning.done_in(period),
            "compensation": remedies.compensation(period), "paid": remedies.paid(period)}


def _charts(year: rules.ReportingYear, period: rules.Period) -> dict:
    """The pictures the report shows (the same server-drawn SVG as the reports pages):
    the year month by month, and complaints by root cause."""
    received, _answered, within = overview.trend(year.end, months=12)
    themes = learning.by_theme(period)
    return {"received": received, "within": within,
            "themes": overview.series_of("themes", "Complaints received by root cause",
                                         themes)}


def render(found: Draft) -> bytes:
    return letters.render_pdf("documents/annual_report.html", context(found))


def publish(actor: User, first_year: int) -> PublishedReport:
    """Render the saved draft once and store it, with its SHA-256, for good."""
    require_allowed(actor, "edit_annual_report")
    if db.session.get(AnnualReport, first_year) is None:
        raise CaseworkError("Save the draft before publishing it")
    found = draft(actor, first_year)
    if found.published is not None:
        raise CaseworkError("This year's report is already published")
    try:
        pdf = render(found)
    except Exception as error:
        current_app.logger.exception("annual report %s failed", first_year)
        raise CaseworkError("The report could not be created. Nothing has been published. "
                            "Try again.") from error
    try:
        document = add_document(kind="annual_report", checked=Checked(
            f"complaints-annual-report-{found.year.label.replace('/', '-')}.pdf",
            "application/pdf", pdf), uploaded_by_id=actor.id, internal=False)
        stored = db.session.get(StoredFile, document.file_id)
        published = PublishedReport(year=first_year, document_id=document.id,
                                    sha256=stored.sha256, published_by_id=actor.id,
                                    figures=tsm.tsm(first_year).as_json())
        db.session.add(published)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return published


def pdf_of(actor: User, first_year: int) -> tuple[bytes, str] | None:
    """The published PDF's bytes and file name, as stored."""
    require_allowed(actor, "reports")
    return public_pdf(first_year)


# -- the public performance page: anyone may read what has been published ---------------------


@dataclass(frozen=True)
class Published:
    year: int
    label: str
    figures: dict
    sha256: str
    published_at: object


def published_reports() -> list[Published]:
    """Every published year, newest first (a few rows: one a year)."""
    rows = db.session.scalars(select(PublishedReport).order_by(PublishedReport.year.desc()))
    return [Published(r.year, figures.year(r.year).label, r.figures or {}, r.sha256,
                      r.published_at) for r in rows]


def public_pdf(first_year: int) -> tuple[bytes, str] | None:
    """A published report's PDF, as stored: published reports are public."""
    row = db.session.execute(
        select(StoredFile.data, Document.filename).join(Document, Document.file_id ==
                                                        StoredFile.id)
        .join(PublishedReport, PublishedReport.document_id == Document.id)
        .where(PublishedReport.year == first_year)).first()
    return (row[0], row[1]) if row else None
