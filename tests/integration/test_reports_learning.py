"""The learning log and the overview's remedies, contact dates and extensions: each
figure on the hand-built set (tests/support/reporting_set.py) with the expected value
worked out in a comment; who may read and change the log; the forms keep what was typed;
the annual report's PDF draws on it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    Complaint,
    ContactLog,
    Event,
    Improvement,
    Response,
    Theme,
    User,
)
from portal.domain import reporting as rules
from portal.services.records.documents import Checked, add_document
from portal.services.reporting import improvements as changes
from portal.services.reporting import learning, remedies
from tests.integration.test_representation_support import pdf_text
from tests.integration.test_staff_support import act
from tests.support import reporting_set
from tests.support.factories import make_resident, make_staff
from tests.support.web import get, post, sign_in

YEAR = rules.Period(date(2026, 4, 1), date(2027, 3, 31))
YEAR_ARGS = "start-day=1&start-month=4&start-year=2026&end-day=31&end-month=3&end-year=2027"


def _at(y, m, d, hour=12):
    return datetime(y, m, d, hour, tzinfo=UTC)


def _build(app) -> dict:
    """The reporting set, two root causes, responses with compensation and learning,
    agreed contact dates, extensions and improvements; returns what the tests need."""
    with app.app_context():
        resident = make_resident()
        refs = reporting_set.build(resident.id)
        manager = make_staff("complaints_manager")
        ids = dict(db.session.execute(select(Complaint.reference, Complaint.id)).all())
        c = {name: ids[ref] for name, ref in refs.items()}
        repairs = changes.add_theme(manager, "Repair not followed up")
        talk = changes.add_theme(manager, "Poor communication")
        for name, theme in (("escalated", repairs), ("valid_extension", repairs),
                            ("refused", repairs), ("withdrawn", talk)):
            db.session.get(Complaint, c[name]).root_cause_id = theme.id
        letter = add_document(kind="response_letter", uploaded_by_id=manager.id,
                              checked=Checked("letter.pdf", "application/pdf", b"%PDF-1.7 x"))
        for name, at, content in (
                ("escalated", _at(2026, 6, 15), {"compensation": "100.00", "offset": None,
                                                 "learning": "Call back after every repair"}),
                ("valid_extension", _at(2026, 7, 30),
                 {"compensation": "50.50", "offset": {"agreement": "Mrs A, by phone"},
                  "learning": ""}),
                ("extension_beyond", _at(2026, 8, 6), {"compensation": None}),
                ("march_april", _at(2027, 4, 1), {"compensation": "999.00",
                                                 "learning": "Next year's lesson"}),
                ("refused", _at(2026, 9, 9), {"compensation": "20.00"})):
            db.session.add(Response(complaint_id=c[name], stage=1, kind="response",
                                    issued_at=at, issued_by_id=manager.id, content=content,
                                    document_id=letter.id))
        first = c["escalated"]
        db.session.add_all([
            # Agreed on 2 June for 5 June; a call on 5 June keeps it.
            AgreedContact(complaint_id=first, due_on=date(2026, 6, 5), method="phone",
                          agreed_at=_at(2026, 6, 2, 10), agreed_by_id=manager.id),
            # Agreed on 6 June (after that call) for 10 June; the next call is 12 June:
            # missed.
            AgreedContact(complaint_id=first, due_on=date(2026, 6, 10), method="phone",
                          agreed_at=_at(2026, 6, 6, 10), agreed_by_id=manager.id),
            # For 30 March 2027: not yet due on 20 March 2027.
            AgreedContact(complaint_id=first, due_on=date(2027, 3, 30), method="email",
                          agreed_at=_at(2027, 3, 1, 10), agreed_by_id=manager.id),
            ContactLog(complaint_id=first, happened_at=_at(2026, 6, 5, 9), method="phone",
                       notes="Called", by_id=manager.id),
            ContactLog(complaint_id=first, happened_at=_at(2026, 6, 12, 9), method="phone",
                       notes="Called", by_id=manager.id),
            Event(complaint_id=first, kind="stage1_extended", at=_at(2026, 7, 10),
                  summary="x", payload={"reason": "Waiting for a contractor's report"}),
            Event(complaint_id=first, kind="stage1_extended", at=_at(2026, 7, 20),
                  summary="x", payload={"reason": "Waiting for a contractor's report "}),
            Event(complaint_id=first, kind="stage2_extended", at=_at(2026, 8, 1),
                  summary="x", payload={"reason": "Resident on holiday"}),
            Event(complaint_id=first, kind="stage1_extended", at=_at(2027, 5, 1),
                  summary="x", payload={"reason": "Outside the year"}),
        ])
        db.session.commit()
        made = {}
        for title, status, proposed, done in (
                ("Follow-up calls", "done", date(2026, 5, 1), date(2026, 9, 1)),
                ("Old change", "done", date(2025, 5, 1), date(2025, 12, 1)),
                ("Repairs triage", "in_progress", date(2026, 6, 1), None),
                ("Letter templates", "proposed", date(2026, 7, 1), None)):
            made[title] = changes.save_improvement(manager, None, changes.ImprovementDraft(
                title, f"{title}: what and why", "Repairs team", status, proposed,
                done_on=done, theme_id=repairs.id, references=[refs["escalated"]]),
                version=None).id
        return {"refs": refs, "manager": manager.email, "resident": resident.email,
                "themes": {"repairs": repairs.id, "talk": talk.id}, "improvements": made}


def test_the_learning_figures_for_the_year(app):
    _build(app)
    with app.app_context():
        # Received and counted in 2026/27 (reporting_set): escalated, valid_extension,
        # extension_beyond, march_april, withdrawn, first_contact, no_acknowledgement = 7;
        # the refused one is not counted. Repair not followed up: escalated and
        # valid_extension = 2; Poor communication: withdrawn = 1; none yet: 7 - 3 = 4.
        assert learning.by_theme(YEAR) == [("Repair not followed up", 2),
                                           ("Poor communication", 1),
                                           (learning.NOT_RECORDED, 4)]
        # June 2026 only: escalated (received 1 June).
        assert learning.by_theme(rules.Period(date(2026, 6, 1), date(2026, 6, 30))) == [
            ("Repair not followed up", 1)]
        # Improvements: "Follow-up calls" done 1 Sept 2026 (in the year), "Old change"
        # done December 2025 (not), one in progress, one proposed.
        assert learning.improvement_counts(YEAR) == [
            ("Done in the period", 1), ("In progress now", 1),
            ("Proposed, not yet started", 1)]
        assert [i.title for i in learning.done_in(YEAR)] == ["Follow-up calls"]
        # Compensation in responses sent in 2026/27 for counted complaints: £100.00 to be
        # paid (escalated), £50.50 set against money owed (valid_extension); not the
        # refused complaint's £20, nor £999 sent on 1 April 2027, nor a response with none.
        assert remedies.compensation(YEAR) == [
            (remedies.PAID, 1, Decimal("100.00")), (remedies.OFFSET, 1, Decimal("50.50"))]
        # Agreed contact dates due in the year, on 20 March 2027: 5 June kept (a call that
        # day, after it was agreed), 10 June missed (agreed 6 June; the next call was 12
        # June), 30 March 2027 not yet due.
        assert remedies.agreed_contacts(YEAR, date(2027, 3, 20)) == [
            (remedies.KEPT, 1), (remedies.MISSED, 1), (remedies.TO_COME, 1)]
        # Extensions made in the year: two at stage 1 (the same reason, once with a
        # trailing space), one at stage 2; the one in May 2027 is outside.
        assert remedies.extensions(YEAR) == (
            [("Stage 1", 2), ("Stage 2", 1)],
            [("Waiting for a contractor's report", 2), ("Resident on holiday", 1)])


def test_the_lessons_page_filters(app):
    built = _build(app)
    with app.app_context():
        manager = db.session.scalar(select(User).where(User.email == built["manager"]))
        everything = learning.Filters(YEAR.start, YEAR.end)
        found = learning.lessons(manager, everything, 1)
        # Only escalated's response says what was learned in 2026/27 (valid_extension's
        # is empty, extension_beyond has none, march_april's was sent in 2027/28).
        assert [(row.reference, row.learning, row.root_cause) for row in found.items] == [
            (built["refs"]["escalated"], "Call back after every repair",
             "Repair not followed up")]
        talk = learning.Filters(YEAR.start, YEAR.end, theme_id=built["themes"]["talk"])
        assert learning.lessons(manager, talk, 1).total == 0
        none_yet = learning.Filters(YEAR.start, YEAR.end, theme_id=0)
        assert learning.lessons(manager, none_yet, 1).total == 0
        assert learning.lessons(manager, learning.Filters(YEAR.start, YEAR.end,
                                                          category="repairs"), 1).total == 1


@pytest.mark.parametrize(("role", "status"), [
    ("case_handler", 403), ("customer_services", 403), ("reviewer", 403),
    ("complaints_manager", 200), ("administrator", 200), ("board_member", 200)])
def test_who_may_read_the_learning_log(app, client, role, status):
    with app.app_context():
        email = make_staff(role).email
    sign_in(client, email)
    for url in ("/staff/reports/learning", "/staff/reports/improvements"):
        assert client.get(url).status_code == status, (role, url)
    # Only complaints managers change it.
    changing = 200 if role == "complaints_manager" else 403
    assert client.get("/staff/reports/improvements/new").status_code == changing
    assert client.get("/staff/reports/root-causes").status_code == changing


def test_a_resident_is_refused(app, client):
    with app.app_context():
        email = make_resident(email="res@example.org").email
    sign_in(client, email)
    assert client.get("/staff/reports/learning").status_code == 403


def test_a_board_member_reads_but_cannot_change(app, client):
    built = _build(app)
    with app.app_context():
        email = make_staff("board_member").email
    sign_in(client, email)
    html = get(client, f"/staff/reports/learning?{YEAR_ARGS}").get_data(as_text=True)
    assert "Call back after every repair" in html and "Repair not followed up" in html
    # No link to the complaint (board members cannot open complaints), nothing to change.
    assert f'reference={built["refs"]["escalated"]}' not in html
    assert f'/complaints/{built["refs"]["escalated"]}"' not in html
    assert "Change the list of root causes" not in html
    listing = get(client, "/staff/reports/improvements").get_data(as_text=True)
    assert "Follow-up calls" in listing and "Add a service improvement" not in listing
    improvement_id = built["improvements"]["Follow-up calls"]
    response = post(client, f"/staff/reports/improvements/{improvement_id}",
                    {"title": "Changed"}, from_url="/staff/reports/improvements")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Improvement, improvement_id).title == "Follow-up calls"


def test_a_manager_adds_an_improvement_and_fixes_what_was_wrong(app, client):
    built = _build(app)
    sign_in(client, built["manager"])
    typed = {"title": "", "description": "Ring every resident after a repair",
             "owner": "Repairs team", "status": "done", "proposed_on-day": "1",
             "proposed_on-month": "5", "proposed_on-year": "2026",
             "references": f"{built['refs']['withdrawn']} CMP-2026-999999"}
    response = post(client, "/staff/reports/improvements/new", typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Enter a title for the improvement" in html
    assert "Enter the date it was done" in html
    assert "Ring every resident after a repair" in html and "CMP-2026-999999" in html
    typed.update({"title": "Call-backs", "done_on-day": "2", "done_on-month": "9",
                  "done_on-year": "2026"})
    response = post(client, "/staff/reports/improvements/new", typed,
                    from_url="/staff/reports/improvements/new")
    assert response.status_code == 400  # an unknown complaint reference
    assert "No complaint has the reference CMP-2026-999999" in response.get_data(as_text=True)
    typed["references"] = built["refs"]["withdrawn"]
    response = post(client, "/staff/reports/improvements/new", typed,
                    from_url="/staff/reports/improvements/new")
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.scalar(select(Improvement).where(Improvement.title == "Call-backs"))
        assert (saved.status, saved.done_on) == ("done", date(2026, 9, 2))
        assert changes.linked_references(saved.id) == [built["refs"]["withdrawn"]]
        event = db.session.scalar(select(Event).where(Event.kind == "improvement_added")
                                  .order_by(Event.id.desc()))
        assert event.payload["improvement_id"] == saved.id and event.internal
    # Changed by someone who saw an older version: refused, nothing lost.
    stale = {**typed, "title": "Call-backs (changed)", "version": "0"}
    response = post(client, f"/staff/reports/improvements/{saved.id}", stale)
    assert response.status_code == 400
    assert "Someone else changed this improvement" in response.get_data(as_text=True)


def test_a_handler_records_the_root_cause_from_the_managers_list(app, client):
    from tests.support.factories import make_complaint

    with app.app_context():
        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        complaint = make_complaint()
        reference = complaint.reference
        offered = changes.add_theme(manager, "Repair not followed up")
        retired = changes.add_theme(manager, "Old reason")
        changes.set_theme_active(manager, retired.id, False)
        offered_id, retired_id, email = offered.id, retired.id, handler.email
    sign_in(client, email)
    url = f"/staff/complaints/{reference}/root-cause"
    html = get(client, url).get_data(as_text=True)
    assert "Repair not followed up" in html and "Old reason" not in html
    act(client, url, {"theme": str(retired_id)}, status=400)
    act(client, url, {"theme": str(offered_id)})
    with app.app_context():
        found = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert found.root_cause_id == offered_id
        event = db.session.scalar(select(Event).where(Event.kind == "root_cause_set"))
        assert event.internal and event.complaint_id == found.id
        assert db.session.scalar(select(Theme.active).where(Theme.id == retired_id)) is False
    page = get(client, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "Root cause (internal): Repair not followed up" in page


def test_the_overview_and_the_annual_report_draw_on_it(app, client):
    built = _build(app)
    sign_in(client, built["manager"])
    html = get(client, f"/staff/reports?{YEAR_ARGS}").get_data(as_text=True)
    # £100.00 + £50.50 in 2 responses (see test_the_learning_figures_for_the_year).
    assert "Compensation offered in responses sent in the period: £150.50 in 2 responses" \
        in html
    assert "Agreed contact dates in the period: 3 dates in all" in html
    assert "Reasons given for extensions: 3 extensions in all; the most, 2, waiting for" in html
    assert "Complaints received by root cause: 7 complaints in all" in html
    # The compensation table downloads in pounds and pence.
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(get(client, "/staff/reports/tables/compensation.xlsx?"
                                             "from=2026-04-01&to=2027-03-31").data)).active
    assert [tuple(r) for r in sheet.values][1:] == [("Paid to the resident", 100),
                                                    ("Set against money owed", 50.5)]
    pdf = client.get("/staff/reports/annual/2026/draft.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert "Complaints received by root cause" in text and "Repair not followed up 2" in text
    assert "Follow-up calls" in text and "Old change" not in text
    # The pictures (the pages' SVG, drawn by WeasyPrint) with their sentences.
    assert "Complaints received by root cause: 7 complaints in all" in text
    assert "Stage 1 responses within the Code's timescale by month:" in text


def test_an_improvement_with_no_root_causes_on_the_list_yet(app, client):
    with app.app_context():
        email = make_staff("complaints_manager").email
    sign_in(client, email)
    html = get(client, "/staff/reports/improvements/new").get_data(as_text=True)
    assert "Root cause it addresses" not in html
    response = post(client, "/staff/reports/improvements/new", {
        "title": "Plain letters", "description": "Shorter letters", "owner": "Complaints team",
        "status": "proposed", "proposed_on-day": "1", "proposed_on-month": "6",
        "proposed_on-year": "2026", "category": ""})
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.scalar(select(Improvement))
        assert (saved.title, saved.theme_id, saved.category) == ("Plain letters", None, None)


def test_the_log_sends_the_same_statements_whatever_it_holds(app, client):
    """Paged in the database: 60 more improvements (linked to complaints) and 60 more
    lessons change neither page's number of statements."""
    from sqlalchemy import event, insert

    built = _build(app)
    sign_in(client, built["manager"])
    pages = [f"/staff/reports/learning?{YEAR_ARGS}", "/staff/reports/improvements"]

    def counts():
        found = {}
        for url in pages:
            seen = []
            with app.app_context():
                def listener(*_args, _seen=seen, **_kwargs):
                    _seen.append(1)

                event.listen(db.engine, "before_cursor_execute", listener)
                try:
                    assert client.get(url).status_code == 200
                finally:
                    event.remove(db.engine, "before_cursor_execute", listener)
            found[url] = len(seen)
        return found

    before = counts()
    with app.app_context():
        from portal.data.models import improvement_complaints
        from tests.support import bulk

        ids = bulk.complaints(db.session.scalar(select(Complaint.resident_id)),
                              [date(2026, 5, 1)] * 60, status="stage1_responded")
        document_id, by_id = db.session.execute(
            select(Response.document_id, Response.issued_by_id)).first()
        made = db.session.scalars(insert(Improvement).returning(Improvement.id), [
            {"title": f"Change {n}", "description": "Why", "owner": "Team",
             "status": "proposed", "proposed_on": date(2026, 5, 1), "version": 1,
             "theme_id": built["themes"]["repairs"]} for n in range(60)]).all()
        db.session.execute(improvement_complaints.insert(), [
            {"improvement_id": i, "complaint_id": c} for i in made for c in ids[:3]])
        db.session.execute(insert(Response), [
            {"complaint_id": ids[n], "stage": 1, "kind": "response",
             "issued_at": _at(2026, 6, 20), "issued_by_id": by_id,
             "content": {"learning": f"Lesson {n}"}, "document_id": document_id}
            for n in range(60)])
        db.session.commit()
    assert counts() == before
    html = client.get(f"/staff/reports/learning?{YEAR_ARGS}").get_data(as_text=True)
    assert "61 responses sent in the period say what we learned" in html
