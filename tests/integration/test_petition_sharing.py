"""Sharing a petition and signing it (issue 15, item 8): the link as text to select with
a "Copy link" button for JavaScript to reveal, text and WhatsApp links, a QR code drawn
on the server as SVG, an A4 poster PDF; "Submit" only once the profile's households have
signed (ISHA: 5, seeds/001_5ef213f20e0d3d47.txt Appendix 2.1); the neighbour types their
name once and is emailed their own link; a new petition asks the lead to sign it first."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import quote

import segno
from pypdf import PdfReader
from sqlalchemy import select

from portal.data.db import db
from portal.data.representation import Signature
from tests.integration.test_petitions_journey import (
    STATEMENT,
    _sign,
    _start,
    settings,  # noqa: F401 (ISHA profile)
)
from tests.integration.test_representation_support import HOUSEHOLDS, mail
from tests.support.factories import make_resident
from tests.support.web import get, post, sign_in

BASE = "http://127.0.0.1:5000"


def _page(client, petition_id: int) -> str:
    return get(client, f"/petitions/{petition_id}").get_data(as_text=True)


def test_the_lead_is_asked_to_sign_first_and_can_share_the_link_five_ways(app, client):
    petition_id, share = _start(app, client)
    page = _page(client, petition_id)
    url = BASE + share
    # A new petition: sign it yourself first, with the link to do so.
    assert "Sign your petition yourself first" in page
    assert f'href="{url}">Sign your petition</a>' in page
    # The link as text to select (no JavaScript), and a copy button JavaScript reveals.
    assert re.search(rf'<p [^>]*id="share-link">{re.escape(url)}</p>', page)
    assert re.search(r'<button type="button" class="[^"]*govuk-!-display-none"'
                     r' data-copy-target="share-link">Copy link</button>', page)
    # Text message and WhatsApp open with the invitation and the link written in.
    words = quote(f"Please sign our petition to {app.config['PORTAL'].landlord_name}: "
                  f"{STATEMENT['subject']}. {url}", safe="")
    assert f'href="sms:?&amp;body={words}"' in page
    assert f'href="https://wa.me/?text={words}"' in page
    # The QR code is SVG in the page itself, named, and encodes the link to sign.
    svg = re.search(r"<svg [^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-label="QR code: the link to sign your petition"' in svg
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="svg", xmldecl=False)
    assert re.search(r' d="([^"]+)"', expected.getvalue().decode()).group(1) in svg
    assert "<script" not in svg and "<image" not in svg

    # Once someone (the lead) has signed, the request to sign first goes.
    _sign(app, share, "Lee Lead", "6 Rose Road", "E1 1AA", None)
    assert "Sign your petition yourself first" not in _page(client, petition_id)


def test_the_poster_is_an_a4_tagged_pdf_with_the_link_for_the_lead_alone(app, client):
    petition_id, share = _start(app, client)
    response = get(client, f"/petitions/{petition_id}/poster")
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert STATEMENT["subject"] in text and (BASE + share) in text.replace(" ", "")
    assert "at least 5 households" in text  # ISHA's threshold
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, like the letters
    assert reader.metadata.title == f"Sign the petition: {STATEMENT['subject']}"
    # The link to type keeps Atkinson's slashed zero (0 or O in a random token); the
    # threshold's figure is plain.
    runs = []
    reader.pages[0].extract_text(visitor_text=lambda text, _cm, _tm, font, _size: runs.append(
        (str(font.get("/BaseFont")) if font else "", text)))
    token = share.rsplit("/", 1)[1]
    atkinson = "".join("".join(text.split()) for font, text in runs if "Atkinson" in font)
    assert (BASE + share) in atkinson and token in atkinson  # every character of it
    assert any(font.endswith("Portal-Digits") and "5" in text for font, text in runs)
    # Nobody else gets it (the same 404 as the lead's page).
    with app.app_context():
        make_resident("Nosy Neighbour", email="nosy@example.org")
    other = app.test_client()
    sign_in(other, "nosy@example.org")
    get(other, f"/petitions/{petition_id}/poster", status=404)


def test_submit_is_offered_only_once_enough_households_have_signed(app, client):
    petition_id, share = _start(app, client)
    for name, line1, postcode, email in HOUSEHOLDS[:4]:
        _sign(app, share, name, line1, postcode, email)
    page = _page(client, petition_id)
    assert "Submit the petition</button>" not in page
    assert "1 more household needed." in page
    _sign(app, share, *HOUSEHOLDS[4])
    # The count's poll brings the button with it, out of band.
    fragment = client.get(f"/petitions/{petition_id}?households=4&signatures=4",
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<div id="submit-petition" data-hx-swap-oob="innerHTML">' in fragment
    assert "Submit the petition</button>" in fragment and "<html" not in fragment
    assert "Submit the petition</button>" in _page(client, petition_id)
    post(client, f"/petitions/{petition_id}/submit", {}, from_url=f"/petitions/{petition_id}",
         status=303)
    # A submitted petition has no poster and no sharing.
    gone = client.get(f"/petitions/{petition_id}/poster")
    assert gone.status_code == 303 and gone.headers["Location"] == f"/petitions/{petition_id}"
    assert "Copy link" not in _page(client, petition_id)


def test_a_neighbour_types_their_name_once_and_is_emailed_their_own_link(app, client):
    _petition_id, share = _start(app, client)
    signer = app.test_client()
    form = get(signer, share).get_data(as_text=True)
    assert 'name="signed_name"' not in form and "your name is your signature" in form
    details = {"name": "Ann  Able", "address_line_1": "1 Rose Road", "town": "London",
               "postcode": "E1 1AA", "email": "Ann@Example.org", "declaration": "y"}
    response = post(signer, share, details, status=303)
    own = response.headers["Location"]
    thanks = html.unescape(get(signer, own).get_data(as_text=True))
    assert "We have emailed you a link to this page" in thanks
    assert "Keep this page’s address" not in thanks
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert signature.signed_name == "Ann Able" and signature.name == "Ann  Able"
        [message] = mail("ann@example.org", "petition_signed")
        assert BASE + own in message.text and BASE + own in message.html
        assert message.subject == "Thank you for signing the petition"  # no name in it
        assert STATEMENT["subject"] in message.text
    # Without an email address they are told to keep the address, and nothing is sent.
    other = app.test_client()
    plain = {**details, "name": "Ben Baker", "address_line_1": "2 Rose Road", "email": ""}
    second = post(other, share, plain, status=303).headers["Location"]
    told = html.unescape(get(other, second).get_data(as_text=True))
    assert "Keep this page’s address (bookmark it)" in told
    with app.app_context():
        assert len(mail("ann@example.org")) == 1
        assert db.session.scalar(select(Signature).where(Signature.name == "Ben Baker")
                                 ).signed_name == "Ben Baker"
