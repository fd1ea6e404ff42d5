"""Agreed contact dates on the overview are kept or missed by the London day, as
everywhere else in the portal (services.records.clock): a contact logged at 00:30 in
summer (23:30 UTC the day before) belongs to the later day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.data.db import db
from portal.data.models import AgreedContact, ContactLog
from portal.domain import reporting as rules
from portal.domain.calendar import london_date
from portal.services.reporting import remedies
from tests.support.factories import make_complaint, make_staff

YEAR = rules.Period(date(2026, 4, 1), date(2027, 3, 31))


def _agreed(complaint_id, staff_id, due_on, agreed_at, happened_at):
    db.session.add_all([
        AgreedContact(complaint_id=complaint_id, due_on=due_on, method="phone",
                      agreed_at=agreed_at, agreed_by_id=staff_id),
        ContactLog(complaint_id=complaint_id, happened_at=happened_at, method="phone",
                   notes="Called", by_id=staff_id)])


def test_a_contact_at_half_past_midnight_in_summer_is_the_next_day(app):
    with app.app_context():
        handler = make_staff("case_handler")
        summer_late, summer_early, winter = (make_complaint().id for _ in range(3))
        # Due Saturday 20 June 2026; the call was at 00:30 BST on Sunday 21 June (23:30
        # UTC on the 20th): a day late in London, so missed.
        late_call = datetime(2026, 6, 20, 23, 30, tzinfo=UTC)
        assert london_date(late_call) == date(2026, 6, 21)
        _agreed(summer_late, handler.id, date(2026, 6, 20),
                datetime(2026, 6, 18, 9, tzinfo=UTC), late_call)
        # Due Sunday 21 June: the same kind of call, at 00:30 BST on the 21st (23:30 UTC
        # on the 20th), is on the day: kept.
        _agreed(summer_early, handler.id, date(2026, 6, 21),
                datetime(2026, 6, 18, 9, tzinfo=UTC), datetime(2026, 6, 20, 23, 30, tzinfo=UTC))
        # Due 20 January 2027: 23:30 UTC is 23:30 in London in winter (GMT): kept.
        _agreed(winter, handler.id, date(2027, 1, 20),
                datetime(2027, 1, 18, 9, tzinfo=UTC), datetime(2027, 1, 20, 23, 30, tzinfo=UTC))
        db.session.commit()
        assert remedies.agreed_contacts(YEAR, date(2027, 3, 1)) == [
            (remedies.KEPT, 2), (remedies.MISSED, 1), (remedies.TO_COME, 0)]
        # The summer-time days of the year are worked out from the Europe/London zone:
        # to the day before it ends (Sunday 25 October 2026; it began on 29 March 2026,
        # before the year), and again from Sunday 28 March 2027.
        assert remedies.summer_days(YEAR) == [(date(2026, 4, 1), date(2026, 10, 24)),
                                              (date(2027, 3, 28), date(2027, 3, 31))]
