"""A year of closed complaints behind the live demo, so the reports show realistic
figures: about 300 complaints received over the 13 months before the live ones, from 60
households (a tenth in shared-ownership homes, LCHO), acknowledged, answered (most on
time, some late, some extended, a few beyond the Code's limit), some escalated to stage 2,
a few withdrawn, with decisions per issue, promised actions and closing surveys; and the
landlord's homes figures and last year's TP09.

Unlike the live demo complaints, these are written as rows in bulk (with the events
each step would have written), not through the services: hundreds of letters would take
minutes to render. Nobody signs in as these residents. The dates are working days from
the calendar, counted back from today, so the figures always look current."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from portal.data.db import db
from portal.data.models import (
    Action,
    Complaint,
    Event,
    HomesFigure,
    Issue,
    SurveyResponse,
    Tp09Result,
    User,
)
from portal.domain.calendar import WorkingCalendar
from portal.services.intake.submission import next_reference

CATEGORY_WEIGHTS = {"repairs": 45, "asb_handling": 12, "staff_conduct": 10,
                    "rent_charges": 12, "building_safety": 6, "neighbourhood": 10, "other": 5}
SUMMARIES = {
    "repairs": ("Leak under the kitchen sink not fixed", "Damp and mould in the bathroom",
                "Boiler broken for two weeks", "Repair appointment missed twice"),
    "asb_handling": ("Noise from the flat above not dealt with",
                     "Reports of dumping in the bin store ignored"),
    "staff_conduct": ("Rude reply on the phone", "Officer did not come to the visit"),
    "rent_charges": ("Service charge higher than explained", "Rent taken twice this month"),
    "building_safety": ("Fire door on the landing does not close",
                        "Communal lighting out on the stairs"),
    "neighbourhood": ("Grass in the shared garden not cut", "Broken paving by the entrance"),
    "other": ("Letter sent to the wrong address", "Parking permit not renewed"),
}
DECISIONS = ("upheld", "partially_upheld", "not_upheld")
HOUSEHOLDS = 60
SEED = 20260401


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def load_year(today: date, calendar: WorkingCalendar, *, handlers: list[int],
              reviewer: int, manager: int, newest: date) -> int:
    """Write the year behind the demo (received between 13 months ago and `newest`);
    returns how many complaints. In the caller's transaction."""
    rng = random.Random(SEED)
    people = [User(email=f"household{n:02d}@history.demo.example", name=f"Household {n:02d}",
                   kind="resident", password_hash="!",  # no password signs in as them
                   postcode=f"E{1 + n % 9} {n % 10}AB", address=f"{n + 1} Example Row, London")
              for n in range(HOUSEHOLDS)]
    db.session.add_all(people)
    db.session.flush()
    residents = [person.id for person in people]
    lcho = set(residents[: HOUSEHOLDS // 10])
    start = (today.replace(day=1) - timedelta(days=365)).replace(day=1)
    day, made = calendar.next_working_day_on_or_after(start), 0
    while day <= newest:
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            _complaint(rng, calendar, day, today, rng.choice(residents), lcho,
                       rng.choice(handlers), reviewer, manager)
            made += 1
        day = calendar.add_working_days(day, 1)
    db.session.add_all([
        HomesFigure(stock_type="LCRA", count=5400, on_date=start),
        HomesFigure(stock_type="LCHO", count=600, on_date=start),
        Tp09Result(year=start.year if start.month >= 4 else start.year - 1, percent=34.6,
                   respondents=812)])
    return made


def _complaint(rng, calendar, received, today, resident, lcho, handler, reviewer, manager):
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    wd = calendar.add_working_days
    row = {"reference": next_reference(received.year), "resident_id": resident,
           "submitted_by_id": resident, "stage": 1, "category": category,
           "profile": "hos-code-2024", "contact_method": "email", "adjustments": [],
           "screening": [], "panel_members": [], "received_at": _at(received, 9),
           "received_on": received, "version": 1, "handler_id": handler,
           "stock_type": "LCHO" if resident in lcho else "LCRA"}
    events = [(received, "complaint_submitted", "Complaint received with 1 issue", resident)]
    roll = rng.random()
    if roll < 0.05:  # withdrawn soon after acknowledgement
        ack = wd(received, rng.randint(1, 4))
        closed = wd(ack, rng.randint(1, 5))
        row.update(acknowledged_on=ack, status="withdrawn", closed_on=closed,
                   closed_reason="withdrawn")
        events += [(ack, "complaint_acknowledged", "Complaint acknowledged", handler),
                   (closed, "complaint_withdrawn", "Withdrawn by the resident", resident)]
        return _write(row, events, rng, category, None)
    ack = wd(received, rng.choice((1, 2, 2, 3, 4, 5, 5, 7)))
    row.update(acknowledged_on=ack, status="stage1")
    events.append((ack, "complaint_acknowledged", "Complaint acknowledged", handler))
    late = rng.random()
    if late < 0.08:  # extended within the Code's limit, answered by then
        extended = wd(ack, 10 + rng.randint(3, 10))
        sent = extended
        row["stage1_extended_to"] = extended
        events.append((wd(ack, 8), "stage1_extended", "Stage 1 response date extended", handler))
    elif late < 0.11:  # extended beyond the Code's limit
        extended = wd(ack, 20 + rng.randint(2, 6))
        sent = extended
        row["stage1_extended_to"] = extended
        events.append((wd(ack, 9), "stage1_extended", "Stage 1 response date extended", handler))
    elif late < 0.25:  # late, not extended
        sent = wd(ack, 10 + rng.randint(1, 8))
    else:
        sent = wd(ack, rng.randint(4, 10))
    if sent > today:
        return _write({**row, "status": "stage1"}, events, rng, category, None)
    row.update(stage1_sent_on=sent, status="stage1_responded")
    events.append((sent, "stage1_responded", "Stage 1 response sent", handler))
    decision = rng.choices(DECISIONS, (35, 30, 35))[0]
    if rng.random() < 0.18 and decision != "upheld":
        asked = wd(sent, rng.randint(2, 15))
        s2ack = wd(asked, rng.randint(1, 5))
        s2sent = wd(s2ack, rng.randint(10, 24))
        if s2sent <= today:
            row.update(stage=2, stage2_requested_on=asked, stage2_acknowledged_on=s2ack,
                       stage2_sent_on=s2sent, reviewer_id=reviewer, status="closed",
                       closed_on=wd(s2sent, 5), closed_reason="closed_by_staff")
            events += [(asked, "stage2_requested", "Review asked for", resident),
                       (s2ack, "stage2_acknowledged", "Review acknowledged", reviewer),
                       (s2sent, "stage2_responded", "Stage 2 response sent", reviewer),
                       (wd(s2sent, 5), "complaint_closed", "Complaint closed", manager)]
            return _write(row, events, rng, category, decision, stage2=True, today=today)
    closed = wd(sent, rng.randint(3, 15))
    if closed <= today:
        row.update(status="closed", closed_on=closed, closed_reason="resident_satisfied"
                   if rng.random() < 0.6 else "closed_by_staff")
        events.append((closed, "complaint_closed", "Complaint closed", handler))
    return _write(row, events, rng, category, decision, today=today)


EXTENSION_REASONS = ("Waiting for the contractor's report", "Need to inspect the home",
                     "Waiting for information from the resident",
                     "Several teams involved in the answer")


def _payload(kind: str, complaint_id: int) -> dict:
    if kind.endswith("_extended"):  # the reason the resident was given (no rng: the
        # year's other figures stay as they were)
        return {"demo_history": True,
                "reason": EXTENSION_REASONS[complaint_id % len(EXTENSION_REASONS)]}
    return {"demo_history": True}


def _write(row, events, rng, category, decision, stage2=False, today=None):
    complaint_id = db.session.scalar(insert(Complaint).returning(Complaint.id), [row])
    db.session.execute(insert(Event), [{
        "complaint_id": complaint_id, "at": _at(on, 11), "actor_id": actor, "kind": kind,
        "internal": False, "summary": summary, "payload": _payload(kind, complaint_id)}
        for on, kind, summary, actor in events])
    summary = rng.choice(SUMMARIES[category])
    db.session.execute(insert(Issue), [{
        "complaint_id": complaint_id, "position": 1, "summary": summary,
        "details": summary + ".", "outcome_wanted": "Put it right and explain what happened.",
        "definition": f"You told us: {summary.lower()}." if row.get("acknowledged_on") else None,
        "decision": decision, "reasons": "We looked into it." if decision else None,
        "stage2_decision": rng.choices(DECISIONS, (20, 30, 50))[0] if stage2 else None}])
    if decision in ("upheld", "partially_upheld") and row.get("stage1_sent_on"):
        # Every one done (on time or a little late), so the live demo's own action is
        # the one still to do on the list of promised actions.
        due = row["stage1_sent_on"] + timedelta(days=rng.randint(10, 40))
        done = min(due + timedelta(days=rng.randint(-8, 6)), today)
        db.session.execute(insert(Action), [{
            "complaint_id": complaint_id, "description": "Arrange the repair and confirm it",
            "owner": "Repairs team", "due_on": due, "done_on": done}])
    if row.get("status") == "closed" and rng.random() < 0.4:
        db.session.execute(insert(SurveyResponse), [{
            "complaint_id": complaint_id, "satisfied": rng.random() < 0.55, "answers": {}}])
