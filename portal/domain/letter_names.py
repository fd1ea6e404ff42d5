"""Plain names for the documents on a resident's complaint page (issue 15, item 3):
"Our stage 1 response, 4 December 2026", not "CMP-2026-000123-stage1-response.pdf".

Pure: the caller says what the document is (its kind, and for a response letter the
stage and kind of the response it carries) and the day it was added.
"""

from __future__ import annotations

from datetime import date

# A response row's (kind, stage) -> the letter's name. Stage 3 is the Panel (IDS).
RESPONSES: dict[tuple[str, int], str] = {
    ("response", 1): "Our stage 1 response",
    ("response", 2): "Our stage 2 response",
    ("response", 3): "The Panel's response",
    ("decline", 2): "Our letter about your request for a review",
    ("refusal", 1): "Our letter: why we cannot take your complaint forward",
    ("refusal", 2): "Our letter: why we cannot take your complaint forward",
}
# A document's kind -> its name when no response row says more.
KINDS: dict[str, str] = {
    "response_letter": "Our response",
    "refusal_letter": "Our letter: why we cannot take your complaint forward",
    "closure_letter": "Our letter closing your complaint",
    "decline_letter": "Our letter about your request for a review",
    "restriction_letter": "Our letter about how we will keep in touch",
    "service_request_letter": "Our letter: we are dealing with this as a request for service",
    "petition_rejection_letter": "Our letter about your petition",
    "council_referral_letter": "Our letter: we have referred your petition to the Council",
    "authority_letter": "Letter of authority",
    "petition_sheet": "Petition signatures",
}
LETTERS = {kind for kind in KINDS if kind.endswith("_letter") and kind != "authority_letter"}


def long_day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def document_name(kind: str, filename: str, added_on: date,
                  response: tuple[str, int] | None = None, large_print: bool = False) -> str:
    """What the resident sees as the link: a letter of ours by what it is and its date,
    anything they sent by its own file name and the day it was added."""
    if kind == "evidence":
        return f"{filename}, added {long_day(added_on)}"
    if kind == "response_letter" and filename.removesuffix("-large-print.pdf").endswith(
            ("-resolved", "-resolved.pdf")):  # resolved at first contact (Code 5.1)
        name = "Our letter confirming your complaint is resolved"
    else:
        name = (RESPONSES.get(response) if response else None) or KINDS.get(kind) or filename
    return f"{name}{' (large print)' if large_print else ''}, {long_day(added_on)}"


def is_letter(kind: str) -> bool:
    """One of our letters (it has words we wrote, so an HTML version), not an upload."""
    return kind in LETTERS
