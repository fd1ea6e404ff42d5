"""The resident asks for a review, for each profile, through the pages: the window shown
with its explanation and countdown, reasons required or not, a late request flagged
(never refused), building safety on IVH, the Panel on IDS only, withdrawing at stage 2.

Dates are worked by hand (WD = working day; the start day never counts, SPEC §3). The
stage 1 response is sent on Friday 1 May 2026; Monday 4 May (May Day)
and Monday 25 May (Spring bank holiday) are not working days in England.

- IDS, seeds/002_e4b1920b3e2bdc2b.txt §6.1, "ask within 21 working days": Tue 5 May (1),
  6, 7, 8 (4), 11-15 (9), 18-22 (14), [25 skipped], 26-29 (18), Mon 1 Jun (19),
  Tue 2 (20), Wed 3 June (21). So the last day is Wednesday 3 June 2026; asking on
  Thursday 4 June (the 22nd WD) is late.
- IVH, seeds/004_33732138ecb6ee64.txt §5.1 (Stage 1), "within 10 working days of
  receiving their stage 1 investigation response": 5, 6, 7, 8 (4), 11-15 (9), Mon 18 May
  (10). Late from Tuesday 19 May 2026.
- ISHA (seeds/001_5ef213f20e0d3d47.txt §2.9), Southern (seeds/003_3837ce41d0e560ef.txt,
  "Right to ask for a review") and the Code (SPEC §4, 2.2): no window, so never late.
"""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from portal.services.records import clock
from tests.integration.test_staff_support import act, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    PROFILES,
    app_for_fixture,
    complaint,
    kinds,
    mail,
    quick_letters,
    responded,
)

SENT = date(2026, 5, 1)
pytestmark = pytest.mark.usefixtures("quick_letters")

RECEIVED = date(2026, 4, 20)
LAST_DAY = {"ids": date(2026, 6, 3), "ivh": date(2026, 5, 18)}
REASONS_REQUIRED = {"isha": True, "ids": True, "southern-2022": False, "ivh": True,
                    "hos-code-2024": False}
EXPLAINED = {
    "ids": ("21 working days after the stage 1 response was sent",
            "IDS Complaints Resolution & Customer Care Policy, 6.1"),
    "ivh": ("10 working days after the stage 1 response was sent",
            "IVH Customer Complaints Policy, 5.1 (Stage 1)"),
}


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def _page(build, profile, monkeypatch, today):
    app = no_csrf(build(profile))
    case = responded(app, received=RECEIVED, sent=SENT)
    _on(monkeypatch, today)
    client = app.test_client()
    sign_in(client, case.resident_email)
    return app, case, client


@pytest.mark.parametrize("profile", PROFILES)
def test_the_window_is_shown_with_its_date_explanation_and_countdown(app_for, monkeypatch,
                                                                      profile):
    # Wednesday 20 May 2026: IDS has 21 - 14 = ... counted by the engine: after Wed 20 May,
    # Thu 21 (1), Fri 22 (2), [Mon 25 bank holiday], Tue 26 - Fri 29 (6), Mon 1 Jun (7),
    # Tue 2 (8), Wed 3 (9): "9 working days left: until Wednesday 3 June 2026".
    app, case, client = _page(app_for, profile, monkeypatch, date(2026, 5, 20))
    html = unescape(get(client, f"/complaints/{case.reference}"))
    assert "If you are unhappy with our response" in html
    if profile == "ids":
        assert "until <strong>Wednesday 3 June 2026</strong>" in html
        assert "9 working days left: until Wednesday 3 June 2026" in html
        words, cite = EXPLAINED["ids"]
        assert words in html and cite in html
        assert "Counted from Friday 1 May 2026" in html
        assert "Monday 25 May 2026 (Spring Bank Holiday, bank holiday)" in html
    elif profile == "ivh":
        # After 18 May: the window has closed, and the page says they can still ask.
        assert "The last day to ask for a review was Monday 18 May 2026" in html
        assert "You can still ask" in html
    else:
        assert "Our policy does not set a deadline" in html
    required = REASONS_REQUIRED[profile]
    assert ("tell us why you are still unhappy" in html) is required
    assert ("You do not have to give a reason" in html) is not required


@pytest.mark.parametrize("profile", PROFILES)
def test_reasons_are_required_only_where_the_profile_says(app_for, monkeypatch, profile):
    app, case, client = _page(app_for, profile, monkeypatch, date(2026, 5, 11))
    url = f"/complaints/{case.reference}/ask-for-a-review"
    html = get(client, url)
    assert "Ask for a review of your complaint" in html
    required = REASONS_REQUIRED[profile]
    if required:
        response = act(client, url, {}, status=400)
        page = response.get_data(as_text=True)
        assert "Tell us why you are unhappy with our response" in page
        assert "<title>Error: " in page
        with app.app_context():
            assert complaint(case.reference).status == "stage1_responded"
        act(client, url, {"reasons": "The damp is back.",
                          "issues-0-unresolved": "Mould again",
                          "outcome": "A full survey"})
    else:
        # The Code 6.12: a request with no reasons at all goes in.
        act(client, url, {})
    with app.app_context():
        found = complaint(case.reference)
        assert found.status == "stage2_requested" and found.stage == 2
        assert found.stage2_requested_on == date(2026, 5, 11)
        assert found.stage2_late is False
        if required:
            assert found.stage2_reasons == "The damp is back."
            assert found.issues[0].stage2_unresolved == "Mould again"
            assert found.stage2_outcome_wanted == "A full survey"
        assert "stage2_requested" in kinds(case.reference)
        assert "stage2_request_flagged_late" not in kinds(case.reference)
        assert len(mail(case.reference, "stage2_requested")) == 1
    page = get(client, f"/complaints/{case.reference}")
    assert "Your request for a review has been sent" in page
    assert "You asked for a review (stage 2)" in page


@pytest.mark.parametrize("profile", ["ids", "ivh"])
def test_on_the_last_day_in_time_and_the_next_working_day_flagged_late(app_for, monkeypatch,
                                                                       profile):
    last = LAST_DAY[profile]
    app, case, client = _page(app_for, profile, monkeypatch, last)
    assert "Today is the last day to ask" in get(client, f"/complaints/{case.reference}")
    act(client, f"/complaints/{case.reference}/ask-for-a-review", {"reasons": "Still damp.",
                                                                  "outcome": "A survey"})
    with app.app_context():
        assert complaint(case.reference).stage2_late is False

    # A second complaint, asked for on the next working day (IDS: Thursday 4 June; IVH:
    # Tuesday 19 May): still accepted for a decision, and flagged.
    late_day = {"ids": date(2026, 6, 4), "ivh": date(2026, 5, 19)}[profile]
    other = responded(app, received=RECEIVED, sent=SENT)
    _on(monkeypatch, late_day)
    client = app.test_client()
    sign_in(client, other.resident_email)
    url = f"/complaints/{other.reference}/ask-for-a-review"
    html = get(client, url)
    assert f"The last day to ask was {last:%A} {last.day} {last:%B %Y}" in html
    assert "Why are you asking now?" in html
    act(client, url, {"reasons": "Still damp.", "outcome": "A survey",
                      "late_reason": "I was in hospital."})
    with app.app_context():
        found = complaint(other.reference)
        assert found.status == "stage2_requested"
        assert found.stage2_late is True and found.stage2_late_reason == "I was in hospital."
        assert found.stage2_late_decision is None
        assert kinds(other.reference)[-2:] == ["stage2_requested", "stage2_request_flagged_late"]
        [message] = mail(other.reference, "stage2_requested")
        assert "has not been refused" in message.text
    page = get(client, f"/complaints/{other.reference}")
    assert "we will decide whether to accept it" in page


@pytest.mark.parametrize("profile", ["isha", "southern-2022", "hos-code-2024"])
def test_without_a_window_a_request_a_year_later_is_not_late(app_for, monkeypatch, profile):
    app, case, client = _page(app_for, profile, monkeypatch, date(2027, 5, 3))
    data = {"reasons": "Still damp."} if REASONS_REQUIRED[profile] else {}
    act(client, f"/complaints/{case.reference}/ask-for-a-review", data)
    with app.app_context():
        assert complaint(case.reference).stage2_late is False


def test_a_complaint_closed_for_no_reply_can_still_ask_late(app_for, monkeypatch):
    # IDS 002 §5.7 closes it 21 WD after the response (on the 22nd WD, 4 June 2026);
    # asking after that reopens it as a late request for a decision.
    app = no_csrf(app_for("ids"))
    case = responded(app, received=RECEIVED, sent=SENT)
    with app.test_request_context():
        from portal.services.stage1 import jobs as stage1_jobs

        assert stage1_jobs.close_no_reply(on=date(2026, 6, 4)) == [case.reference]
    _on(monkeypatch, date(2026, 6, 8))
    client = app.test_client()
    sign_in(client, case.resident_email)
    assert "You can still ask" in get(client, f"/complaints/{case.reference}")
    act(client, f"/complaints/{case.reference}/ask-for-a-review", {"reasons": "Away.",
                                                                  "outcome": "A survey"})
    with app.app_context():
        found = complaint(case.reference)
        assert (found.status, found.stage2_late, found.closed_on) == ("stage2_requested",
                                                                       True, None)


def test_building_safety_on_ivh_goes_to_the_regulator_not_stage_2(app_for, monkeypatch):
    app = no_csrf(app_for("ivh"))
    case = responded(app, received=RECEIVED, sent=SENT, category="building_safety",
                     higher_risk=True)
    _on(monkeypatch, date(2026, 5, 5))
    client = app.test_client()
    sign_in(client, case.resident_email)
    html = get(client, f"/complaints/{case.reference}")
    assert "If you are unhappy with our response" not in html
    assert "Building Safety Regulator" in html
    assert "Going to the Housing Ombudsman" in html and "until Saturday 1 May 2027" in html
    with app.app_context():
        found = complaint(case.reference)
        assert found.escalated_to_bsr_on == SENT
        assert "escalated_to_bsr" in kinds(case.reference)
        [message] = mail(case.reference, "responded")
        assert "final response" in message.text
    response = client.get(f"/complaints/{case.reference}/ask-for-a-review")
    assert response.status_code == 303


def test_withdraw_at_stage_2(app_for, monkeypatch):
    app = no_csrf(app_for("hos-code-2024"))
    case = responded(app, received=RECEIVED, sent=SENT)
    _on(monkeypatch, date(2026, 5, 6))
    client = app.test_client()
    sign_in(client, case.resident_email)
    act(client, f"/complaints/{case.reference}/ask-for-a-review", {})
    act(client, f"/complaints/{case.reference}/withdraw", {"reason": "Sorted now."})
    with app.app_context():
        found = complaint(case.reference)
        assert (found.status, found.stage) == ("withdrawn", 2)
        assert kinds(case.reference)[-1] == "complaint_withdrawn"
    assert "Withdrawn" in get(client, f"/complaints/{case.reference}")
