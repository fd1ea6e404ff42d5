"""Restrictions for unreasonable behaviour (ISHA 001 §4; IDS 002 §10.1-10.6;
southern-2022 "Unreasonable customer behaviour"; SPEC §7; issue 16 §1).

A complaints manager proposes a restriction on a person (not a complaint), from one of
their complaints, whose policy profile says who decides it and how often it is reviewed.
Until the role the profile names approves it, it has no effect. On approval, and after
each review, the person is told in writing (a letter, by email or a letter to post)
unless staff record that telling them would create a greater risk (IDS 002 §10.4).
While it is in force every staff page about the person shows it; it never stops a
complaint being made (an appeal is itself a complaint, IDS 002 §10.6)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.data.db import db, utcnow
from portal.data.models import Complaint, Restriction, RestrictionEvent, User
from portal.domain import ombudsman
from portal.domain import restrictions as rules
from portal.domain.permissions import STAFF_ROLES, can_approve_restriction
from portal.services.correspondence.letter_files import download_url, store_letters
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import address_lines, real_email, resident_channel
from portal.services.correspondence.tell import post_letter
from portal.services.records.casework import (
    CaseworkError,
    NotAllowed,
    handlers,
    long_date,
    require_allowed,
    required_text,
    today,
)
from portal.services.records.paging import Page, paged
from portal.services.records.policy import profiles

CONFLICT = "Someone else changed this restriction while you were working on it. Check it again"
OPEN_STATUSES = ("proposed", "active")


def rule_for(complaint_or_restriction) -> object:
    """The profile's restriction rule (approver, review period, citation)."""
    return profiles()[complaint_or_restriction.profile].restriction_rule


def approver_words(restriction: Restriction) -> str:
    return STAFF_ROLES.get(rule_for(restriction).approver, "")


# -- reading ---------------------------------------------------------------------------------


def in_force(person_id: int, on: date | None = None) -> Restriction | None:
    """The person's restriction in force today (approved, started), or None. One query."""
    return db.session.scalar(
        select(Restriction).where(Restriction.person_id == person_id,
                                  Restriction.status == "active",
                                  Restriction.starts_on <= (on or today()))
        .order_by(Restriction.id.desc()).limit(1))


def open_for(person_id: int) -> Restriction | None:
    """The person's restriction proposed or approved (at most one at a time)."""
    return db.session.scalar(
        select(Restriction).where(Restriction.person_id == person_id,
                                  Restriction.status.in_(OPEN_STATUSES))
        .order_by(Restriction.id.desc()).limit(1))


def get(actor: User, restriction_id: int) -> Restriction:
    require_allowed(actor, "view_restrictions")
    found = db.session.get(Restriction, restriction_id)
    if found is None:
        raise LookupError(restriction_id)
    return found


def history(restriction: Restriction) -> list[RestrictionEvent]:
    return list(db.session.scalars(
        select(RestrictionEvent).options(selectinload(RestrictionEvent.actor))
        .where(RestrictionEvent.restriction_id == restriction.id)
        .order_by(RestrictionEvent.at, RestrictionEvent.id)))


def listing(actor: User, status: str | None = None, page=1) -> Page[Restriction]:
    """Restrictions for staff, soonest review first, paged in the database."""
    require_allowed(actor, "view_restrictions")
    query = select(Restriction).options(joinedload(Restriction.person))
    if status in rules.STATUSES:
        query = query.where(Restriction.status == status)
    return paged(query.order_by(Restriction.status, Restriction.review_on, Restriction.id), page)


def may_decide(actor: User, restriction: Restriction) -> bool:
    return (restriction.status == "proposed"
            and can_approve_restriction(actor.staff_role, rule_for(restriction).approver)
            and actor.id != restriction.proposed_by_id)


# -- changing --------------------------------------------------------------------------------


def _event(restriction: Restriction, kind: str, summary: str, actor: User | None, *,
           text: str | None = None, told: bool = False, document=None) -> RestrictionEvent:
    event = RestrictionEvent(restriction_id=restriction.id, person_id=restriction.person_id,
                             kind=kind, summary=summary, text=text, told=told,
                             document_id=document.id if document else None,
                             actor_id=actor.id if actor else None, at=utcnow())
    db.session.add(event)
    return event


def _check_version(restriction: Restriction, version: int | None) -> None:
    if version is None or version != restriction.version:
        raise CaseworkError(CONFLICT)


def _kind_and_detail(kind: str | None, detail: str | None) -> tuple[str, str]:
    if kind not in rules.KINDS:
        raise CaseworkError("Select what kind of restriction it is", "kind")
    detail = required_text(detail, "Enter exactly what the restriction says (the named "
                           "contact, the channel, the limits, or how contacts are handled)",
                           "detail")
    return kind, detail


def named_contact_choices() -> list[User]:
    """Whom a restriction can name as the one contact: the active case handlers and
    complaints managers."""
    return handlers()


def _named_contact(kind: str, named_contact_id: int | None) -> int | None:
    """The member of staff a "one named contact" restriction names (None for any other
    kind): their correspondence and work-list tasks go to them."""
    if kind != "named_contact":
        return None
    if not any(u.id == named_contact_id for u in named_contact_choices()):
        raise CaseworkError("Select the member of staff who will be their named contact",
                            "named_contact")
    return named_contact_id


def propose(actor: User, complaint: Complaint, *, kind: str | None, behaviour: str | None,
            detail: str | None, starts_on: date | None,
            named_contact_id: int | None = None) -> Restriction:
    """Propose a restriction on the complaint's resident. It has no effect until approved."""
    require_allowed(actor, "propose_restriction")
    kind, detail = _kind_and_detail(kind, detail)
    named = _named_contact(kind, named_contact_id)
    behaviour = required_text(behaviour, "Enter the behaviour this restriction answers",
                              "behaviour")
    if starts_on is None:
        raise CaseworkError("Enter the date the restriction starts", "starts_on")
    if starts_on < today():
        raise CaseworkError("The start date must be today or in the future", "starts_on")
    existing = open_for(complaint.resident_id)
    if existing is not None:
        raise CaseworkError(f"{complaint.resident.name} already has a restriction "
                            f"{rules.STATUSES[existing.status].lower()} ({existing.reference}). "
                            "Change that one at its review instead", "kind")
    rule = profiles()[complaint.profile].restriction_rule
    try:
        restriction = Restriction(
            person_id=complaint.resident_id, from_complaint_id=complaint.id,
            profile=complaint.profile, kind=kind, behaviour=behaviour, detail=detail,
            starts_on=starts_on, review_on=rules.review_date(starts_on, rule.review_months),
            named_contact_id=named, status="proposed", proposed_by_id=actor.id,
            proposed_at=utcnow())
        db.session.add(restriction)
        db.session.flush()
        _event(restriction, "proposed", f"Proposed: {rules.kind_words(kind)}", actor,
               text=behaviour)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return restriction


def approve(actor: User, restriction: Restriction, *, version: int | None,
            not_told_reason: str | None = None, withhold: bool = False) -> Restriction:
    """Approve it (the role the profile names, not the proposer); the person is told in
    writing unless `withhold`, with the reason it would create a greater risk."""
    _require_decider(actor, restriction)
    _check_version(restriction, version)
    reason = _withheld_reason(withhold, not_told_reason)
    try:
        restriction.status = "active"
        restriction.decided_by_id = actor.id
        restriction.decided_at = utcnow()
        restriction.not_told_reason = reason
        db.session.flush()
        _event(restriction, "approved", "Approved: in force from "
               f"{long_date(restriction.starts_on)}", actor)
        _tell_or_record(actor, restriction, "approved", reason)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return restriction


def reject(actor: User, restriction: Restriction, *, version: int | None,
           note: str | None) -> Restriction:
    """Do not approve it: it never takes effect, and the person is not written to."""
    _require_decider(actor, restriction)
    _check_version(restriction, version)
    note = required_text(note, "Enter why you are not approving it", "note")
    try:
        restriction.status = "rejected"
        restriction.decided_by_id = actor.id
        restriction.decided_at = utcnow()
        restriction.decision_note = note
        db.session.flush()
        _event(restriction, "rejected", "Not approved", actor, text=note)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return restriction


def review(actor: User, restriction: Restriction, *, version: int | None,
           outcome: str | None, note: str | None, kind: str | None = None,
           detail: str | None = None, not_told_reason: str | None = None,
           withhold: bool = False, named_contact_id: int | None = None) -> Restriction:
    """Record a review's outcome: lift it, keep it to a new review date, or change it
    (IDS 002 §10.5: "removed if no on-going risk is confirmed"). The person is told."""
    require_allowed(actor, "review_restriction")
    if restriction.status != "active":
        raise CaseworkError("Only a restriction in force can be reviewed")
    _check_version(restriction, version)
    if outcome not in rules.REVIEW_OUTCOMES:
        raise CaseworkError("Select the outcome of the review", "outcome")
    note = required_text(note, "Enter what the review found", "note")
    named = restriction.named_contact_id
    if outcome == "change":
        kind, detail = _kind_and_detail(kind, detail)
        named = _named_contact(kind, named_contact_id)
    reason = _withheld_reason(withhold, not_told_reason)
    months = rule_for(restriction).review_months
    try:
        if outcome == "lift":
            restriction.status = "lifted"
            summary = "Reviewed: lifted"
        else:
            restriction.review_on = rules.review_date(today(), months)
            summary = f"Reviewed: kept, next review {long_date(restriction.review_on)}"
            if outcome == "change":
                restriction.kind, restriction.detail = kind, detail
                restriction.named_contact_id = named
                summary = (f"Reviewed: changed to {rules.kind_words(kind)}, next review "
                           f"{long_date(restriction.review_on)}")
        restriction.not_told_reason = reason
        db.session.flush()
        _event(restriction, f"reviewed_{outcome}", summary, actor, text=note)
        _tell_or_record(actor, restriction, outcome, reason, note=note)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return restriction


def _require_decider(actor: User, restriction: Restriction) -> None:
    if not can_approve_restriction(actor.staff_role, rule_for(restriction).approver):
        raise NotAllowed("decide_restriction")
    if restriction.status != "proposed":
        raise CaseworkError("This restriction has already been decided")
    if actor.id == restriction.proposed_by_id:
        raise CaseworkError("Someone other than the person who proposed it must decide it")


def _withheld_reason(withhold: bool, reason: str | None) -> str | None:
    if not withhold:
        return None
    return required_text(reason, "Enter why telling them would create a greater risk",
                         "not_told_reason")


# -- telling the person ------------------------------------------------------------------------

TITLES = {
    "approved": "How we will deal with your contact from now on",
    "keep": "We have reviewed how we deal with your contact",
    "change": "We have changed how we deal with your contact",
    "lift": "We have lifted the restriction on your contact",
}


def appeal_words(restriction: Restriction) -> str:
    """How to appeal, from the profile."""
    if restriction.profile == "ids":
        return ("If you disagree, you can appeal. We will register your appeal as a complaint "
                "and deal with it under our complaints policy (IDS policy 10.6).")
    if restriction.profile == "southern-2022":
        return ("If you want to challenge this, you can ask us to review it. The Head of "
                "Customer Feedback will do this review, once.")
    return ("If you disagree, you can appeal by making a complaint, and we will deal with it "
            "under our complaints policy.")


def _tell_or_record(actor: User, restriction: Restriction, step: str, withheld: str | None,
                    note: str | None = None) -> None:
    if withheld is not None:
        _event(restriction, "not_told", "Not told: telling them would create a greater risk "
               "(IDS 002 §10.4)", actor, text=withheld)
        return
    complaint = db.session.get(Complaint, restriction.from_complaint_id)
    person = restriction.person
    title = TITLES[step]
    context = {
        "landlord": current_app.config["PORTAL"], "ombudsman": ombudsman,
        "recipient": {"name": person.name,
                      "address_lines": list(address_lines(person.address, person.postcode))},
        "on_behalf_of": None, "reference": restriction.reference, "issued_on": today(),
        "signed_by": {"name": actor.name, "role": STAFF_ROLES.get(actor.staff_role or "", "")},
        "letter_title": title, "step": step, "restriction": restriction,
        "kind_words": rules.kind_words(restriction.kind),
        "what_changes": rules.what_changes(restriction.kind), "note": note,
        "appeal": appeal_words(restriction),
        "appeal_url": external_url("resident.dashboard"),
    }
    document, large = store_letters(complaint, actor, "documents/restriction.html", context,
                                    "restriction_letter", f"restriction-{step}")
    restriction.letter_id = document.id
    email = real_email(person.email)
    message = {"name": person.name, "title": title, "reference": restriction.reference,
               "review_on": restriction.review_on, "step": step,
               "letter_url": download_url(complaint, document),
               "url": external_url("resident.dashboard")}
    if resident_channel(complaint, email) == "email" and email:
        queue_email(email, "restriction", title, message, complaint_id=complaint.id)
    else:
        post_letter(complaint, person.name, address_lines(person.address, person.postcode),
                    "restriction", title, message, letter=(document, large))
    _event(restriction, f"told_{step}", f"Told in writing: {title}", actor, told=True,
           document=document)


# -- the person's side -------------------------------------------------------------------------


def shown_to(person: User) -> Restriction | None:
    """The restriction in force that the person was told about (not one withheld because
    telling them would create a greater risk, IDS 002 §10.4)."""
    found = in_force(person.id)
    return found if found is not None and found.not_told_reason is None else None


def start_appeal(person: User):
    """An appeal against a restriction is logged as a new complaint (IDS 002 §10.6): a
    draft through the normal intake, its category and first issue filled in for them."""
    from portal.services.intake import drafts

    restriction = shown_to(person)
    if restriction is None:
        raise CaseworkError("You have no restriction in force to appeal against")
    draft = drafts.new_draft(person)
    drafts.save_answers(draft, category="other", appeal_against=restriction.reference)
    drafts.save_issue(draft, None, {
        "summary": f"Appeal against the restriction {restriction.reference} "
                   f"({rules.kind_words(restriction.kind).lower()})",
        "details": "", "happened_on": None, "aware_on": None, "outcome_wanted": ""})
    _event(restriction, "appeal_started", "The person started an appeal (a new complaint)",
           person)
    db.session.commit()
    return draft
