"""Pressing Enter in a field of a response form submits it as if by the form's first
submit button (HTML's implicit submission). "Add another action" sits in the middle of
the stage 1 and stage 2 response forms, so a hidden "Preview the letter" opens each form:
Enter previews (a letter is permanent: only the Send button sends it)."""

from __future__ import annotations

import re
from datetime import date

from tests.integration import test_stage2_support as stage2
from tests.integration.test_staff_letter_drafts import response_data
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.integration.test_stage2_support import app_for_fixture  # noqa: F401 (a fixture)
from tests.pagecheck import check_page
from tests.support.factories import make_complaint, make_resident, make_staff

BUTTON = re.compile(r"<button\b[^>]*>.*?</button>", re.S)


def _submit_buttons(html: str, action: str) -> list[str]:
    """The submit buttons of the POST form for `action`, in document order."""
    start = html.index(f'<form method="post" action="{action}"')
    form = html[start:html.index("</form>", start)]
    return [b for b in BUTTON.findall(form) if 'type="submit"' in b]


def test_enter_in_the_stage_1_response_previews_it_and_does_not_add_an_action(app, client):
    email, ref = staff_and_complaint(no_csrf(app))
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/stage-1-response"
    html = get(client, url)
    buttons = _submit_buttons(html, url)
    first = buttons[0]
    # The first is a hidden Preview: out of the tab order and hidden from screen readers.
    assert 'name="letter_action" value="preview"' in first
    assert 'tabindex="-1"' in first and 'aria-hidden="true"' in first
    assert "govuk-visually-hidden" in first
    names = [re.search(r'name="([^"]+)"', b) for b in buttons]
    assert [m.group(1) if m else None for m in names].index("add_action") > 0
    visible_send = [b for b in buttons[1:] if "Send the stage 1 response" in b]
    assert len(visible_send) == 1 and "name=" not in visible_send[0]
    # What Enter posts (the form and the first button) previews: nothing is sent.
    previewed = client.post(url, data={**response_data(), "letter_action": "preview"})
    assert previewed.status_code == 200
    assert "<title>Check the stage 1 response" in previewed.get_data(as_text=True)
    with app.app_context():
        assert complaint(ref).status == "stage1"
    # The visible Send (no button name) sends it.
    act(client, url, response_data(), page=html)
    with app.app_context():
        assert complaint(ref).status == "stage1_responded"


def test_enter_when_the_letter_cannot_go_previews_it(app, client):
    with no_csrf(app).app_context():
        staff = make_staff("complaints_manager", name="Sam Manager")
        ref = make_complaint(make_resident("Ada Noaddress"),
                             adjustments=["large_print"]).reference
        email = staff.email
    sign_in(client, email)
    acknowledge(client, ref)
    url = f"/staff/complaints/{ref}/stage-1-response"
    html = get(client, url)
    first = _submit_buttons(html, url)[0]
    assert 'name="letter_action" value="preview"' in first and 'aria-hidden="true"' in first
    # (What a preview does is tested in test_staff_letter_drafts.) No Send at all:
    assert not [b for b in _submit_buttons(html, url) if "name=" not in b]


def test_the_stage_2_response_form_opens_with_its_main_button_and_passes_the_checks(
        app_for):
    app = no_csrf(app_for("isha"))
    case = stage2.responded(app, received=date(2026, 4, 20), sent=date(2026, 5, 1))
    stage2.ask(app, case, date(2026, 5, 6))
    stage2.acknowledge_stage2(app, case, date(2026, 5, 7))
    client = app.test_client()
    sign_in(client, case.reviewer_email)
    url = f"/staff/complaints/{case.reference}/stage-2-response"
    html = get(client, url)
    check_page(html)
    buttons = _submit_buttons(html, url)
    assert 'value="preview"' in buttons[0] and 'aria-hidden="true"' in buttons[0]
    assert any('name="add_action"' in b for b in buttons[1:])
