"""Every upload question refuses, with the form back and a message, a file whose content is
not what its name says and a document that unpacks to far more than it is: evidence,
added information, a letter of authority, a paper petition sheet."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Document
from tests.integration.test_petitions_journey import STATEMENT
from tests.integration.test_representation_support import make_representative
from tests.pagecheck import check_page
from tests.support.factories import make_complaint, make_resident
from tests.support.web import csrf_token, get, post, sign_in

TEXT_LETTER = b"I, Jo Resident, give Alex Advocate authority to act for me.\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _bomb() -> bytes:
    """~60 KB: an ODT whose mimetype entry unpacks to 60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("mimetype", "w") as entry:
        entry.write(b"application/vnd.oasis.opendocument.text")
        for _ in range(60):
            entry.write(b"\0" * 1024 * 1024)
    return buffer.getvalue()


def _refused(response, *messages: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, (response.status_code, html[:2000])
    check_page(html, status=400)
    for message in messages:
        assert message in html, message


def _stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Document.id)))


def test_added_information_refuses_html_named_as_a_photo_and_a_zip_bomb(client, app):
    with app.app_context():
        reference = make_complaint(make_resident(email="up@example.org")).reference
    sign_in(client, "up@example.org")
    url = f"/complaints/{reference}/add-information"
    before = _stored(app)
    for name, data, message in (
            ("photo.jpg", HTML, "photo.jpg is named as a JPG photo, but it is a plain text "
                                "file (TXT)"),
            ("statement.odt", _bomb(), "statement.odt is a document that unpacks to too "
                                       "much (more than 50MB")):
        page = get(client, url).get_data(as_text=True)
        response = client.post(url, data={
            "csrf_token": csrf_token(page), "text": "More about the damp",
            "files": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        _refused(response, message, "More about the damp")
    assert _stored(app) == before


def test_a_letter_of_authority_that_is_text_named_as_a_pdf_is_refused(client, app):
    with app.app_context():
        make_representative(email="alex@advice.example.org")
    sign_in(client, "alex@advice.example.org")
    page = get(client, "/representing/new").get_data(as_text=True)
    response = client.post("/representing/new", data={
        "method": "letter", "resident_name": "Jo Resident",
        "resident_address": "Flat 2, 10 Mill Lane\nLondon", "resident_postcode": "E1 1AA",
        "relationship": "advocate", "organisation": "Citizens Advice", "scope": "complaint",
        "correspondence_to": "both", "csrf_token": csrf_token(page),
        "letter": (io.BytesIO(TEXT_LETTER), "letter-of-authority.pdf")},
        content_type="multipart/form-data")
    _refused(response, "letter-of-authority.pdf is named as a PDF, but it is a plain text "
                       "file (TXT)")
    assert _stored(app) == 0


def test_a_paper_petition_sheet_named_as_another_type_is_refused(client, app):
    with app.app_context():
        make_resident("Lee Lead", email="lee@example.org")
    sign_in(client, "lee@example.org")
    response = post(client, "/petitions/new", STATEMENT, status=303)
    url = response.headers["Location"] + "/paper-signatures"
    page = get(client, url).get_data(as_text=True)
    response = client.post(url, data={
        "name": "Pat Paper", "address_line_1": "9 Rose Road", "town": "London",
        "postcode": "E1 1AA", "declaration": "y", "csrf_token": csrf_token(page),
        "sheet": (io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * 64), "sheet-1.pdf")},
        content_type="multipart/form-data")
    _refused(response, "sheet-1.pdf is named as a PDF, but it is a JPG photo")
