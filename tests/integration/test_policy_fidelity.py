"""Policy fidelity (issue 13): each rule as the seed policy or the Code says it, one row
per rule, each citing the seed file and section (or the Code section) it comes from.

Dates by hand (SPEC §3; WD = working day, the start day never counts). The stage 1
response is sent on Friday 1 May 2026; Monday 4 May (May Day) and Monday 25 May (Spring
bank holiday) are not working days in England.
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.services.records import clock
from portal.services.review import request as review
from tests.integration.test_staff_support import act, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (fixtures)
    app_for_fixture,
    complaint,
    kinds,
    quick_letters,
    responded,
)

RECEIVED = date(2026, 4, 20)
SENT = date(2026, 5, 1)


# -- item 2: building safety (seeds/004_33732138ecb6ee64.txt §5.1; SPEC §2) --------------
# Only building safety risks in a higher-risk building, confirmed by staff, go to the
# Building Safety Regulator after stage 1; everyone else keeps stage 2.
BUILDING_ROWS = [
    # profile, category, staff confirmed higher-risk?, goes to the Regulator?
    ("ivh", "building_safety", True, True),  # 004 §5.1: a risk in a higher-risk building
    ("ivh", "building_safety", False, False),  # 004 §5.1: not a higher-risk building
    ("ivh", "building_safety", None, False),  # not confirmed: the resident's word alone
    ("ivh", "repairs", True, False),  # 004 §5.1: only building safety *risks*
    ("hos-code-2024", "building_safety", True, False),  # the Code: two stages (5.2-5.3)
]


@pytest.mark.usefixtures("quick_letters")
@pytest.mark.parametrize(("profile", "category", "higher_risk", "regulator"), BUILDING_ROWS)
def test_only_a_confirmed_higher_risk_building_goes_to_the_regulator(
        app_for, profile, category, higher_risk, regulator):
    app = app_for(profile)
    confirm = higher_risk if category == "building_safety" and profile == "ivh" else None
    case = responded(app, received=RECEIVED, sent=SENT, category=category,
                     higher_risk=confirm)
    with app.test_request_context():
        found = complaint(case.reference)
        assert (found.escalated_to_bsr_on == SENT) is regulator
        assert ("escalated_to_bsr" in kinds(case.reference)) is regulator
        offered = review.offer(found, date(2026, 5, 5))
        assert (offered is None) is regulator
        assert (review.final_response(found) is not None) is regulator


def test_staff_confirm_the_building_before_the_stage1_response(app_for):
    from tests.support.factories import make_complaint, make_resident, make_staff

    app = no_csrf(app_for("ivh"))
    with app.test_request_context():
        staff = make_staff("case_handler", name="Hal Handler")
        found = make_complaint(make_resident("Jo Resident"), category="building_safety")
        reference, email = found.reference, staff.email
    client = app.test_client()
    sign_in(client, email)
    page = get(client, f"/staff/complaints/{reference}")
    assert "Confirm whether the home is in a higher-risk building" in page
    url = f"/staff/complaints/{reference}/higher-risk-building"
    html = act(client, url, {}, status=400).get_data(as_text=True)
    assert "Select yes if the home is in a higher-risk building" in html
    act(client, url, {"higher_risk": "no"})
    with app.app_context():
        assert complaint(reference).higher_risk_building is False
        assert "higher_risk_building_confirmed" in kinds(reference)
    assert "not a higher-risk building (confirmed)" in get(client,
                                                           f"/staff/complaints/{reference}")


# -- item 3: what a request for a review must contain -------------------------------------
REQUEST_ROWS = [
    # profile, reasons, what they want instead / remedy, accepted?, error, source
    ("ivh", "", "Replace the boiler", True, None),  # 004 §5.1: "reasons or alternative solution"
    ("ivh", "Still cold", "", True, None),  # 004 §5.1: reasons alone suffice
    ("ivh", "", "", False, "or what you would like us to do instead"),  # 004 §5.1: neither
    ("ids", "Still cold", "", False, "Tell us the remedy you want"),  # 002 §6.1: remedy too
    ("ids", "", "Replace the boiler", False, "Tell us why you are unhappy"),  # 002 §6.1
    ("ids", "Still cold", "Replace the boiler", True, None),  # 002 §6.1: both given
    ("isha", "", "Replace the boiler", False, "Tell us why you are unhappy"),  # 001 §2.9
    ("hos-code-2024", "", "", True, None),  # Code 6.12: reasons must not be required
]


@pytest.mark.usefixtures("quick_letters")
@pytest.mark.parametrize(("profile", "reasons", "outcome", "accepted", "error"), REQUEST_ROWS)
def test_a_request_for_a_review_needs_what_the_policy_asks(app_for, monkeypatch, profile,
                                                            reasons, outcome, accepted, error):
    app = no_csrf(app_for(profile))
    case = responded(app, received=RECEIVED, sent=SENT)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 6))
    client = app.test_client()
    sign_in(client, case.resident_email)
    url = f"/complaints/{case.reference}/ask-for-a-review"
    page = get(client, url)
    assert page.count('name="outcome"') == 1 and "issues-0-outcome" not in page
    response = act(client, url, {"reasons": reasons, "outcome": outcome},
                   status=303 if accepted else 400)
    with app.app_context():
        status = complaint(case.reference).status
    if accepted:
        assert status == "stage2_requested"
    else:
        html = response.get_data(as_text=True)
        assert error in html and status == "stage1_responded"
        assert reasons in html and outcome in html  # nothing typed is lost


def test_isha_may_decline_a_review_when_the_resident_will_not_elaborate(app_for):
    """seeds/001_5ef213f20e0d3d47.txt §2.8: 'unwilling to elaborate the reason for the
    continued dissatisfaction' is a ground to close without an internal review."""
    from portal.services.review import casework as review_casework
    from tests.integration.test_stage2_support import ask, pdf_text, user

    app = app_for("isha")
    case = responded(app, received=RECEIVED, sent=SENT)
    ask(app, case, date(2026, 5, 6))
    with app.test_request_context():
        found = complaint(case.reference)
        codes = [g.code for g in review_casework.decline_reasons(found)]
        assert "unwilling_to_elaborate" in codes and "compensation_only" in codes
        letter = review_casework.decline_stage2(
            user(case.reviewer_email), found, version=found.version, seen=None,
            reasons=["unwilling_to_elaborate"], detail="We asked twice by phone.",
            on=date(2026, 5, 8))
        text = pdf_text(letter.document.file.data)
        assert "Unwilling to say what remains unresolved" in text
        assert "ISHA Group Complaints Policy, 2.8" in text
    for other in ("ids", "ivh", "hos-code-2024"):
        with app_for(other).app_context():
            from portal.services.records.policy import profiles

            assert not profiles()[other].decline_grounds


# -- item 4: the petition threshold and its source, on the petition pages (SPEC §5) ----------
@pytest.mark.parametrize(("profile", "households", "source"), [
    ("isha", 5, "ISHA Group Complaints Policy, Appendix 2.1"),  # 001 Appendix 2.1
    ("ids", 2, "IDS Complaints Resolution &amp; Customer Care Policy, 4.1"),  # 002 §4.1
    ("ivh", 2, "Housing Ombudsman Complaint Handling Code 2024, 1.2"),  # 004 silent; Code
])
def test_the_petition_pages_show_the_profiles_threshold_and_its_source(app_for, profile,
                                                                       households, source):
    from tests.support.factories import make_resident

    app = no_csrf(app_for(profile))
    with app.app_context():
        email = make_resident("Lee Lead").email
    client = app.test_client()
    sign_in(client, email)
    html = get(client, "/petitions")
    assert f"at least {households} different households ({source}" in html


# -- item 7: one place for dates: `flask deadlines --json` has councillor_reply ----------------
def test_deadlines_json_includes_the_councillor_reply(app_for):
    """seeds/002_e4b1920b3e2bdc2b.txt §9.1: 10 working days. Received Wed 24 Mar 2027:
    Thu 25 (1), [Good Friday 26, weekend, Easter Monday 29], Tue 30 (2), Wed 31 (3),
    Thu 1 Apr (4), Fri 2 (5), Mon 5 - Fri 9 (6-10): Friday 9 April 2027."""
    import json

    app = app_for("ids")
    result = app.test_cli_runner().invoke(
        args=["deadlines", "--profile", "ids", "--received", "2027-03-24", "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert got["councillor_reply"] == "2027-04-09"
    assert got["acknowledge"] == "2027-03-31"  # 002 §5.5: 3 WD -> Thu 25, Tue 30, Wed 31
    # The Panel keys (002 §6.4): 1 calendar month from the request, 10 WD after it met.
    result = app.test_cli_runner().invoke(args=[
        "deadlines", "--profile", "ids", "--received", "2027-03-24", "--panel-requested",
        "2027-05-31", "--panel-met", "2027-06-14", "--json"])
    got = json.loads(result.output)
    assert (got["panel_meeting"], got["panel_response"]) == ("2027-06-30", "2027-06-28")


# -- item 8: IVH counts the review window from when the response was received ---------------
# seeds/004_33732138ecb6ee64.txt §5.1 (Stage 1): "within 10 working days of receiving their
# stage 1 investigation response". Emailed: received that day, so 10 WD after Fri 1 May
# 2026 is Mon 18 May. Posted: deemed received on the 2nd working day after posting (SPEC
# §4): [Mon 4 May bank holiday], Tue 5 (1), Wed 6 May (2); then 7, 8 (2), 11-15 (7), 18,
# 19, 20 (10): Wednesday 20 May 2026. IDS 002 §6.1 counts from sending, whatever the way.
WINDOW_ROWS = [
    ("ivh", "email", "email", date(2026, 5, 18), "was emailed on Friday 1 May 2026"),
    ("ivh", "letter", "post", date(2026, 5, 20), "treated as received on the 2nd working day"),
    ("ids", "letter", "post", date(2026, 6, 3), "when the stage 1 response was sent"),
]


@pytest.mark.usefixtures("quick_letters")
@pytest.mark.parametrize(("profile", "contact", "delivery", "closes", "words"), WINDOW_ROWS)
def test_the_review_window_counts_from_receipt_where_the_policy_says(
        app_for, monkeypatch, profile, contact, delivery, closes, words):
    app = no_csrf(app_for(profile))
    case = responded(app, received=RECEIVED, sent=SENT, contact_method=contact)
    with app.test_request_context():
        found = complaint(case.reference)
        assert found.stage1_delivery == delivery
        offer = review.offer(found, date(2026, 5, 5))
        assert offer.closes.due_on == closes
        assert any(words in line for line in offer.closes.explanation())
    monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 5))
    client = app.test_client()
    sign_in(client, case.resident_email)
    html = get(client, f"/complaints/{case.reference}")
    assert f"until <strong>{closes:%A} {closes.day} {closes:%B %Y}</strong>" in html
    assert words in html


# -- item 9: IDS tells the resident in advance when it closes for no reply -------------------
def test_ids_says_when_it_will_close_if_there_is_no_reply(app_for, monkeypatch):
    """seeds/002_e4b1920b3e2bdc2b.txt §5.7: "If we receive no response from you within 21
    working days, we will close the complaint". 21 WD after Fri 1 May 2026: Wednesday 3
    June 2026 (May Day and the Spring bank holiday skipped). Said in the stage 1 letter and
    on the complaint page; not on the Code profile, which sets no such rule."""
    from portal.data.models import Response
    from tests.integration.test_stage2_support import pdf_text

    for profile, told in (("ids", True), ("hos-code-2024", False)):
        app = no_csrf(app_for(profile))
        case = responded(app, received=RECEIVED, sent=SENT)
        with app.test_request_context():
            found = complaint(case.reference)
            letter = Response.query.filter_by(complaint_id=found.id).one()
            text = pdf_text(letter.document.file.data)
        said = "If we do not hear from you by Wednesday 3 June 2026, we will close your " \
               "complaint"
        assert (said in text) is told
        if told:
            assert "21 working days after the stage 1 response was sent (IDS Complaints " \
                   "Resolution & Customer Care Policy, 5.7)" in text
        monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 5))
        client = app.test_client()
        sign_in(client, case.resident_email)
        html = get(client, f"/complaints/{case.reference}")
        assert ("If we do not hear from you by Wednesday 3 June 2026, we will close your "
                "complaint" in html) is told


# -- missing, small: other routes in letters where the profile names them --------------------
ROUTE_ROWS = [
    # seeds/001_5ef213f20e0d3d47.txt Appendix 1: further options after the process
    ("isha", ["First-tier Tribunal (Property Chamber, Residential Property)",
              "Leasehold Advisory Service", "020 7832 2500",
              "ISHA Group Complaints Policy, Appendix 1"]),
    # seeds/003_3837ce41d0e560ef.txt "When we can't reach an agreement"
    ("southern-2022", ["First-tier Tribunal (Property Chamber), Southern region",
                       "Financial Ombudsman Service",
                       "complaint.info@financial-ombudsman.org.uk"]),
    ("hos-code-2024", []),  # the Code names none
]


@pytest.mark.parametrize(("profile", "named"), ROUTE_ROWS)
def test_the_response_letter_names_the_other_routes_the_policy_names(app_for, profile, named):
    from portal.data.models import Response
    from tests.integration.test_stage2_support import pdf_text

    app = app_for(profile)
    case = responded(app, received=RECEIVED, sent=SENT)
    with app.test_request_context():
        found = complaint(case.reference)
        letter = Response.query.filter_by(complaint_id=found.id).one()
        text = pdf_text(letter.document.file.data)
    assert ("Other places that can help" in text) is bool(named)
    for words in named:
        assert words in text


# -- missing, small: compensation offset against money owed (IDS 002 §7.2) ------------------
OFFSET_ROWS = [
    # profile, compensation, offset chosen, agreement, error or None
    ("ids", "150", "offset", "", "Enter who agreed"),  # 7.2: only with agreement recorded
    ("ids", "", "offset", "Mrs Khan by phone, 3 May", "Enter the compensation"),
    ("ids", "150", "offset", "Jo Resident agreed by phone on 30 April", None),  # 7.2
    ("ids", "150", "paid", "", None),  # paid in full: nothing about an offset
    ("hos-code-2024", "150", "offset", "Jo by phone", "does not offset"),  # no such rule
]


@pytest.mark.parametrize(("profile", "amount", "offset", "agreement", "error"), OFFSET_ROWS)
def test_compensation_pays_off_money_owed_only_with_agreement(app_for, profile, amount,
                                                              offset, agreement, error):
    from portal.data.models import Response
    from tests.integration.test_stage2_support import pdf_text
    from tests.support.factories import make_complaint, make_resident, make_staff

    app = no_csrf(app_for(profile))
    with app.test_request_context():
        from portal.services.stage1 import actions as stage1

        handler = make_staff("case_handler", name="Hal Handler")
        found = make_complaint(make_resident("Jo Resident"), received=RECEIVED)
        stage1.acknowledge(handler, found, version=found.version, seen=0,
                           definitions={i.id: "Understood." for i in found.issues},
                           handler_id=handler.id, on=RECEIVED)
        reference, email = found.reference, handler.email
    client = app.test_client()
    sign_in(client, email)
    url = f"/staff/complaints/{reference}/stage-1-response"
    page = get(client, url)
    assert ("How will the compensation be paid?" in page) is (profile == "ids")
    data = {"issues-0-decision": "upheld", "issues-0-reasons": "Not fixed.",
            "issues-1-decision": "upheld", "issues-1-reasons": "Missed.",
            "compensation": amount, "offset": offset, "offset_agreement": agreement}
    response = act(client, url, data, status=400 if error else 303, page=page)
    if error:
        assert error in response.get_data(as_text=True)
        return
    with app.test_request_context():
        letter = Response.query.filter_by(complaint_id=complaint(reference).id).one()
        text = pdf_text(letter.document.file.data)
        assert (letter.content["offset"] is not None) is (offset == "offset")
    said = "it will be used to pay off money you owe us"
    assert (said in text) is (offset == "offset")
    if offset == "offset":
        assert "IDS Complaints Resolution & Customer Care Policy, 7.2" in text
        assert "Jo Resident agreed by phone on 30 April" in text


# -- missing, small: closing mid-stage with a letter, and reopening (SPEC §2) ---------------
CLOSING_ROWS = [
    # profile, at stage 2?, ground, the citation the letter gives
    ("ids", False, "non_engagement", "IDS Complaints Resolution & Customer Care Policy, 5.6"),
    ("isha", False, "legal_proceedings", "ISHA Group Complaints Policy, 2.3"),  # 001 §2.3
    ("hos-code-2024", True, "legal_proceedings",
     "Housing Ombudsman Complaint Handling Code 2024, 2.2"),  # Code 2.2
]


@pytest.mark.parametrize(("profile", "at_stage2", "ground", "cite"), CLOSING_ROWS)
def test_closing_mid_stage_sends_a_letter_and_reopening_carries_on(app_for, profile,
                                                                    at_stage2, ground, cite):
    from portal.data.models import Response
    from tests.integration.test_stage2_support import ask, mail, pdf_text
    from tests.support.factories import make_complaint, make_resident, make_staff

    app = no_csrf(app_for(profile))
    if at_stage2:
        case = responded(app, received=RECEIVED, sent=SENT)
        ask(app, case, date(2026, 5, 6))
        reference, email, before = case.reference, case.manager_email, "stage2_requested"
    else:
        with app.test_request_context():
            from portal.services.stage1 import actions as stage1

            handler = make_staff("case_handler", name="Hal Handler")
            found = make_complaint(make_resident("Jo Resident"), received=RECEIVED)
            stage1.acknowledge(handler, found, version=found.version, seen=0,
                               definitions={i.id: "Understood." for i in found.issues},
                               handler_id=handler.id, on=RECEIVED)
            reference, email, before = found.reference, handler.email, "stage1"
    client = app.test_client()
    sign_in(client, email)
    assert "Close it now" in get(client, f"/staff/complaints/{reference}")
    url = f"/staff/complaints/{reference}/close-now"
    html = act(client, url, {"ground": ground}, status=400).get_data(as_text=True)
    assert "Explain what happened" in html
    act(client, url, {"ground": ground, "detail": "We phoned on 5, 7 and 12 May."})
    with app.test_request_context():
        found = complaint(reference)
        assert (found.status, found.closed_reason) == ("closed", ground)
        letter = Response.query.filter_by(complaint_id=found.id, kind="closure").one()
        text = pdf_text(letter.document.file.data)
        assert "We have closed your complaint" in text and cite in text
        assert "We phoned on 5, 7 and 12 May." in text and "we will reopen" in text
        assert len(mail(reference, "closed_mid_stage")) == 1
    assert "Reopen the complaint" in get(client, f"/staff/complaints/{reference}")
    act(client, f"/staff/complaints/{reference}/reopen",
        {"note": "The resident called back and wants to carry on."})
    with app.test_request_context():
        found = complaint(reference)
        assert (found.status, found.closed_reason, found.closed_on) == (before, None, None)
        assert kinds(reference)[-2:] == ["complaint_closed_mid_stage", "complaint_reopened"]
        assert len(mail(reference, "reopened")) == 1


def test_no_mid_stage_closing_where_the_policy_gives_no_ground(app_for):
    """seeds/003_3837ce41d0e560ef.txt names no legal-proceedings or non-engagement ground."""
    from portal.services.stage1 import closing

    app = app_for("southern-2022")
    case = responded(app, received=RECEIVED, sent=SENT)
    with app.test_request_context():
        assert closing.closing_grounds(complaint(case.reference)) == []
