"""The person asks for a review of a restriction on their contact (southern-2022
"Unreasonable customer behaviour": "if a customer wants to challenge the way they're
managed, they can ask us to review it. The Head of Customer Feedback will do this review
and we will only do this once"). The profile says how many times (`reviews_on_request`;
0: none, and the person appeals instead). A request brings the review date forward to
today, so the restriction is due for review on the complaints manager's digest, and it
is recorded in the restriction's history; one more than the policy allows is refused,
saying when they asked."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Restriction, RestrictionEvent, User
from portal.domain.calendar import london_date
from portal.services.records.casework import CaseworkError, long_date, required_text, today
from portal.services.stage1.restrictions import _event, rule_for, shown_to

REQUESTED = "review_requested"


def allowed_requests(restriction: Restriction) -> int:
    return rule_for(restriction).reviews_on_request


def requests_made(restriction: Restriction) -> list[RestrictionEvent]:
    return list(db.session.scalars(
        select(RestrictionEvent).where(RestrictionEvent.restriction_id == restriction.id,
                                       RestrictionEvent.kind == REQUESTED)
        .order_by(RestrictionEvent.id)))


def may_ask(restriction: Restriction | None) -> bool:
    """Whether the person may still ask for a review of this restriction."""
    if restriction is None or allowed_requests(restriction) == 0:
        return False
    made = db.session.scalar(select(func.count()).select_from(RestrictionEvent).where(
        RestrictionEvent.restriction_id == restriction.id, RestrictionEvent.kind == REQUESTED))
    return made < allowed_requests(restriction)


def ask_for_review(person: User, reason: str | None) -> Restriction:
    """Record the person's request for a review, within what the policy allows."""
    restriction = shown_to(person)
    if restriction is None:
        raise CaseworkError("You have no restriction in force to ask us to review")
    limit = allowed_requests(restriction)
    if limit == 0:
        raise CaseworkError("Our policy does not offer a review on request. You can appeal "
                            "against the restriction instead")
    made = requests_made(restriction)
    if len(made) >= limit:
        when = long_date(london_date(made[-1].at))
        raise CaseworkError(f"You already asked us to review this restriction, on {when}. "
                            "Our policy allows this once, so we cannot review it again "
                            "on request. We will still review it by "
                            f"{long_date(restriction.review_on)}")
    reason = required_text(reason, "Enter why you want us to review the restriction",
                           "reason")
    try:
        restriction.review_on = min(restriction.review_on, today())
        _event(restriction, REQUESTED, "The person asked for a review (once, on request)",
               person, text=reason)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return restriction
