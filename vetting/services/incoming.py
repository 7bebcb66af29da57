"""Inkomna handlingar that have no other place in a case (``IncomingDocument``): the
application itself, registered with the case or later, a supplement that came in on its own,
any other document received. Checked as every upload is (ADR 0023), stored like the case's other
files, and recorded with the stored file's SHA-256 (ADR 0012), so reconciliation finds it changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.evidence import file_sha256
from config.files import StoredFiles, stored_files
from vetting import roles
from vetting.errors import FieldProblems, InvalidInput, PermissionRefused
from vetting.models import Application, IncomingDocument
from vetting.services._core import (
    ActorLike,
    lock_application,
    person,
    record_case_event,
    require_received_on,
)
from vetting.services.uploads import check_evidence_document

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ATTACHER_ROLES = (roles.HANDLER, roles.ADMINISTRATOR)
DOCUMENT_BEFORE_CASE = _("Handlingen kan inte ha kommit in före ansökan ({sent}).")


def may_attach_documents(user: object) -> bool:
    """Handläggare and administrators register inkomna handlingar, as they register cases."""
    return roles.has_role(user, *ATTACHER_ROLES)


def document_problems(
    *, file: UploadedFile | None, kind: str, received_on: date | None, field: str = "file"
) -> dict[str, list[StrOrPromise]]:
    """Field -> reasons for what is wrong with a document to register (empty when it may be):
    a file (at most GRANSKA_EVIDENCE_MAX_BYTES; a PDF that opens, an image or UTF-8 text), a kind
    of document, a day it came in that is not in the future."""
    found = FieldProblems()
    if file is None:
        found.add(field, _("Bifoga handlingen som fil."))
    else:
        found.check(lambda: check_evidence_document(file, field=field))
    if kind not in IncomingDocument.Kind.values:
        found.add("kind", _("Välj vad för slags handling det är."))
    found.check(lambda: require_received_on("received_on", received_on, None, ""))
    return found.errors


def application_attach_document(
    *,
    application: Application,
    actor: ActorLike,
    file: UploadedFile | None,
    kind: str,
    received_on: date | None = None,
) -> IncomingDocument:
    """Register a document that came in to the case (``kind``: ansökan, komplettering or övrig
    inkommen handling; ``received_on``: the day it came in, default today, not in the future nor
    before the case's own day). Audited as ``document.received`` with the stored file's digest;
    a refused document stores nothing."""
    user = person(actor)
    if user is None or not may_attach_documents(user):
        raise PermissionRefused(
            _("Bara handläggare och administratörer kan registrera inkomna handlingar."),
            code="role",
        )
    errors = document_problems(file=file, kind=kind, received_on=received_on)
    if errors:
        raise InvalidInput(errors)
    assert file is not None
    with stored_files() as files, transaction.atomic():
        app = lock_application(application, actor, action="attach_document")
        if received_on is not None and received_on < app.received_on:
            raise InvalidInput(
                {"received_on": format_lazy(DOCUMENT_BEFORE_CASE, sent=app.received_on)}
            )
        return store_document(app, actor, files, file=file, kind=kind, received_on=received_on)


def store_document(
    app: Application,
    actor: ActorLike,
    files: StoredFiles,
    *,
    file: UploadedFile,
    kind: str,
    received_on: date | None,
) -> IncomingDocument:
    """Save a checked document on the locked case, in the caller's transaction, with its
    event (for registration, which stores the application with the case it registers)."""
    document = IncomingDocument(
        application=app,
        kind=kind,
        received_on=require_received_on("received_on", received_on, None, ""),
        registered_by=person(actor),
    )
    files.save_upload(document, "file", file, "handling")
    document.sha256 = file_sha256(document.file) or ""
    document.save()
    record_case_event(
        app=app,
        actor=actor,
        action="document.received",
        object_type="incoming_document",
        object_id=document.pk,
        changes={
            "document_kind": document.kind,
            "file": document.file.name,
            "file_sha256": document.sha256,
            "received_on": document.received_on,
        },
    )
    return document
