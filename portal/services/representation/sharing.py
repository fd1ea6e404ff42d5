"""Sharing a petition's link (issue 15, item 8): the QR code, drawn on the server as
SVG (segno, pure Python, so it needs no image library and no JavaScript), the links
that open a text message or WhatsApp with the words already written, and the A4
poster to print and put up, as a tagged PDF through the letters path.

    qr_svg("https://.../petitions/sign/abc")   -> '<svg ...>...</svg>' (scales to its box)
    share_links(petition)                      -> ShareLinks(url, text, sms, whatsapp)
    poster_pdf(petition)                       -> PDF bytes (A4, pdf/ua-1)

Nothing here is stored: the poster is drawn again when asked for (it shows the live
link and the profile's threshold, not a record of anything).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app
from markupsafe import escape

from portal.data.representation import Petition
from portal.services.correspondence import letters
from portal.services.records import clock
from portal.services.representation.petitions import progress, share_url


def qr_svg(url: str, *, label: str = "QR code") -> str:
    """The link as a QR code in SVG, with no fixed size (it fills the box it is put in),
    named by `label` (role="img", aria-label and <title>); error correction M (a
    poster may get a little dirty). segno is imported here, not with the module: only
    the pages that show a code need it, and every app server would otherwise hold it."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, border=4, title=label,
              svgclass="qr-code", lineclass=None, omitsize=True, dark="#0b0c0c")
    svg = out.getvalue().decode("utf-8").strip()
    # An image with a name for screen readers, in a page or a tagged PDF.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


@dataclass(frozen=True)
class ShareLinks:
    url: str
    text: str  # the message both links start with
    sms: str
    whatsapp: str


def share_links(petition: Petition) -> ShareLinks:
    """The link to sign, and links that open a text message or WhatsApp with an
    invitation and the link already written (the person still chooses who to send it
    to). `sms:?&body=` is the form both Android and iOS read."""
    url = share_url(petition)
    text = f"Please sign our petition to {_landlord()}: {petition.subject}. {url}"
    return ShareLinks(url=url, text=text, sms="sms:?&body=" + quote(text, safe=""),
                      whatsapp="https://wa.me/?text=" + quote(text, safe=""))


def poster_pdf(petition: Petition) -> bytes:
    """An A4 poster: what the petition asks for, the QR code and the link typed out."""
    url = share_url(petition)
    found = progress(petition)
    return letters.render_pdf("documents/petition_poster.html", {
        "landlord": current_app.config["PORTAL"], "petition": petition, "url": url,
        "qr": qr_svg(url, label="QR code: the link to sign the petition"),
        "threshold": found.threshold, "issued_on": clock.today()})


def _landlord() -> str:
    return current_app.config["PORTAL"].landlord_name
