"""The demo data: loaded through the real services, safe to load twice, a complaint at
every point of stage 1 and beyond it (a review under way, a final response with its
actions, a representative's complaints, petitions), and every demo complaint's page fine
for staff, its resident and the representative who acts for them."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, timedelta

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Action, Complaint, Event, Response, User
from portal.data.representation import Authority, Petition
from portal.demo import (
    DEMO_PASSWORD,
    PEOPLE,
    REPRESENTATIVES,
    RESIDENTS,
)
from portal.services.records import clock, deadlines, timeline
from portal.services.representation import petitions
from portal.services.review import request as review
from portal.services.review.casework import stage1_people
from tests.support.web import get, sign_in

ADVOCATE = "advocate@demo.example"


def _counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _state(complaint: Complaint, key: str, today):
    found = [d for d in deadlines.complaint_deadlines(complaint) if d.key == key]
    return found[0].state(today) if found else None


def _due(complaint: Complaint, key: str):
    [found] = [d for d in deadlines.complaint_deadlines(complaint) if d.key == key]
    return found.due_on


def _utc(instant):
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def _flask_demo(cli) -> list[str]:
    """`flask demo`: load_demo's lines, one a line."""
    result = cli.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_demo_loads_once_with_every_situation(app, cli):
    # Loaded by the command, twice (test_cli's own run of it twice moved here: one load of
    # the demo, not two, checks both the command and the data).
    first = _flask_demo(cli)
    with app.app_context():
        after_first = _counts()
    second = _flask_demo(cli)
    with app.app_context():
        assert _counts() == after_first, "the second run added something"

        assert any(line.startswith("closure day") for line in first)
        assert second[0] == "Demo data already loaded."
        created = [line for line in first if line.startswith(("staff:", "resident:",
                                                              "representative:",
                                                              "complaint ", "petition:"))]
        assert len(created) == len(PEOPLE) + 15 + 1
        for lines in (first, second):  # the sign-ins are printed every time
            block = lines[lines.index("") + 1:]
            assert DEMO_PASSWORD in block[0]
            for person in PEOPLE:
                assert any(person.email in line and person.role_words in line
                           and DEMO_PASSWORD in line for line in block), person.email
        assert any(ADVOCATE in line and "Representative" in line for line in first)

        staff = db.session.scalars(select(User).where(User.kind == "staff")).all()
        assert sorted(u.staff_role for u in staff) == sorted(
            ["administrator", "customer_services", "case_handler", "case_handler",
             "reviewer", "complaints_manager", "complaints_manager", "safeguarding_lead",
             "board_member"])
        residents = db.session.scalars(select(User).where(
            User.kind == "resident", User.email.not_like("%@history.demo.example"))).all()
        assert len(residents) == len(RESIDENTS)
        # The year behind the live complaints (portal/demo/year.py), for the reports: the
        # last 12 months hold a realistic year (hundreds answered, most within the Code).
        from portal.domain.reporting import Period
        from portal.services.reporting import tsm

        today = clock.today()
        counts = tsm.counts(Period(today - timedelta(days=365), today))
        total = counts["LCRA"] + counts["LCHO"]
        assert total.stage1_received > 150 and counts["LCHO"].stage1_received > 5
        assert 0.6 < total.stage1_within / total.stage1_responses < 0.95
        assert total.stage1_within_extension > 0 and total.stage2_responses > 5
        from portal.data.models import Restriction

        [restriction] = db.session.scalars(select(Restriction)).all()
        assert restriction.status == "active" and restriction.kind == "written_only"
        assert restriction.letter_id is not None
        assert restriction.decided_by_id != restriction.proposed_by_id
        representatives = db.session.scalars(select(User).where(
            User.kind == "representative")).all()
        assert [u.email for u in representatives] == [p.email for p in REPRESENTATIVES]
        assert all(u.email_verified_at is not None
                   for u in staff + residents + representatives)

        history = db.session.scalars(select(Complaint).join(
            User, User.id == Complaint.resident_id).where(
            User.email.like("%@history.demo.example")).order_by(Complaint.id)).all()
        assert {c.status for c in history} <= {"closed", "withdrawn", "stage1_responded"}
        complaints = db.session.scalars(select(Complaint).where(
            Complaint.id.not_in([c.id for c in history])).order_by(Complaint.id)).all()
        assert len(complaints) == 15
        assert [c.received_at for c in complaints] == sorted(c.received_at
                                                             for c in complaints)
        by_status: dict[str, list[Complaint]] = {}
        for complaint in complaints:
            by_status.setdefault(complaint.status, []).append(complaint)

        # -- stage 1 ------------------------------------------------------------------------
        received = by_status["received"]
        assert any(c.received_on == today for c in received), "none just received"
        assert any(_state(c, "acknowledge", today) == "overdue" for c in received)

        stage1 = by_status["stage1"]
        assert all(c.handler is not None and c.acknowledged_on for c in stage1)
        coming_up = [c for c in stage1 if timeline.next_agreed_contact(c, today)]
        assert coming_up and timeline.next_agreed_contact(coming_up[0], today).due_on > today
        assert any(row.state == "missed" for c in stage1
                   for row in timeline.agreed_contact_rows(c, today))
        extended = [c for c in stage1 if c.stage1_extended_to]
        assert extended and extended[0].stage1_extended_to > today
        assert any(e.kind == "stage1_extended" for e in extended[0].events)

        [responded] = by_status["stage1_responded"]
        [letter] = [r for r in db.session.scalars(select(Response).where(
            Response.complaint_id == responded.id))]
        assert letter.kind == "response" and letter.document.file.data.startswith(b"%PDF-")
        assert sorted(i.decision for i in responded.issues) == ["partially_upheld", "upheld"]

        [refused] = by_status["not_accepted"]
        [refusal] = db.session.scalars(select(Response).where(
            Response.complaint_id == refused.id)).all()
        assert refusal.kind == "refusal" and refusal.document.file.data.startswith(b"%PDF-")
        assert "large_print" in refused.adjustments
        assert refusal.large_print_document.file.data.startswith(b"%PDF-")

        assert len(by_status["withdrawn"]) == 1
        reasons = sorted(c.closed_reason for c in by_status["closed"])
        assert reasons == ["resident_satisfied", "resolved_first_contact"]

        assert len({c.category for c in complaints}) >= 5
        assert sum(len(c.issues) > 1 for c in complaints) >= 3
        assert any(c.adjustments for c in complaints if "large_print" not in c.adjustments)

        # -- stage 2: a review under way, by a reviewer who had no part in stage 1 ------------
        reviewer = db.session.scalar(select(User).where(User.email == "reviewer@demo.example"))
        [in_review] = by_status["stage2"]
        assert in_review.reviewer_id == reviewer.id
        assert reviewer.id not in stage1_people(in_review)
        assert in_review.stage2_reasons and all(i.stage2_definition for i in in_review.issues)
        assert (in_review.stage1_sent_on < in_review.stage2_requested_on
                <= in_review.stage2_acknowledged_on < today)
        assert _due(in_review, "stage2_response") > today
        assert not in_review.stage2_late

        # -- the final response, with one action done and one still to do ---------------------
        [final] = by_status["stage2_responded"]
        assert reviewer.id not in stage1_people(final)
        [stage2_letter] = db.session.scalars(select(Response).where(
            Response.complaint_id == final.id, Response.stage == 2)).all()
        assert stage2_letter.kind == "response"
        assert stage2_letter.document.file.data.startswith(b"%PDF-")
        assert stage2_letter.issued_by_id == reviewer.id
        assert review.final_response(final).on == final.stage2_sent_on < today
        actions = db.session.scalars(select(Action).where(
            Action.complaint_id == final.id).order_by(Action.due_on)).all()
        assert [a.done_on is not None for a in actions] == [True, False]
        assert actions[0].done_on < today < actions[1].due_on

        # -- representatives: authority verified (for all Priya's complaints), and pending ----
        authorities = db.session.scalars(select(Authority).order_by(Authority.id)).all()
        assert [a.status for a in authorities] == ["verified", "pending"]
        verified, pending = authorities
        assert verified.representative.email == ADVOCATE and verified.scope == "all"
        assert verified.expires_on > today and verified.letter_document_id
        assert _utc(verified.created_at) < _utc(verified.decided_at) < clock.now()
        represented = db.session.get(Complaint, verified.complaint_id)
        assert represented.submitted_by_id == verified.representative_id
        assert represented.resident.email == "resident2@demo.example"
        pending_complaint = db.session.get(Complaint, pending.complaint_id)
        assert pending_complaint.status == "received" and pending.letter_document_id
        priyas = [c.reference for c in complaints
                  if c.resident_id == verified.resident_id]

        # -- petitions: one submitted (a complaint in the queue), one collecting -------------
        submitted, gathering = db.session.scalars(select(Petition).order_by(Petition.id)).all()
        assert submitted.status == "submitted"
        assert petitions.progress(submitted).households >= 5
        assert submitted.submitted_on < today
        [group] = [c for c in complaints if c.petition_id == submitted.id]
        assert group.status == "stage1" and group.received_on == submitted.submitted_on
        assert gathering.status == "gathering"
        assert not petitions.progress(gathering).met
        assert _utc(submitted.created_at) < min(_utc(s.created_at)
                                                for s in submitted.signatures)

        # Back-dated steps read in order: each complaint's log runs forward in time,
        # from the day it was received to no later than now.
        now = clock.now()
        for complaint in complaints:
            instants = [_utc(e.at) for e in db.session.scalars(
                select(Event).where(Event.complaint_id == complaint.id).order_by(Event.id))]
            assert instants == sorted(instants), complaint.reference
            assert _utc(complaint.received_at) <= instants[0] <= instants[-1] <= now

        pages = [(c.reference, c.resident.email) for c in complaints]
        refs = {"in_review": in_review.reference, "final": final.reference,
                "represented": represented.reference, "pending": pending_complaint.reference,
                "group": group.reference, "gathering": gathering.id, "authority": pending.id}

    staff_client = app.test_client()
    sign_in(staff_client, "manager@demo.example", DEMO_PASSWORD)
    for tab in ("open", "new", "overdue", "stage1", "closed"):
        get(staff_client, f"/staff?tab={tab}")
    handler = app.test_client()
    sign_in(handler, "handler@demo.example", DEMO_PASSWORD)
    mine = get(handler, "/staff?tab=mine").get_data(as_text=True)
    assert mine.count("/staff/complaints/CMP-") >= 3
    reviewing = app.test_client()
    sign_in(reviewing, "reviewer@demo.example", DEMO_PASSWORD)
    assert refs["in_review"] in get(reviewing, "/staff?tab=mine").get_data(as_text=True)

    # Staff see the work beyond stage 1: actions to track, a letter of authority to check,
    # a petition's signatures.
    listing = get(staff_client, "/staff/actions").get_data(as_text=True)
    assert refs["final"] in listing
    # Done, soonest due first: after the year of history's done actions (demo/year.py).
    done_pages = [get(staff_client, f"/staff/actions?tab=done&page={n}").get_data(as_text=True)
                  for n in range(1, 12)]
    assert any(refs["final"] in page for page in done_pages)
    to_check = get(staff_client, "/staff/authorities").get_data(as_text=True)
    assert f"/staff/authorities/{refs['authority']}" in to_check and "Eileen Murphy" in to_check
    get(staff_client, f"/staff/authorities/{refs['authority']}")
    petition_page = get(staff_client, f"/staff/complaints/{refs['group']}/petition")
    assert "Canal House" in petition_page.get_data(as_text=True)

    residents_clients = {}
    for reference, email in pages:
        staff_page = get(staff_client, f"/staff/complaints/{reference}").get_data(as_text=True)
        assert reference in staff_page
        if email not in residents_clients:
            residents_clients[email] = app.test_client()
            sign_in(residents_clients[email], email, DEMO_PASSWORD)
            get(residents_clients[email], "/complaints")
        page = get(residents_clients[email], f"/complaints/{reference}").get_data(as_text=True)
        assert reference in page

    # The resident with the final response can download it all for the Ombudsman.
    marek = residents_clients["resident3@demo.example"]
    page = get(marek, f"/complaints/{refs['final']}").get_data(as_text=True)
    assert "Going to the Housing Ombudsman" in page
    pack = get(marek, f"/complaints/{refs['final']}/ombudsman-pack")
    with zipfile.ZipFile(io.BytesIO(pack.data)) as archive:
        names = archive.namelist()
    assert "chronology.pdf" in names and any("stage-2-response" in n for n in names)
    jo = residents_clients["resident@demo.example"]
    assert "Fix the door entry system" in get(jo, "/petitions").get_data(as_text=True)
    get(jo, f"/petitions/{refs['gathering']}")

    # The representative sees every complaint their verified authority covers, and of the
    # one still being checked only that it was received.
    advocate = app.test_client()
    sign_in(advocate, ADVOCATE, DEMO_PASSWORD)
    dashboard = get(advocate, "/representing").get_data(as_text=True)
    assert refs["represented"] in dashboard and refs["pending"] in dashboard
    for reference in priyas:
        assert reference in get(advocate, f"/complaints/{reference}").get_data(as_text=True)
    get(advocate, f"/representing/complaints/{refs['represented']}")
    get(advocate, f"/representing/complaints/{refs['pending']}")
    get(advocate, f"/complaints/{refs['pending']}", status=404)
    get(advocate, f"/complaints/{refs['final']}", status=404)
