"""The documents a resident (or their representative) sees on a complaint page, by plain
name, and the newest response letter the page opens with (issue 15, item 3).

One statement whatever the number of documents: the responses that name the letters.
Sizes come from the stored file's `size` (loaded with the document); the bytes are never
read to show a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Document, Response
from portal.domain.calendar import london_date
from portal.domain.letter_names import document_name, is_letter
from portal.services.records.timeline import utc_instant

SENT_ON = {1: "stage1_sent_on", 2: "stage2_sent_on", 3: "panel_sent_on"}


@dataclass(frozen=True)
class Shown:
    document: Document
    name: str
    size: int
    letter: bool  # one of our letters: it has a web version when html_file_id is set
    large_print: bool
    response_stage: int | None  # a response letter's stage (1, 2, 3 for the Panel)

    @property
    def has_web_version(self) -> bool:
        return self.document.html_file_id is not None


def shown_documents(complaint: Complaint) -> list[Shown]:
    """The complaint's documents a resident may see (never internal ones), oldest first."""
    rows = db.session.execute(
        select(Response.document_id, Response.large_print_document_id, Response.kind,
               Response.stage).where(Response.complaint_id == complaint.id)).all()
    responses: dict[int, tuple[tuple[str, int], bool]] = {}
    for document_id, large_id, kind, stage in rows:
        responses[document_id] = ((kind, stage), False)
        if large_id is not None:
            responses[large_id] = ((kind, stage), True)
    shown = []
    for document in complaint.documents:
        if document.internal:
            continue
        response, large = responses.get(document.id, (None, False))
        large = large or document.filename.endswith("-large-print.pdf")
        # A response is named by the date it was sent (the date the letter bears).
        sent = (getattr(complaint, SENT_ON.get(response[1], ""), None)
                if response and response[0] == "response" else None)
        added = sent or london_date(utc_instant(document.created_at))
        shown.append(Shown(
            document, document_name(document.kind, document.filename, added, response, large),
            document.file.size, is_letter(document.kind), large,
            response[1] if response and response[0] == "response" else None))
    return shown


def newest_response(shown: list[Shown]) -> Shown | None:
    """The newest response letter (standard print: the large-print copy sits beside it
    in the list), for the banner the page opens with."""
    responses = [s for s in shown if s.response_stage is not None and not s.large_print]
    return responses[-1] if responses else None
