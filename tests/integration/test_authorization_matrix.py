"""Every route (GET and POST) as every identity: anonymous, the resident who owns the
complaint, another resident, representatives whose authority over it is pending, verified,
verified for another complaint only, revoked or expired, a petition signatory (by their
link), and each staff role. The expected outcome is written out below, route by route, not
derived from the decorators under test; a route with no row fails the test.

Outcomes: "ok" (a page, a file or a redirect within what the identity may do), "signin"
(a redirect to sign in), "staff" (staff sent to their own pages), "403", "404", "400" (a
link that is not valid, whoever follows it). A POST is sent only by identities expected to
be refused (with a valid CSRF token for their session), and nothing may change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint, ContactTask, Event, OutboxMessage, User
from tests.conftest import DATABASES
from tests.support import world as worlds
from tests.support.web import csrf_token

IDS = worlds.IDENTITIES
PEOPLE = ("owner", "other_resident", *worlds.REPRESENTATIVES)
ROLES = ("customer_services", "case_handler", "reviewer", "complaints_manager",
         "administrator", "safeguarding_lead", "board_member", "director")
SHORT = {"cs": "customer_services", "ch": "case_handler", "rv": "reviewer",
         "cm": "complaints_manager", "ad": "administrator", "sl": "safeguarding_lead",
         "bm": "board_member", "dr": "director"}


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(IDS, outcome)


def person(*allowed: str, refused: str = "404") -> dict[str, str]:
    """A page for signed-in residents and representatives: `allowed` see it, other people
    get `refused`, anonymous and signatories are asked to sign in, staff are sent to
    their own pages."""
    row = {"anonymous": "signin", "signatory": "signin", **dict.fromkeys(ROLES, "staff")}
    row.update({who: "ok" if who in allowed else refused for who in PEOPLE})
    return row


def staff(roles: str) -> dict[str, str]:
    """A staff page: the roles named (short names) may use it, other roles get 403,
    residents and representatives 404, and anonymous callers are asked to sign in."""
    allowed = {SHORT[r] for r in roles.split()}
    row = {"anonymous": "signin", "signatory": "signin", **dict.fromkeys(PEOPLE, "404")}
    row.update({role: "ok" if role in allowed else "403" for role in ROLES})
    return row


def reports(roles: str, allowed: str = "ok") -> dict[str, str]:
    """A reports page: like a staff page, except that a signed-in resident or
    representative is told 403 rather than 404."""
    return {**staff(roles), **dict.fromkeys(PEOPLE, "403"),
            **{SHORT[r]: allowed for r in roles.split()}}


ANY_PERSON = person(*PEOPLE)
OWN = person("owner", "rep_verified")  # the complaint: its resident and a verified authority
DRAFT = person("owner")  # the owner's unsent draft
LEAD = person("owner")  # the owner leads the petition
AUTHORITY_HOLDERS = person("rep_pending", "rep_verified", "rep_revoked", "rep_expired")
SIGNED_IN_ELSEWHERE = {**everyone("ok"), **dict.fromkeys(ROLES, "staff")}
CASEWORK = staff("cs ch rv cm sl dr")

EXPECTED: dict[str, dict[str, str]] = {
    # public
    "public.home": everyone("ok"),
    "public.policy": everyone("ok"),
    "public.anonymous_complaint": everyone("ok"),
    "public.performance": everyone("ok"),
    "public.performance_pdf": everyone("404"),  # nothing published in this world
    "auth.register": everyone("ok"),
    "auth.check_email": everyone("ok"),
    "auth.resend_verification": everyone("ok"),
    "auth.forgot_password": everyone("ok"),
    "auth.sign_in": SIGNED_IN_ELSEWHERE,  # signed in already: sent home
    "auth.sign_out": everyone("ok"),
    "auth.verify_email": everyone("400"),  # a made-up link
    "auth.reset_password": everyone("400"),
    # the resident's complaint
    "resident.dashboard": ANY_PERSON,
    "resident.complaint": OWN,
    "resident.confirmation": OWN,
    "resident.add_information": OWN,
    "resident.ask_for_panel": OWN,
    "resident.ask_for_review": OWN,
    "resident.correct": OWN,
    "resident.download": OWN,
    "resident.letter": OWN,  # a letter's web version: the very checks of the download
    "resident.survey": OWN,
    "resident.ombudsman_pack": OWN,
    "resident.satisfied": OWN,
    "resident.withdraw": OWN,
    # only the resident gives permission to disclose who made a complaint in confidence
    "resident.disclose_identity": person("owner"),
    "petitions.communal_letter": person(),  # the complaint was not joined: no such letter
    # a new complaint
    "resident.start": ANY_PERSON,
    "resident.adjustments": DRAFT,
    "resident.category": DRAFT,
    "resident.check": DRAFT,
    "resident.contact": DRAFT,
    "resident.evidence": DRAFT,
    "resident.remove_evidence": DRAFT,
    "resident.issues": DRAFT,
    "resident.issue": DRAFT,
    "resident.remove_issue": DRAFT,
    "resident.questions": DRAFT,
    "resident.support": DRAFT,
    # petitions: the lead, and signatories by their link (whoever holds it)
    "petitions.index": ANY_PERSON,
    "petitions.new": ANY_PERSON,
    "petitions.petition": LEAD,
    "petitions.paper": LEAD,
    "petitions.submit": LEAD,
    "petitions.poster": LEAD,  # an A4 PDF of the gathering petition
    "petitions.sign": everyone("ok"),
    "petitions.signed": everyone("ok"),
    "petitions.withdraw": everyone("ok"),
    "petitions.member_letter": everyone("404"),  # not a letter sent to the petition
    # representatives, and the resident's view of them
    "representatives.dashboard": ANY_PERSON,
    "representatives.start": ANY_PERSON,
    "representatives.your_representatives": ANY_PERSON,
    # where the authority stands (the case itself only while it is verified)
    "representatives.complaint": AUTHORITY_HOLDERS,
    "representatives.sent": AUTHORITY_HOLDERS,
    "representatives.upload_letter": person("rep_pending"),  # their own authority
    "representatives.phone_consent": person("rep_pending"),  # their own authority
    "representatives.confirm_authority": person("owner"),
    "representatives.revoke_authority": person("owner"),
    # staff, by role
    "staff.queue": staff("cs ch rv cm ad sl dr"),
    "staff.complaint": CASEWORK,
    "staff.actions": CASEWORK,
    "staff.authorities": CASEWORK,
    "staff.authority": CASEWORK,
    "staff.contact_tasks": CASEWORK,
    "staff.contact_task": CASEWORK,
    "staff.contact_task_letter": CASEWORK,
    "staff.petition": CASEWORK,
    "staff.download_document": CASEWORK,
    "staff.log_contact": CASEWORK,
    "staff.complete_contact_task": CASEWORK,
    "staff.acknowledge_complaint": staff("cs ch cm"),
    "staff.resolve_first_contact": staff("cs ch cm"),
    "staff.confirm_building": staff("cs ch cm"),
    "staff.verify_authority": staff("cs ch cm"),
    "staff.reject_authority": staff("cs ch cm"),
    "staff.revoke_authority": staff("cs ch cm"),
    "staff.paper_signature": staff("cs ch cm"),
    "staff.verify_signature": staff("cs ch cm"),
    "staff.reject_signature": staff("cs ch cm"),
    "staff.refuse_complaint": staff("cs cm"),
    # the saved draft of a letter as a PDF (issue 15, item 9): whoever may send that letter
    "staff.letter_preview_pdf": staff("cs cm"),
    "staff.join_complaints": staff("cs cm"),
    "staff.refer_petition": staff("cs cm"),
    "staff.reject_petition": staff("cs cm"),
    "staff.extend_stage1": staff("ch cm"),
    "staff.respond_stage1": staff("ch cm"),
    "staff.close_complaint": staff("ch cm"),
    "staff.close_mid_stage": staff("ch cm"),
    "staff.reopen_complaint": staff("ch cm"),
    "staff.complete_action": staff("ch rv cm"),
    "staff.change_handler": staff("cm"),
    "staff.flag_safeguarding": staff("ch cm sl"),
    "staff.remove_safeguarding": staff("sl"),
    "staff.ombudsman_cases": CASEWORK,
    "staff.ombudsman_investigating": staff("cm"),
    "staff.ombudsman_determination": staff("cm"),
    "staff.correct_ombudsman_determination": staff("cm"),
    "staff.ombudsman_order": staff("cm"),
    "staff.service_request_list": CASEWORK,
    # restrictions for unreasonable behaviour (issue 16 §1): a manager proposes and reviews;
    # the role the profile names decides (here a manager; IDS a director); casework sees
    "staff.propose_restriction": staff("cm"),
    "staff.restriction_list": staff("cs ch rv cm sl dr"),
    "staff.restriction": staff("cs ch rv cm sl dr"),
    "staff.approve_restriction": staff("cm dr"),
    "staff.reject_restriction": staff("cm dr"),
    "staff.review_restriction": staff("cm"),
    "resident.appeal_restriction": ANY_PERSON,
    "resident.ask_restriction_review": ANY_PERSON,  # southern-2022's one review on request
    "staff.treat_as_service_request": staff("cs ch cm"),
    "staff.link_service_request": staff("cs ch cm"),
    "staff.log_complaint": staff("cs ch cm"),
    # permission to disclose who made a complaint in confidence: this world's complaint
    # was not made in confidence, so there is nothing to record (404) for casework roles
    "staff.disclose_identity": {**CASEWORK,
                                **{SHORT[r]: "404" for r in "cs ch rv cm sl dr".split()}},
    "staff.anonymous_reports": CASEWORK,
    "staff.change_reviewer": staff("cm"),
    "staff.acknowledge_stage2": staff("rv cm"),
    "staff.decide_late_request": staff("rv cm"),
    "staff.decline_stage2": staff("rv cm"),
    "staff.extend_stage2": staff("rv cm"),
    "staff.respond_stage2": staff("rv cm"),
    "staff.pass_back": staff("rv cm"),
    "staff.arrange_panel": staff("rv cm"),
    "staff.respond_panel": staff("rv cm"),
    "staff.list_accounts": staff("ad"),
    "staff.create_account": staff("ad"),
    "staff.switch_account": staff("ad"),
    "staff.outbox": staff("ad"),
    "staff.outbox_message": staff("ad"),
    # reports
    "staff.reports": reports("cm ad bm"),
    "staff.counted": reports("cm ad bm"),
    "staff.export_complaints": reports("cm ad bm"),
    "staff.export_table": reports("cm ad bm"),
    "staff.homes": reports("ad"),
    "staff.annual_report": reports("cm ad bm"),
    "staff.annual_report_draft_pdf": reports("cm ad bm"),
    "staff.annual_report_pdf": reports("cm ad bm", allowed="404"),  # none published yet
    "staff.annual_report_publish": reports("cm"),
    # the learning log: read by the reports roles, changed by complaints managers
    "staff.learning_log": reports("cm ad bm"),
    "staff.improvements": reports("cm ad bm"),
    "staff.new_improvement": reports("cm"),
    "staff.edit_improvement": reports("cm"),
    "staff.root_causes": reports("cm"),
    "staff.root_cause_offered": reports("cm"),
    "staff.root_cause": staff("ch rv cm"),
    # A manager, or the complaint's own case handler (this complaint has none: 403).
    "staff.compensation_paid": staff("cm"),
    # what an administrator sets for the reports
    "staff.report_figures": reports("ad"),
    "staff.set_tp09": reports("ad"),
    "staff.set_stock_type": reports("ad"),
    "staff.set_publishing": reports("ad"),
}
REFUSED = {"signin", "staff", "403", "404"}


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        location = response.headers.get("Location", "")
        if "/sign-in" in location:
            return "signin"
        if location.startswith("/staff") or "//localhost/staff" in location:
            return "staff"
        return "ok"
    if status < 300:
        return "ok"
    return str(status)


@pytest.fixture(scope="module", params=DATABASES)
def world(request, tmp_path_factory):
    app, drop = worlds.make_app(request.param, tmp_path_factory.mktemp("matrix"), request)
    built = worlds.build(app)
    yield app, built, worlds.clients(app, built)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Event, Complaint, OutboxMessage, User, ContactTask)}


def test_every_route_has_a_row(world):
    app, _built, _clients = world
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints - EXPECTED.keys() == set(), "routes with no row in the matrix"
    assert EXPECTED.keys() - endpoints == set(), "rows for routes that no longer exist"


def test_every_route_as_every_identity(world):
    app, built, clients = world
    tokens = {who: csrf_token(client.get("/").get_data(as_text=True))
              for who, client in clients.items()}
    with app.app_context():
        before = _counts()
    wrong: list[tuple] = []
    cells = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        url = worlds.url_for_rule(built, rule)
        for who in IDS:
            expected = EXPECTED[rule.endpoint][who]
            if "GET" in rule.methods:
                got = outcome(clients[who].get(url))
                cells += 1
                if got != expected:
                    wrong.append(("GET", rule.rule, who, expected, got))
            if "POST" in rule.methods and expected in REFUSED:
                got = outcome(clients[who].post(url, data={"csrf_token": tokens[who]}))
                cells += 1
                if got != expected:
                    wrong.append(("POST", rule.rule, who, expected, got))
    assert wrong == [], "\n".join(map(str, wrong))
    assert cells > 1000
    with app.app_context():
        assert _counts() == before  # no refused POST changed anything
