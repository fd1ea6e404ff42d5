"""A letter previewed before it is sent (issue 15, item 9).

`preview(send)` runs the very function that sends the letter (the stage 1, stage 2 or
Panel response, the refusal, the declined review) with `letter_files.previewing` set:
every check the send makes is made, the letter is rendered by the same WeasyPrint path,
and the send is stopped at the moment the letter would be stored. The service's
transaction rolls back, so no document, event, response, email or work-list task is
made. `page_images` turns the PDF into pictures of its pages for the staff page (in
process, with PDFium: no program is run)."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass

from portal.data.db import db
from portal.services.correspondence.letter_files import LetterPreviewed, previewing


class NotPreviewed(RuntimeError):
    """The send function finished without rendering a letter (it should never)."""


@dataclass(frozen=True)
class Preview:
    pdf: bytes
    large_print: bytes | None


def preview(send: Callable[[], object]) -> Preview:
    """The letter `send()` would send. Raises what `send` raises (a CaseworkError for
    something to fix on the form) and otherwise changes nothing."""
    token = previewing.set(True)
    try:
        send()
    except LetterPreviewed as letter:
        return Preview(letter.pdf, letter.large_print)
    finally:
        previewing.reset(token)
        db.session.rollback()
    raise NotPreviewed("The letter was not rendered")


def page_images(pdf: bytes, *, width: int = 900) -> list[str]:
    """Each page of the PDF as a PNG `data:` URI, `width` pixels wide, with a grey
    edge so that a white page shows on a white screen."""
    import pypdfium2
    from PIL import ImageOps

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            scale = width / page.get_width()
            bitmap = page.render(scale=scale)
            out = io.BytesIO()
            edged = ImageOps.expand(bitmap.to_pil().convert("RGB"), border=2, fill="#b1b4b6")
            edged.save(out, format="PNG", optimize=True)
            images.append("data:image/png;base64," + base64.b64encode(out.getvalue()).decode())
            page.close()
        return images
    finally:
        document.close()
