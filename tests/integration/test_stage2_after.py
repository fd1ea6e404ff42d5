"""After the responses: actions tracked across complaints (Code 6.6, 7.3), the
satisfaction survey once (seeds/001 §2.7, §6.6; seeds/002 §5.7), and the Ombudsman pack
(one ZIP: chronology, every letter, every document, every due date met or missed)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from html import unescape

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Action, Event, SurveyResponse
from portal.services.actions import tracking
from portal.services.records import casework, clock
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import act, date_fields, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    app_for_fixture,
    complaint,
    kinds,
    mail,
    pdf_text,
    responded,
    user,
)
from tests.support.factories import make_resident, make_staff

RECEIVED, SENT = date(2026, 4, 20), date(2026, 5, 1)
DUE = date(2027, 3, 1)  # the action's due date (tests.integration.test_stage2_support)


def _today(monkeypatch, day):
    monkeypatch.setattr(clock, "today", lambda: day)


def test_actions_are_listed_across_complaints_flagged_overdue_and_marked_done(app_for,
                                                                             monkeypatch):
    app = no_csrf(app_for("hos-code-2024"))
    c = responded(app, received=RECEIVED, sent=SENT)
    other = responded(app, received=RECEIVED, sent=SENT)
    _today(monkeypatch, date(2027, 3, 2))
    staff = app.test_client()
    sign_in(staff, c.handler_email)
    listing = unescape(get(staff, "/staff/actions"))
    assert listing.count(">Treat the damp</td>") == 2
    assert c.reference in listing and other.reference in listing
    assert "Repairs team" in listing and "1 March 2027" in listing
    assert listing.count("Overdue</strong>") == 2
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    assert "Overdue" in get(resident, f"/complaints/{c.reference}")

    with app.app_context():
        action_id = db.session.scalar(select(Action.id).where(
            Action.complaint_id == complaint(c.reference).id))
    url = f"/staff/actions/{action_id}/done"
    act(staff, url, {**date_fields("done_on", date(2027, 3, 2)),
                     "note": "Treated and repainted."})
    with app.app_context():
        assert db.session.get(Action, action_id).done_on == date(2027, 3, 2)
        event = db.session.scalar(select(Event).where(Event.kind == "action_completed"))
        assert not event.internal and event.payload["late"] is True
        [message] = mail(c.reference, "action_done")
        assert "Treat the damp" in message.text and "Treated and repainted." in message.text
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "Done (late): Treat the damp" in page and "Done 2 March 2027" in page
    assert "Treat the damp" in get(staff, "/staff/actions?tab=done")
    assert get(staff, "/staff/actions?tab=overdue").count("Overdue</strong>") == 1
    again = act(staff, url, {**date_fields("done_on", date(2027, 3, 2)), "note": "x"},
                status=400)
    assert "already marked done" in again.get_data(as_text=True)

    # Customer services see the list, but marking done is not theirs to do.
    with app.app_context():
        cs = make_staff("customer_services").email
    viewer = app.test_client()
    sign_in(viewer, cs)
    assert "Mark done" not in get(viewer, "/staff/actions")
    get(viewer, url, status=403)


def test_an_action_cannot_be_done_in_the_future(app_for, monkeypatch):
    app = no_csrf(app_for("hos-code-2024"))
    c = responded(app, received=RECEIVED, sent=SENT)
    _today(monkeypatch, date(2026, 6, 1))
    with app.test_request_context():
        found = complaint(c.reference)
        action = db.session.scalar(select(Action).where(Action.complaint_id == found.id))
        try:
            tracking.complete_action(user(c.handler_email), action, version=found.version,
                                     seen=0, done_on=date(2026, 6, 2), note="x")
        except casework.CaseworkError as error:
            assert error.field == "done_on"
        else:
            raise AssertionError("an action was marked done tomorrow")
        try:
            tracking.complete_action(user(c.handler_email), action, version=found.version,
                                     seen=0, done_on=date(2020, 1, 1), note="x")
        except casework.CaseworkError as error:
            assert error.field == "done_on" and "when we received the complaint" in str(error)
        else:
            raise AssertionError("an action was marked done before the complaint existed")


def test_survey_once_after_closure(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    c = responded(app, received=RECEIVED, sent=SENT)
    _today(monkeypatch, date(2026, 5, 5))
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    assert resident.get(f"/complaints/{c.reference}/how-did-we-do").status_code == 303
    resident.post(f"/complaints/{c.reference}/satisfied")
    page = get(resident, f"/complaints/{c.reference}")
    assert "Tell us how we did" in page
    url = f"/complaints/{c.reference}/how-did-we-do"
    errors = act(resident, url, {}, status=400).get_data(as_text=True)
    assert "Select yes if you are satisfied" in errors
    act(resident, url, {"satisfied": "no", "kept_informed": "disagree",
                        "clear_response": "agree", "comments": "Slow to call back."})
    with app.app_context():
        [answer] = db.session.scalars(select(SurveyResponse)).all()
        assert answer.satisfied is False
        assert answer.answers == {"kept_informed": "disagree", "clear_response": "agree",
                                  "comments": "Slow to call back."}
        assert kinds(c.reference)[-1] == "survey_answered"
    after = get(resident, f"/complaints/{c.reference}")
    assert "Thank you for telling us how we did" in after
    # Not satisfied: a next step, not only thanks (a review if one can still be asked for,
    # here the complaint was closed as satisfied, so how to tell us and the Ombudsman).
    assert "If you are still unhappy" in after and c.reference in after.split(
        "If you are still unhappy", 1)[1]
    assert resident.get(url).status_code == 303
    resident.post(url, data={"satisfied": "yes"})
    with app.app_context():
        assert len(db.session.scalars(select(SurveyResponse)).all()) == 1


def test_the_ombudsman_pack_holds_everything_the_resident_can_see(app_for, monkeypatch):
    app = no_csrf(app_for("ivh"))
    c = responded(app, received=RECEIVED, sent=SENT)
    with app.test_request_context():
        found = complaint(c.reference)
        stage1.log_contact(user(c.handler_email), found, version=found.version, seen=0,
                             method="phone", notes="Called about the survey.", shared=True,
                             next_on=date(2026, 5, 8), next_method="phone", on=SENT)
        stage1.log_contact(user(c.handler_email), found, version=found.version, seen=0,
                             method="phone", notes="Internal only.", shared=False)
        stranger = make_resident("Someone Else").email
    _today(monkeypatch, date(2026, 5, 20))  # after IVH's window (Monday 18 May) closed
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    assert "Download everything (ZIP file)" in get(resident, f"/complaints/{c.reference}")
    response = resident.get(f"/complaints/{c.reference}/ombudsman-pack")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"{c.reference}-ombudsman-pack.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert names[0] == "chronology.pdf" and "README.txt" in names
    letters = [n for n in names if n.startswith("letters/")]
    assert len(letters) == 1 and letters[0].endswith(f"{c.reference}-stage-1-response.pdf")
    with app.app_context():
        found = complaint(c.reference)
        stored = next(d for d in found.documents if d.kind == "response_letter")
        assert archive.read(letters[0]) == stored.file.data  # exactly the bytes sent
    words = pdf_text(archive.read("chronology.pdf"))
    for expected in ("Complaint " + c.reference + ": chronology",
                     "Due dates, met or missed", "Acknowledge the complaint",
                     "Met: done Monday 20 April 2026", "Stage 1 response",
                     "Contact dates we agreed", "Friday 8 May 2026", "Missed",
                     "Actions we promised", "Treat the damp", "Called about the survey.",
                     "Last day to ask for a stage 2 review", "Time to ask ended",
                     "0300 111 3000"):
        assert expected in words, expected
    assert "Internal only." not in words
    assert letters[0] in archive.read("README.txt").decode()
    other = app.test_client()
    sign_in(other, stranger)
    assert other.get(f"/complaints/{c.reference}/ombudsman-pack").status_code == 404
