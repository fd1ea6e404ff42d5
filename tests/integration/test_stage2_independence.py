"""Reviewer independence (Code 6.13, SPEC §4 "must not be the stage 1 handler"): nobody
involved at stage 1 can review, by any route or role, or by calling the services
directly: assigning, changing the reviewer, changing the handler to the reviewer, and
every stage 2 decision. Enforced in the service, so the routes only pass it on."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.permissions import PERMISSIONS, STAFF_ROLES
from portal.services.records import casework
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import act, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    acknowledge_stage2,
    app_for_fixture,
    ask,
    complaint,
    decisions,
    kinds,
    quick_letters,
    responded,
    user,
)
from tests.support.factories import make_staff

pytestmark = pytest.mark.usefixtures("quick_letters")

RECEIVED, SENT, ASKED = date(2026, 4, 20), date(2026, 5, 1), date(2026, 5, 6)
CODE = "Complaint Handling Code 6.13"


@pytest.fixture
def case(app_for):
    """A Code complaint whose stage 1 handler is a complaints manager (so their role
    could review), with a review asked for."""
    app = no_csrf(app_for("hos-code-2024"))
    found = responded(app, received=RECEIVED, sent=SENT, handler_role="complaints_manager")
    ask(app, found, ASKED)
    return app, found


def _refused(call, field=None):
    with pytest.raises(casework.CaseworkError) as caught:
        call()
    assert CODE in str(caught.value)
    if field:
        assert caught.value.field == field


def test_the_service_refuses_the_stage1_handler_as_reviewer(case):
    app, c = case
    with app.test_request_context():
        found = complaint(c.reference)
        manager = user(c.manager_email)
        _refused(lambda: review_casework.acknowledge_stage2(
            manager, found, version=found.version, seen=0,
            definitions={i.id: "x" for i in found.issues}, reviewer_id=c.handler_id), "reviewer")
        # ...even when the stage 1 handler acknowledges and names themselves.
        handler = user(c.handler_email)
        _refused(lambda: review_casework.acknowledge_stage2(
            handler, found, version=found.version, seen=0,
            definitions={i.id: "x" for i in found.issues}, reviewer_id=c.handler_id))
        assert c.handler_id not in [u.id for u in review_casework.reviewer_choices(manager, found)]
        assert complaint(c.reference).status == "stage2_requested"


def test_the_route_never_offers_and_refuses_the_stage1_handler(case):
    app, c = case
    client = app.test_client()
    sign_in(client, c.manager_email)
    url = f"/staff/complaints/{c.reference}/stage-2-acknowledge"
    html = get(client, url)
    assert f'value="{c.reviewer_id}"' in html
    assert f'name="reviewer" type="radio" value="{c.handler_id}"' not in html
    assert "not Hal Handler" in html
    data = {"definitions-0": "a", "definitions-1": "b", "reviewer": str(c.handler_id)}
    page = act(client, url, data, status=400).get_data(as_text=True)
    assert CODE in page
    with app.app_context():
        found = complaint(c.reference)
        assert found.status == "stage2_requested" and found.reviewer_id is None


def test_the_stage1_handler_cannot_decide_anything_at_stage2(case):
    app, c = case
    with app.test_request_context():
        found = complaint(c.reference)
        handler = user(c.handler_email)
        version = found.version
        _refused(lambda: review_casework.decline_stage2(handler, found, version=version, seen=0,
                                                 reasons=["late"], detail="x"))
    acknowledge_stage2(app, case=c, on=date(2026, 5, 7))
    with app.test_request_context():
        found = complaint(c.reference)
        handler = user(c.handler_email)
        version = found.version
        _refused(lambda: responses.respond(handler, found, version=version, seen=0,
                                          draft=decisions(found), stage=2))
        _refused(lambda: review_casework.extend_stage2(handler, found, version=version, seen=0,
                                                new_on=date(2026, 7, 1), reason="x"))
        assert complaint(c.reference).status == "stage2"
    # Through the page too: the stage 1 handler's stage 2 response is refused.
    client = app.test_client()
    sign_in(client, c.handler_email)
    url = f"/staff/complaints/{c.reference}/stage-2-response"
    data = {"issues-0-decision": "upheld", "issues-0-reasons": "x",
            "issues-1-decision": "upheld", "issues-1-reasons": "y"}
    assert CODE in act(client, url, data, status=400).get_data(as_text=True)
    with app.app_context():
        assert complaint(c.reference).stage2_sent_on is None


def test_changing_the_reviewer_to_the_stage1_handler_is_refused(case):
    app, c = case
    acknowledge_stage2(app, case=c, on=date(2026, 5, 7))
    with app.test_request_context():
        found = complaint(c.reference)
        _refused(lambda: review_casework.change_reviewer(
            user(c.manager_email), found, version=found.version, seen=0,
            reviewer_id=c.handler_id, reason="Holiday"), "reviewer")
    client = app.test_client()
    sign_in(client, c.manager_email)
    url = f"/staff/complaints/{c.reference}/change-reviewer"
    page = act(client, url, {"reviewer": str(c.handler_id), "reason": "Holiday"}, status=400)
    assert CODE in page.get_data(as_text=True)
    with app.app_context():
        assert complaint(c.reference).reviewer_id == c.reviewer_id


def test_making_the_reviewer_the_case_handler_is_refused(case):
    app, c = case
    with app.test_request_context():
        reviewer_as_handler = make_staff("complaints_manager", name="Cam Manager")
        acknowledge_stage2(app, case=c, on=date(2026, 5, 7), reviewer_id=reviewer_as_handler.id)
        found = complaint(c.reference)
        with pytest.raises(casework.CaseworkError) as caught:
            stage1.change_handler(user(c.manager_email), found, version=found.version, seen=0,
                                    handler_id=reviewer_as_handler.id, reason="Cover")
        assert CODE in str(caught.value)
        assert complaint(c.reference).handler_id == c.handler_id


def test_everyone_involved_at_stage1_is_excluded(app_for):
    """Handlers it had (before a change) and whoever sent the stage 1 response."""
    app = no_csrf(app_for("hos-code-2024"))
    with app.test_request_context():
        first = make_staff("complaints_manager", name="First Handler")
        second = make_staff("complaints_manager", name="Second Handler")
        sender = make_staff("complaints_manager", name="Response Sender")
        outsider = make_staff("complaints_manager", name="Outsider")
        from tests.support.factories import make_complaint

        found = make_complaint(received=RECEIVED)
        stage1.acknowledge(first, found, version=found.version, seen=0,
                             definitions={i.id: "x" for i in found.issues}, handler_id=first.id,
                             on=RECEIVED)
        stage1.change_handler(first, found, version=found.version, seen=0,
                                handler_id=second.id, reason="Leave")
        responses.respond(sender, found, version=found.version, seen=0, draft=decisions(found),
                         on=SENT)
        assert review_casework.stage1_people(found) == {first.id, second.id, sender.id}
        choices = [u.id for u in review_casework.reviewer_choices(outsider, found)]
        assert outsider.id in choices
        assert not {first.id, second.id, sender.id} & set(choices)


def test_a_reviewer_can_only_assign_themselves(case):
    app, c = case
    with app.test_request_context():
        found = complaint(c.reference)
        reviewer = user(c.reviewer_email)
        other = make_staff("reviewer", name="Other Reviewer")
        assert [u.id for u in review_casework.reviewer_choices(reviewer, found)] == [reviewer.id]
        with pytest.raises(casework.CaseworkError, match="only make yourself"):
            review_casework.acknowledge_stage2(reviewer, found, version=found.version, seen=0,
                                        definitions={i.id: "x" for i in found.issues},
                                        reviewer_id=other.id)
        review_casework.acknowledge_stage2(reviewer, found, version=found.version, seen=0,
                                    definitions={i.id: "x" for i in found.issues},
                                    reviewer_id=reviewer.id)
        assert complaint(c.reference).reviewer_id == reviewer.id
        assert "stage2_acknowledged" in kinds(c.reference)


STAGE2_PAGES = [("/stage-2-acknowledge", "review"), ("/decline-review", "review"),
                ("/change-reviewer", "reassign"), ("/stage-2-extend", "review"),
                ("/stage-2-response", "review"), ("/pass-back", "review"),
                ("/late-request", "review"), ("/panel-meeting", "review"),
                ("/panel-response", "review")]


@pytest.mark.parametrize("role", list(STAFF_ROLES))
def test_each_role_reaches_only_the_stage2_pages_it_may(case, role):
    app, c = case
    with app.app_context():
        email = make_staff(role, name=f"Someone {role}").email
    client = app.test_client()
    sign_in(client, email)
    for path, permission in STAGE2_PAGES:
        expected = 200 if permission in PERMISSIONS[role] else 403
        get(client, f"/staff/complaints/{c.reference}{path}", status=expected)
        if expected == 403:
            response = client.post(f"/staff/complaints/{c.reference}{path}",
                                   data={"reviewer": str(c.handler_id), "detail": "x"})
            assert response.status_code == 403
    with app.app_context():
        assert complaint(c.reference).status == "stage2_requested"


def test_the_stage1_handler_is_not_offered_stage2_work_that_another_manager_is(case):
    """Code 6.13: a form that would only be refused is not offered (issue 15, item 12)."""
    app, c = case
    acknowledge_stage2(app, case=c, on=date(2026, 5, 7))
    client = app.test_client()
    sign_in(client, c.handler_email)
    theirs = get(client, f"/staff/complaints/{c.reference}")
    assert "/stage-2-response" not in theirs and "/stage-2-extend" not in theirs
    other = app.test_client()
    sign_in(other, c.manager_email)
    assert f"/staff/complaints/{c.reference}/stage-2-response" in get(
        other, f"/staff/complaints/{c.reference}")
