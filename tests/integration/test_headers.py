"""Security headers on every response (portal.web): nothing a person signed in sees, and no
download, is kept by the browser or a proxy (`Cache-Control: no-store`); HSTS in
production; the CSP without unsafe-inline, no framing, no sniffing, same-origin referrers."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from portal import create_app
from portal.config import Settings
from portal.data.db import db
from portal.services.records.documents import add_document, check_upload
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import sign_in

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; frame-ancestors 'none'; base-uri 'self'")


def _urls(app, values: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        urls.append(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>",
                           lambda m: str(values.get(m.group(1), 1)), rule.rule))
    return urls


def _assert_secure(response, url: str) -> None:
    headers = response.headers
    assert "no-store" in headers.get("Cache-Control", ""), (url, response.status_code,
                                                            headers.get("Cache-Control"))
    assert headers["Content-Security-Policy"] == CSP, url
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["X-Frame-Options"] == "DENY", url
    assert headers["Referrer-Policy"] == "same-origin", url


def test_every_page_and_download_signed_in_is_never_stored(app):
    with app.app_context():
        resident = make_resident(email="cache@example.org")
        complaint = make_complaint(resident)
        document = add_document(kind="evidence", checked=check_upload("note.txt", b"private"),
                                uploaded_by_id=resident.id, complaint_id=complaint.id)
        db.session.commit()
        values = {"reference": complaint.reference, "document_id": document.id}
        admin_email = make_staff("administrator").email
        staff_email = make_staff("case_handler").email
    for email in ("cache@example.org", admin_email, staff_email):
        client = app.test_client()
        sign_in(client, email)
        for url in _urls(app, values):
            _assert_secure(client.get(url), url)
    client = app.test_client()
    sign_in(client, "cache@example.org")
    download = client.get(f"/complaints/{values['reference']}/documents/{values['document_id']}")
    assert download.status_code == 200 and download.data == b"private"
    _assert_secure(download, "download")
    client = app.test_client()
    sign_in(client, staff_email)
    download = client.get(f"/staff/complaints/{values['reference']}/documents/"
                          f"{values['document_id']}")
    assert download.status_code == 200
    _assert_secure(download, "staff download")


def test_pages_for_anyone_carry_the_same_headers_and_static_files_may_be_cached(client):
    for url in ("/", "/sign-in", "/register", "/our-complaints-policy"):
        _assert_secure(client.get(url), url)
    assert "Strict-Transport-Security" not in client.get("/").headers  # not production
    static = client.get("/static/js/app.js")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_the_stylesheet_and_scripts_are_kept_until_a_release_changes_them(app, client):
    """Each page names its static files with a hash of their content, and a browser keeps
    a file asked for by its current hash for a year; by no hash or an old one, it checks
    again. Pages themselves are never kept."""
    page = client.get("/sign-in")
    assert "no-store" in page.headers["Cache-Control"]
    html = page.get_data(as_text=True)
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert {a.split("?")[0] for a in addresses} >= {
        "/static/build/app.css", "/static/build/htmx.min.js", "/static/js/app.js",
        "/static/build/favicon.svg"}
    for address in addresses:
        path, _, version = address.partition("?v=")
        file = Path(app.static_folder) / path.removeprefix("/static/")
        assert version == hashlib.sha256(file.read_bytes()).hexdigest()[:12], address
        kept = client.get(address)
        assert kept.status_code == 200, address
        assert kept.cache_control.max_age == 365 * 24 * 3600 and kept.cache_control.immutable
        for other in (path, f"{path}?v=0123456789ab"):
            checked = client.get(other)
            assert checked.status_code == 200
            assert checked.cache_control.max_age != 365 * 24 * 3600, other
            assert not checked.cache_control.immutable, other
    # An address outside the static folder is refused, hash or not, and nothing is read.
    assert client.get("/static/../portal/__init__.py?v=0123456789ab").status_code == 404


def test_production_sends_strict_transport_security(tmp_path):
    app = create_app(Settings(env="production", secret_key="s" * 64,
                              database_url=f"sqlite:///{tmp_path / 'p.sqlite'}"))
    response = app.test_client().get("/", base_url="https://portal.example")
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains")
    _assert_secure(response, "/")
