"""One landlord's worth of fixtures for the authorization matrix and the form fuzzer, built
through the services once per database: every identity (anonymous, residents,
representatives with authority in each state, a petition signatory, each staff role), and
a value for every URL parameter of every route."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import timedelta

from portal import create_app
from portal.data.db import db
from portal.data.models import Authority, ContactTask, OutboxMessage
from portal.domain.permissions import STAFF_ROLES
from portal.services.intake import drafts as intake
from portal.services.records import clock
from portal.services.records.documents import Checked
from portal.services.representation import authority as representation
from tests.integration.test_representation_support import (
    PNG,
    authority_of,
    make_petition,
    make_representative,
    on_behalf,
    respond_to,
    sign,
    submitted_petition,
    verify,
    yesterday,
)
from tests.support.factories import ISSUES, PASSWORD, make_complaint, make_resident, make_staff

REPRESENTATIVES = ("rep_pending", "rep_verified", "rep_one", "rep_revoked", "rep_expired")
IDENTITIES = ("anonymous", "owner", "other_resident", *REPRESENTATIVES, "signatory",
              *STAFF_ROLES)


@dataclass
class World:
    emails: dict[str, str] = field(default_factory=dict)  # identity -> email (signed in)
    params: dict[str, object] = field(default_factory=dict)  # URL parameter -> value
    # endpoint -> {parameter: value} where a route needs other fixtures than the default
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)


def make_app(kind: str, tmp_path, request):
    """An app on a fresh database of `kind` (as conftest's `app`, for a module's life)."""
    from tests.conftest import make_settings

    if kind == "sqlite":
        path = tmp_path / "portal.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url, drop = f"sqlite:///{path}", None
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"world_{os.getpid()}_{abs(hash(str(tmp_path))) % 10**8}"
        server.clone(name)
        url = server.url(name)

        def drop():
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return create_app(make_settings(tmp_path, url)), drop


def build(app) -> World:
    world = World()
    with app.test_request_context():
        owner = make_resident("Olive Owner", email="owner@example.org", address="6 Rose Road",
                              postcode="E1 1AA")
        make_resident("Otto Other", email="other@example.org")
        world.emails.update(owner=owner.email, other_resident="other@example.org")
        reps = {name: make_representative(email=f"{name}@advice.example.org")
                for name in REPRESENTATIVES}
        world.emails.update({name: rep.email for name, rep in reps.items()})
        staff = {role: make_staff(role, email=f"{role}@staff.example.org")
                 for role in STAFF_ROLES}
        world.emails.update({role: user.email for role, user in staff.items()})

        # The owner's draft first, so no representative's sent draft has its number.
        draft = intake.new_draft(owner)
        intake.save_issue(draft, None, ISSUES[0])
        intake.attach_to_draft(draft, owner, [Checked("mould.png", "image/png", PNG)])

        # The complaint every complaint route is asked about: made for the owner by a
        # representative whose authority (this complaint only) is verified.
        main = on_behalf(reps["rep_verified"], resident_email=owner.email)
        verify(main)
        first = authority_of(main)
        # The other representatives' authority over the same complaint, in each state.
        for name in ("rep_pending", "rep_revoked", "rep_expired"):
            db.session.add(Authority(
                representative_id=reps[name].id, resident_id=owner.id,
                resident_name=owner.name, resident_email=owner.email,
                relationship_kind="advocate", scope="complaint", complaint_id=main.id,
                status="pending", method="digital", correspondence_to="both"))
        db.session.commit()
        found = {a.representative_id: a for a in
                 db.session.query(Authority).filter_by(complaint_id=main.id)}
        for name in ("rep_revoked", "rep_expired"):
            representation.confirm(owner, found[reps[name].id], True)
        representation.revoke(owner, found[reps["rep_revoked"].id], "No longer needed")
        found[reps["rep_expired"].id].expires_on = yesterday()
        db.session.commit()
        # Verified, but for another of the owner's complaints only.
        verify(on_behalf(reps["rep_one"], resident_email=owner.email))

        # A restriction proposed on the owner (not yet approved: it has no effect).
        from portal.services.stage1 import restrictions

        proposed = restrictions.propose(
            staff["complaints_manager"], main, kind="written_only",
            behaviour="Repeated abusive calls to the repairs line",
            detail="Please write to us; we will not take calls from you for now.",
            starts_on=main.received_on)
        world.params["restriction_id"] = proposed.id
        # A refusal letter a manager has drafted, not sent (its preview is a route).
        from portal.services.records import staff_drafts

        staff_drafts.save(staff["complaints_manager"], main, "refusal",
                          {"reasons": ["legal_proceedings"], "detail": ["A claim was filed."]},
                          version=main.version, seen=0)

        # A response with a promised action; a
        # resident who asked for letters (a contact task); a gathering petition with a
        # signature; a submitted petition (a complaint) for staff.
        responded = make_complaint(owner, contact_method="letter")
        respond_to(responded)
        _promise(responded, staff["complaints_manager"])
        gathering = make_petition(owner, subject="Fix the door entry at Rose Court")
        signature = sign(gathering, "Sid Signer", "7 Rose Road", "E1 1AA")
        petition, petition_complaint = submitted_petition()

        # The learning log: a root cause on the list and a service improvement.
        from portal.services.reporting import improvements

        theme = improvements.add_theme(staff["complaints_manager"], "Repair not followed up")
        improvement = improvements.save_improvement(
            staff["complaints_manager"], None, improvements.ImprovementDraft(
                "Follow-up calls after repairs", "Call back within 5 days of a repair",
                "Repairs team", "proposed", clock.today(), references=[main.reference]),
            version=None)

        world.params.update(
            reference=main.reference, theme_id=theme.id, improvement_id=improvement.id,
            document_id=_document_of(main),
            draft_id=draft.id,
            index=0,
            petition_id=gathering.id,
            token=signature.signer_token,
            authority_id=first.id,
            user_id=staff["customer_services"].id,
            action_id=_action_id(responded),
            signature_id=_signature_of(petition),
            task_id=db.session.query(ContactTask.id).order_by(ContactTask.id).first()[0],
            message_id=db.session.query(OutboxMessage.id).order_by(OutboxMessage.id).first()[0],
            filename="build/app.css",
            measure="stage1_late", kind="csv", key="by_stage", year=2026,
        )
        world.overrides = {
            "petitions.sign": {"token": gathering.share_token},
            "representatives.upload_letter": {
                "authority_id": found[reps["rep_pending"].id].id},
            "representatives.phone_consent": {
                "authority_id": found[reps["rep_pending"].id].id},
            "representatives.confirm_authority": {
                "authority_id": found[reps["rep_pending"].id].id},
            "representatives.revoke_authority": {"authority_id": first.id},
            # A letter of ours with a web version, on the complaint the reps are tested on.
            "resident.letter": {"document_id": _letter_on(main, staff["complaints_manager"])},
            "auth.verify_email": {"token": "not-a-token"},
            "auth.reset_password": {"token": "not-a-token"},
        }
        world.overrides["staff.letter_preview_pdf"] = {"kind": "refusal"}
        for endpoint in ("staff.petition", "staff.paper_signature", "staff.refer_petition",
                         "staff.reject_petition", "staff.reject_signature",
                         "staff.verify_signature"):
            world.overrides[endpoint] = {"reference": petition_complaint.reference}
        world.emails["signatory"] = None
        world.emails["anonymous"] = None
    return world


def _promise(complaint, manager) -> None:
    """A promised action on the response respond_to sent (which promised none)."""
    from portal.data.models import Action, Response

    response = db.session.query(Response).filter_by(complaint_id=complaint.id).one()
    db.session.add(Action(complaint_id=complaint.id, response_id=response.id,
                          description="Treat the damp", owner=manager.name,
                          due_on=clock.today() + timedelta(days=10)))
    db.session.commit()


def _action_id(complaint) -> int:
    from portal.data.models import Action

    return db.session.query(Action.id).filter_by(complaint_id=complaint.id).first()[0]


def _document_of(complaint) -> int:
    from portal.data.models import Document

    return db.session.query(Document.id).filter_by(
        complaint_id=complaint.id, kind="evidence").first()[0]


def _letter_on(complaint, actor) -> int:
    """A letter document stored as letter_files.store_letters stores one: the PDF and the
    HTML it was laid out from (its web version)."""
    from portal.data.models import Document
    from portal.services.records.documents import Checked, add_document, store_bytes

    letter = add_document(kind="closure_letter", uploaded_by_id=actor.id,
                          complaint_id=complaint.id,
                          checked=Checked(f"{complaint.reference}-closed.pdf",
                                          "application/pdf", b"%PDF-1.7 matrix\n"))
    letter.html_file_id = store_bytes(b"<html><body><h1>A letter</h1><p>Words.</p>"
                                      b"</body></html>").id
    db.session.commit()
    assert db.session.get(Document, letter.id).html_file_id is not None
    return letter.id


def _signature_of(petition) -> int:
    from portal.data.representation import Signature

    return db.session.query(Signature.id).filter_by(petition_id=petition.id).first()[0]


_ARG = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def url_for_rule(world: World, rule) -> str:
    values = {**world.params, **world.overrides.get(rule.endpoint, {})}
    return _ARG.sub(lambda m: str(values[m.group(1)]), rule.rule)


def clients(app, world: World) -> dict:
    """One test client per identity, signed in where the identity has an account."""
    from tests.support.web import sign_in

    made = {}
    for identity in IDENTITIES:
        client = app.test_client()
        if world.emails.get(identity):
            sign_in(client, world.emails[identity], PASSWORD)
        made[identity] = client
    return made
