"""The learning log behind the demo: the complaints manager's list of root causes, a
root cause on most of the past year's complaints (by category), and service improvements
made from them, done, in progress and proposed, each with an event as the portal would
write it. In the caller's transaction."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import bindparam, select, update

from portal.data.db import db
from portal.data.models import Complaint, Event, Improvement, Theme, improvement_complaints

THEMES = ("Repair not followed up after a visit", "Appointment missed or not kept",
          "Poor communication or no update", "Policy not followed",
          "Contractor's work not checked", "Staff attitude")
BY_CATEGORY = {"repairs": (0, 0, 1, 4, 2), "asb_handling": (2, 3), "staff_conduct": (5, 2),
               "rent_charges": (3, 2), "building_safety": (0, 4, 2),
               "neighbourhood": (2, 3), "other": (2,)}
IMPROVEMENTS = (
    ("Call back within 5 working days of every repair", 0, "done", 300, 200,
     "Residents told us repairs were signed off without anyone checking. The repairs team "
     "now calls each resident within 5 working days of a completed repair."),
    ("Text reminders the day before an appointment", 1, "done", 240, 120,
     "Missed appointments were the second most common root cause. Residents now get a text "
     "the day before, with a link to rearrange."),
    ("Monthly update to residents while a complaint is open", 2, "in_progress", 90, None,
     "Complaints escalated because nobody had been in touch. Handlers will agree a contact "
     "date with every resident and keep it."),
    ("Sign-off checks on contractors' damp and mould work", 4, "proposed", 20, None,
     "Several damp and mould complaints came back after contractors' work. An inspector "
     "will check a sample of jobs before they are paid."),
)


def load_learning(today: date, manager_id: int, seed: int = 14) -> int:
    """Themes, root causes on the past year's complaints, improvements; returns how many
    complaints were given a root cause."""
    rng = random.Random(seed)
    themes = [Theme(name=name, active=True) for name in THEMES]
    db.session.add_all(themes)
    db.session.flush()
    rows = db.session.execute(select(Complaint.id, Complaint.category).where(
        Complaint.acknowledged_on.is_not(None)).order_by(Complaint.id)).all()
    given = [{"cid": cid, "root_cause_id": themes[rng.choice(BY_CATEGORY.get(cat, (2,)))].id}
             for cid, cat in rows if rng.random() < 0.85]
    table = Complaint.__table__
    if given:  # (a Core update: the rows' version is not the point here)
        db.session.execute(update(table).where(table.c.id == bindparam("cid"))
                           .values(root_cause_id=bindparam("rc")),
                           [{"cid": g["cid"], "rc": g["root_cause_id"]} for g in given])
    for title, theme, status, ago, done_ago, description in IMPROVEMENTS:
        item = Improvement(title=title, description=description, theme_id=themes[theme].id,
                           owner="Repairs team" if theme in (0, 1, 4) else "Housing team",
                           status=status, proposed_on=today - timedelta(days=ago),
                           done_on=today - timedelta(days=done_ago) if done_ago else None)
        db.session.add(item)
        db.session.flush()
        linked = [g["cid"] for g in given if g["root_cause_id"] == themes[theme].id][:5]
        if linked:
            db.session.execute(improvement_complaints.insert(), [
                {"improvement_id": item.id, "complaint_id": c} for c in linked])
        db.session.add(Event(complaint_id=None, actor_id=manager_id, kind="improvement_added",
                             internal=True, summary=f"Service improvement: {title}",
                             payload={"improvement_id": item.id, "status": status}))
    return len(given)
