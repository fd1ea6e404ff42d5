"""The annual complaints performance and service improvement report (Code section 8,
SPEC.md §4 "Reporting (8.1-8.2)"): pre-filled from the records, edited as a draft,
published once as a tagged PDF stored with its SHA-256; its text holds CH01/CH02 and
every Code section of the self-assessment."""

from __future__ import annotations

import hashlib

from portal.domain.self_assessment import PROVISIONS, SECTIONS
from tests.integration.test_stage2_support import pdf_text
from tests.support import reporting_set
from tests.support.factories import make_resident, make_staff
from tests.support.web import get, post, sign_in

URL = "/staff/reports/annual/2026"


def _world(app, role="complaints_manager"):
    with app.app_context():
        resident = make_resident()
        reporting_set.build(resident.id)
        return make_staff(role).email, resident.email


def _form(**rows) -> dict:
    data = {"version": "", "seen": "0", "improvements": "We now phone within 2 days.",
            "determinations": "", "governing_body_response": "The Board accepts the report."}
    for provision in PROVISIONS:
        data[f"complies-{provision.ref}"] = rows.get(provision.ref, "yes")
        data[f"evidence-{provision.ref}"] = f"Evidence for {provision.ref}"
        data[f"commentary-{provision.ref}"] = ""
    return data


def test_draft_pdf_and_publish_once(app, client):
    email, _ = _world(app)
    sign_in(client, email)
    html = get(client, URL).get_data(as_text=True)
    # Pre-filled from the hand-built set: 2 of 5 stage 1 responses by the Code's own date,
    # 1 of 5 by a valid extension (tests/support/reporting_set.py).
    assert "Stage 1 responses within the original timescale: 40.0% (2 of 5)" in html
    assert "Stage 1 responses within a valid extension: 20.0% (1 of 5)" in html
    # A bad answer keeps everything typed and says what to fix.
    bad = _form(**{"6.2": "maybe"})
    bad["commentary-6.3"] = "Typed and kept"
    response = post(client, URL, bad, status=400)
    page = response.get_data(as_text=True)
    assert "Choose yes, partly or no for 6.2" in page and "Typed and kept" in page
    post(client, URL, _form(**{"6.3": "partly"}), status=303)
    html = get(client, URL).get_data(as_text=True)
    assert "We now phone within 2 days." in html and "Evidence for 9" in html

    draft = client.get(f"{URL}/draft.pdf")
    assert draft.status_code == 200 and draft.data.startswith(b"%PDF")
    text = pdf_text(draft.data)
    # CH01(1) 5.8, CH02(1) 60.0 (reporting_set), and every section and provision.
    assert "CH01(1)" in text and "5.8" in text and "CH02(1)" in text and "60.0" in text
    for number, title in SECTIONS.items():
        assert f"Section {number}: {title}" in text
    for provision in PROVISIONS:
        assert f"{provision.ref}:" in text, provision.ref
    assert "The Board accepts the report." in text

    post(client, f"{URL}/publish", {}, from_url=URL, status=303)
    html = get(client, URL).get_data(as_text=True)
    assert "Published on" in html and "Save the draft" not in html
    stored = client.get(f"{URL}/published.pdf")
    assert stored.status_code == 200
    assert hashlib.sha256(stored.data).hexdigest() in html
    # Published once: a second publish and a change are refused; the PDF is unchanged.
    again = post(client, f"{URL}/publish", {}, from_url=URL, follow=True)
    assert "already published" in again.get_data(as_text=True)
    post(client, URL, _form(), status=400)
    assert client.get(f"{URL}/published.pdf").data == stored.data
    # The public performance page (no sign-in) shows the published figures and the PDF.
    public = app.test_client()
    html = get(public, "/complaints-performance").get_data(as_text=True)
    assert "2026/27" in html and "5.8" in html and "60.0%" in html and "(3 of 5)" in html
    assert public.get("/complaints-performance/2026.pdf").data == stored.data
    assert public.get("/complaints-performance/2025.pdf").status_code == 404


def test_a_board_member_reads_but_cannot_change_it(app, client):
    email, resident = _world(app, "board_member")
    sign_in(client, email)
    html = get(client, URL).get_data(as_text=True)
    assert "Self-assessment against the Code" in html and "Save the draft" not in html
    post(client, f"{URL}/publish", {}, from_url=URL, status=403)
    post(client, URL, _form(), status=403)
    assert client.get(f"{URL}/published.pdf").status_code == 404
    other = app.test_client()
    sign_in(other, resident)
    assert other.get(URL).status_code == 403
