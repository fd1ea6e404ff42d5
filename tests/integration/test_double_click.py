"""Pressing "Send complaint" twice: the second press lands on the complaint the first
one made, never a 500 and never a second complaint."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint
from portal.services.intake import drafts as intake
from tests.support.factories import ISSUES, make_resident
from tests.support.web import csrf_token, sign_in


def test_a_second_press_of_send_lands_on_the_same_complaint(app):
    client = app.test_client()
    with app.app_context():
        resident = make_resident(email="twice@example.org")
        draft = intake.new_draft(resident)
        intake.save_answers(draft, category="repairs", contact_method="email",
                            contact_times="Mornings", adjustments=[], screening=[])
        intake.save_issue(draft, None, ISSUES[0])
        url = f"/complaints/new/{draft.id}/check"
    sign_in(client, "twice@example.org")
    token = csrf_token(client.get(url).get_data(as_text=True))
    first = client.post(url, data={"csrf_token": token})
    second = client.post(url, data={"csrf_token": token})
    assert first.status_code == 303 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert "/confirmation" in first.headers["Location"]
    assert client.get(url).status_code == 303  # the page itself now shows the complaint
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 1
