"""Demo data for a new checkout: a landlord's closure days, its staff (one of every
role), four residents, a representative, complaints at every point of stage 1, and
beyond it: a review under way, a final response with its actions, complaints made by a
representative (authority verified, and one still being checked) and petitions.

    flask demo          # safe to repeat: a second run adds nothing

Everything is made through the real services (accounts, complaints.submit, casework,
review, representation, petitions), so the demo holds what the portal itself would
hold: events, letters as PDFs, emails waiting in the outbox, tasks on the staff work
list. Dates are counted back from today in working days, so the demo always looks live:
one complaint is overdue for acknowledgement today, another has a contact date coming up
in two working days, a review's response is due in the weeks ahead, whenever the demo is
loaded.

The services stamp what they write with the current time. For a step the demo says
happened on an earlier day, the rows that step wrote for that complaint (events,
contacts, agreed contact dates, letters, responses, authorities) or for a petition still
collecting signatures (the petition, its signatures and its events) are then moved to
that day, in the demo's own transaction, before anyone can see them: the timeline then
reads as it would have, had the complaint really been handled over the past weeks.

    _people    who is in the demo, the password, the closure days
    _builder   dates, moving a step to its day, the people, the usual steps
    year       a year of closed complaints before them, for the reports
    stage1     ten complaints at every point of stage 1
    beyond     stage 2, the final response and its actions, representatives, petitions
"""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import ClosureDay
from portal.demo._people import (
    DEMO_CLOSURES,
    DEMO_PASSWORD,
    MARKER_EMAIL,
    PEOPLE,
    REPRESENTATIVES,
    RESIDENTS,
    STAFF,
    Person,
)
from portal.demo.beyond import Beyond
from portal.demo.learning import load_learning
from portal.demo.stage1 import Stage1
from portal.demo.year import load_year
from portal.services.accounts import users as accounts
from portal.services.records import due_index

__all__ = ["DEMO_CLOSURES", "DEMO_PASSWORD", "MARKER_EMAIL", "PEOPLE", "REPRESENTATIVES",
           "RESIDENTS", "STAFF", "Person", "load_demo", "sign_ins"]


def load_demo() -> list[str]:
    """Load what is missing; returns one line per thing created, then the sign-ins."""
    said = _closures()
    if accounts.find_user(MARKER_EMAIL) is None:
        said += _Demo().load()
        # The demo back-dates its rows to look current, round the services: store the
        # next due dates the deadline engine works out from the dates as they now are.
        due_index.rebuild()
    if not said:
        said = ["Demo data already loaded."]
    return [*said, "", *sign_ins()]


def sign_ins() -> list[str]:
    """The block of demo sign-ins: email, role and password."""
    lines = [f"Demo sign-ins (every account's password is {DEMO_PASSWORD}):",
             f"  {'email':<26}{'role':<22}password"]
    for person in PEOPLE:
        lines.append(f"  {person.email:<26}{person.role_words:<22}{DEMO_PASSWORD}")
    return lines


def _closures() -> list[str]:
    said = []
    have = set(db.session.scalars(select(ClosureDay.on)))
    for on, name in DEMO_CLOSURES.items():
        if on not in have:
            db.session.add(ClosureDay(on=on, name=name))
            said.append(f"closure day {on.isoformat()}: {name}")
    db.session.commit()
    if said:
        g.pop("portal_calendar", None)  # the calendar of this app context predates them
    return said


class _Demo(Stage1, Beyond):
    def history(self) -> None:
        made = load_year(self.today, self.calendar,
                         handlers=[self.people["handler"].id, self.people["handler2"].id],
                         reviewer=self.people["reviewer"].id, manager=self.people["manager"].id,
                         newest=self.ago(50))
        load_learning(self.today, self.people["manager"].id)
        db.session.commit()
        self.said.append(f"{made} complaints of the past year, closed (for the reports)")

    def load(self) -> list[str]:
        # The marker account is made last, so a run that stopped part-way is never taken
        # for a loaded demo (running it again then fails loudly on the first account).
        marker = [p for p in STAFF if p.email == MARKER_EMAIL]
        for person in [p for p in STAFF if p.email != MARKER_EMAIL]:
            self.staff(person)
        for person in RESIDENTS:
            self.resident(person)
        for person in REPRESENTATIVES:
            self.representative(person)
        self.complaints()
        for person in marker:
            self.staff(person)
        return self.said

    def complaints(self) -> None:
        """The oldest first, so references follow the order they were received."""
        self.history()  # the year before: for the reports
        self.final_response()  # received 46 working days ago
        self.closed_satisfied()  # 30
        self.stage2_in_review()  # 24
        self.extended()  # 14
        self.responded()  # 12
        self.missed_contact()  # 9
        self.overdue_acknowledgement()  # 8
        self.withdrawn()  # 7
        self.refused()  # 6
        self.represented()  # 5
        self.acknowledged_with_contact_coming_up()  # 4
        self.resolved_at_first_contact()  # 3, at 9am
        self.petition_submitted()  # started 12 working days ago, sent 3 ago at 9.30am
        self.petition_gathering()  # started 4 working days ago, no complaint yet
        self.authority_pending()  # 1
        self.just_received()  # today
        self.restricted()  # today, on the final response's resident
