"""A hand-built set of complaints with real dates for the reporting tests, inserted as
rows (as `tests/support/bulk.py` does) and then given their reporting dates by the read
model (`flask reports rebuild`), so the Code's due dates come from the deadline engine.

England's bank holidays that matter: Good Friday 26 March 2027, Easter Monday 29 March
2027. WD = working day; the start day never counts (SPEC §3)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy import insert

from portal.data.db import db
from portal.data.models import Complaint, HomesFigure
from portal.services.records import report_index

D = date
_serial = itertools.count(900_000)

# name: (row values, the Code's stage 1 due date worked out by hand)
CASES = {
    # Received Mon 1 June 2026, acknowledged Tue 2 June: Code due 10 WD after 2 June =
    # 3,4,5,8,9,10,11,12,15,16 -> Tue 16 June; sent Mon 15 June: within. Review asked for
    # Mon 22 June, acknowledged Wed 24 June: Code due 20 WD after = 25,26,29,30 June,
    # 1,2,3,6-10,13-17,20,21,22 July -> Wed 22 July; sent Fri 17 July: within.
    "escalated": dict(received_on=D(2026, 6, 1), acknowledged_on=D(2026, 6, 2),
                      stage1_sent_on=D(2026, 6, 15), stage2_requested_on=D(2026, 6, 22),
                      stage2_acknowledged_on=D(2026, 6, 24), stage2_sent_on=D(2026, 7, 17),
                      status="stage2_responded", stage=2),
    # Received Mon 6 July, acknowledged Tue 7 July: due 10 WD after = 8,9,10,13-17,20,21 ->
    # Tue 21 July; the Code's limit 10 WD later = 22,23,24,27-31 July, 3,4 Aug -> Tue 4 Aug.
    # Extended to Fri 31 July, sent Thu 30 July: within a valid extension.
    "valid_extension": dict(received_on=D(2026, 7, 6), acknowledged_on=D(2026, 7, 7),
                            stage1_extended_to=D(2026, 7, 31), stage1_sent_on=D(2026, 7, 30),
                            status="stage1_responded"),
    # The same dates, extended to Fri 7 August (past the Code's 4 August), sent Thu 6
    # August: late against the Code.
    "extension_beyond": dict(received_on=D(2026, 7, 6), acknowledged_on=D(2026, 7, 7),
                             stage1_extended_to=D(2026, 8, 7), stage1_sent_on=D(2026, 8, 6),
                             status="stage1_responded"),
    # Received Mon 15 March 2027, acknowledged Tue 16 March: due 10 WD after = 17,18,19,
    # 22-25, (Good Friday 26, Easter Monday 29 skipped), 30, 31 March, 1 April -> Thu 1
    # April 2027; sent that day: within, in 2027/28. Received in 2026/27.
    "march_april": dict(received_on=D(2027, 3, 15), acknowledged_on=D(2027, 3, 16),
                        stage1_sent_on=D(2027, 4, 1), status="stage1_responded"),
    # Withdrawn before an answer: counted as received (the default setting).
    "withdrawn": dict(received_on=D(2026, 9, 7), acknowledged_on=D(2026, 9, 8),
                      status="withdrawn", closed_on=D(2026, 9, 10), closed_reason="withdrawn"),
    # Refused: not counted.
    "refused": dict(received_on=D(2026, 9, 7), status="not_accepted", closed_on=D(2026, 9, 9),
                    closed_reason="not_accepted"),
    # Resolved at first contact on Mon 5 October (a shared-ownership home, LCHO): answered
    # that day; Code due 10 WD after 5 October = Mon 19 October: within.
    "first_contact": dict(received_on=D(2026, 10, 5), acknowledged_on=D(2026, 10, 5),
                          status="closed", closed_on=D(2026, 10, 5),
                          closed_reason="resolved_first_contact", stock_type="LCHO"),
    # Never acknowledged, answered Mon 30 November: the Code's clock starts from the last
    # day to acknowledge, 5 WD after Mon 2 Nov = 3,4,5,6,9 -> Mon 9 Nov; due 10 WD after =
    # 10-13,16-20,23 -> Mon 23 Nov. Late.
    "no_acknowledgement": dict(received_on=D(2026, 11, 2), stage1_sent_on=D(2026, 11, 30),
                               status="stage1_responded"),
}

CODE_DUE = {"escalated": D(2026, 6, 16), "valid_extension": D(2026, 7, 21),
            "extension_beyond": D(2026, 7, 21), "march_april": D(2027, 4, 1),
            "first_contact": D(2026, 10, 19), "no_acknowledgement": D(2026, 11, 23)}
CODE_LIMIT = {"valid_extension": D(2026, 8, 4)}


def build(resident_id: int) -> dict[str, str]:
    """Insert the set, work out its reporting dates; returns name -> reference."""
    references = {}
    rows = []
    for name, values in CASES.items():
        reference = f"CMP-2026-{next(_serial):06d}"
        references[name] = reference
        on = values["received_on"]
        rows.append({
            "reference": reference, "resident_id": resident_id,
            "submitted_by_id": resident_id, "stage": 1, "category": "repairs",
            "profile": "hos-code-2024", "contact_method": "email", "adjustments": [],
            "screening": [], "panel_members": [], "version": 1,
            "received_at": datetime(on.year, on.month, on.day, 12, tzinfo=UTC), **values})
    db.session.execute(insert(Complaint), rows)
    db.session.add_all([HomesFigure(stock_type="LCRA", count=1000, on_date=D(2026, 4, 1)),
                        HomesFigure(stock_type="LCHO", count=200, on_date=D(2026, 4, 1))])
    db.session.commit()
    report_index.rebuild()
    return references
