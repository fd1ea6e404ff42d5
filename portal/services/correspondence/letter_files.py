"""The letters staff issue: the context letters.render_pdf gets, rendering and storing."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from flask import current_app

from portal.data.models import (
    Complaint,
    User,
)
from portal.domain import ombudsman
from portal.domain.permissions import STAFF_ROLES
from portal.services.correspondence import letters
from portal.services.correspondence.outbox import external_url
from portal.services.correspondence.recipients import letter_addressee
from portal.services.records import deadlines
from portal.services.records.casework import (
    LETTER_FAILED,
    CaseworkError,
)
from portal.services.records.documents import Checked, add_document, store_bytes
from portal.services.records.policy import profiles

# -- letters ------------------------------------------------------------------------------

# Set by services.correspondence.letter_preview while a letter is previewed: the letter
# is rendered exactly as it would be sent, then `LetterPreviewed` stops the change
# before anything is stored, recorded or sent (the caller's transaction rolls back).
previewing: ContextVar[bool] = ContextVar("letter_preview", default=False)


class LetterPreviewed(BaseException):  # noqa: N818 (a stop, not an error)
    """The letter, rendered for a preview. A BaseException so that nothing between the
    service and the preview can take it for a failure and carry on."""

    def __init__(self, pdf: bytes, large_print: bytes | None) -> None:
        super().__init__("letter previewed")
        self.pdf = pdf
        self.large_print = large_print



def letter_base(complaint: Complaint, actor: User, on: date) -> dict:
    """Addressed as services.recipients says: the resident, their representative "on
    behalf of" them, a petition's members or a communal complaint's residents."""
    return {
        "landlord": current_app.config["PORTAL"],
        "ombudsman": ombudsman,
        **letter_addressee(complaint),
        "reference": complaint.reference,
        "issued_on": on,
        "received_on": complaint.received_on,
        "signed_by": {"name": actor.name, "role": STAFF_ROLES.get(actor.staff_role or "", "")},
        # Other places the policy names (001 Appendix 1; 003), shown in response letters.
        "other_routes": profiles()[complaint.profile].other_routes,
    }


def store_letters(complaint: Complaint, actor: User, template: str, context: dict,
                   kind: str, name: str):
    """Render the letter (and a large-print copy when asked for), then store them.
    Rendering happens before anything is added, and any failure is LETTER_FAILED."""
    large = "large_print" in (complaint.adjustments or [])
    try:
        html = letters.render_html(template, context)
        pdf = letters.pdf_from_html(html)
        big_html = letters.render_html(template, context, large_print=True) if large else None
        big = letters.pdf_from_html(big_html) if big_html is not None else None
    except Exception as error:
        current_app.logger.exception("letter %s for %s failed", template, complaint.reference)
        raise CaseworkError(LETTER_FAILED) from error
    if previewing.get():
        raise LetterPreviewed(pdf, big)
    document = add_document(
        kind=kind, checked=Checked(f"{complaint.reference}-{name}.pdf", "application/pdf", pdf),
        uploaded_by_id=actor.id, complaint_id=complaint.id)
    # The HTML each PDF was laid out from, kept as its web version (issue 15, item 4).
    document.html_file_id = store_bytes(html.encode()).id
    large_document = None
    if big is not None:
        large_document = add_document(
            kind=kind, uploaded_by_id=actor.id, complaint_id=complaint.id,
            checked=Checked(f"{complaint.reference}-{name}-large-print.pdf", "application/pdf",
                            big))
        large_document.html_file_id = store_bytes(big_html.encode()).id
    return document, large_document


def download_url(complaint: Complaint, document) -> str:
    return external_url("resident.download", reference=complaint.reference,
                        document_id=document.id)


def stage1_next_steps(complaint: Complaint) -> dict:
    """What the resident can do after a stage 1 response, from the profile and the dates
    (called after stage1_sent_on is set, so the request window can be counted)."""
    profile = profiles()[complaint.profile]
    building = profile.goes_to_regulator(complaint.category, complaint.higher_risk_building)
    settings = current_app.config["PORTAL"]
    raw = deadlines.raw_deadlines(complaint)
    window = raw.get("stage2_request_closes")
    closing = raw.get("close_if_no_reply")  # told in advance, with the date (IDS 002 §5.7)
    how = (f"To ask, use your complaint page at "
           f"{external_url('resident.complaint', reference=complaint.reference)}, or phone us on "
           f"{settings.landlord_phone} or email {settings.landlord_email}, quoting "
           f"{complaint.reference}.")
    if profile.stages < 2 or building:
        return {"can_escalate": False, "escalate_to": None, "escalate_by": None,
                "escalate_by_explained": None, "reasons_required": False,
                "how": None, "final": True, "building_safety_regulator": building}
    return {
        "can_escalate": True,
        "escalate_to": "stage 2 of our complaints process (a review)",
        "escalate_by": window.due_on if window else None,
        "escalate_by_explained": (" ".join([f"That is {window.rule_words} "
                                            f"({window.rule.cite}).", *window.notes])
                                  if window else None),
        "reasons_required": profile.stage2.reasons_required,
        "requires": profile.stage2.requires,
        "how": how,
        "final": False,
        "building_safety_regulator": False,
        "close_if_no_reply": closing.due_on if closing else None,
        "close_if_no_reply_explained": (f"That is {closing.rule_words} ({closing.rule.cite})."
                                        if closing else None),
    }


def money(amount: Decimal | None) -> str | None:
    return f"£{amount:,.2f}" if amount else None
