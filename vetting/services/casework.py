"""Preparing a case: supplements, program review, escalation, withdrawal (the assignment is in
``assignment``; the write-off, a decision, in ``write_off``)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.reader import UnreadableDocument, extract_text
from audit.services import record_event
from config.files import StoredFiles, stored_files
from vetting.citations import case_route
from vetting.errors import (
    FieldProblems,
    GuardFailed,
    InvalidInput,
    PermissionRefused,
)
from vetting.facts import document_facts
from vetting.models import Application, Escalation, ProgramReview, State, SupplementRequest
from vetting.selectors import may_read_escalation_notes
from vetting.services._core import (
    ActorLike,
    allowed_values,
    audit_actor,
    audited_refusals,
    lock_application,
    perform_transition,
    require_received_on,
)
from vetting.services.response_time import deadline_problems, short_deadline_change
from vetting.services.uploads import (
    PDF_MAGIC,
    arrival_problems,
    check_evidence_document,
    unopenable_pdf,
)
from vetting.signals import state_changed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The applicant's submissions recorded without a state change, as ``state_changed`` names them
# (the booking system's webhook event types ``booking_request.<change>``).
PROGRAM_RECEIVED = "program_received"
SUPPLEMENT_DELIVERED = "supplement_delivered"
APPLICANT_SUBMISSIONS = (SUPPLEMENT_DELIVERED, PROGRAM_RECEIVED)


def _require_text(field: str, value: str, what: StrOrPromise) -> str:
    if not (value or "").strip():
        raise InvalidInput({field: format_lazy(_("{what} krävs."), what=what)})
    return value.strip()


def application_request_supplement(
    *,
    application: Application,
    actor: ActorLike,
    what: str,
    due: date | None = None,
    short_deadline_reason: str = "",
) -> Application:
    """Ask for a supplement by ``due`` (default ``GRANSKA_SUPPLEMENT_DAYS`` ahead; at least
    ``GRANSKA_MIN_REQUEST_DAYS`` unless ``short_deadline_reason`` says why, ``response_time``)."""
    found = FieldProblems()  # the text and the day named together
    text = found.check(
        lambda: _require_text("what", what, _("Uppgift om vad som ska kompletteras"))
    )
    day = due or timezone.localdate() + timedelta(days=settings.GRANSKA_SUPPLEMENT_DAYS)
    short = deadline_problems(found, due=day, answered="supplement", reason=short_deadline_reason)
    found.raise_any()
    assert text is not None
    made: dict[str, Any] = {}

    def keep(app: Application) -> None:
        """The request, with the case's facts its letter prints as they are now (FL 20 §: the
        föreläggande, rebuilt from the row: ``web.documents.supplement``)."""
        made["request"] = SupplementRequest.objects.create(
            application=app,
            what=text,
            due=day,
            requested_by=actor,
            facts=document_facts(app, route=case_route(app)),
            short_deadline_reason=short,
        )

    return perform_transition(
        application=application,
        actor=actor,
        action="request_supplement",
        kwargs={"due": day},
        fields=["supplement_due", "supplement_delivered_at"],
        reasons=text,
        then=keep,
        describe=lambda app: {
            "extra_changes": {
                **short_deadline_change(short),
                "supplement_request_id": made["request"].pk,
            }
        },
    )


def application_receive_supplement(
    *,
    application: Application,
    actor: ActorLike,
    note: str = "",
    received_on: date | None = None,
    file: UploadedFile | None = None,
) -> Application:
    """Register the supplement; the case goes on. ``received_on``: the day it reached the
    municipality (default: the day it was delivered through the booking system, else today),
    by which its deadline is judged; ``file``: for one that came by post, the scanned document
    (checked as evidence documents are)."""
    found = FieldProblems()
    arrival_problems(found, received_on, file)
    found.raise_any()
    arrival: dict[str, Any] = {}
    with stored_files() as files:
        return perform_transition(
            application=application,
            actor=actor,
            action="receive_supplement",
            fields=["supplement_due", "supplement_delivered_at"],
            reasons=note,
            then=lambda app: arrival.update(_fulfil(app, note, received_on, file, files)),
            describe=lambda app: {"extra_changes": arrival},
        )


SUPPLEMENT_BEFORE_REQUEST = _("Kompletteringen kan inte ha kommit in före {sent}, då den begärdes.")
FILE_ALREADY_DELIVERED = _(
    "Sökanden har redan skickat en fil med kompletteringen; den finns i ärendet. Registrera "
    "kompletteringen utan fil."
)


def _fulfil(
    app: Application,
    note: str,
    received_on: date | None,
    file: UploadedFile | None,
    files: StoredFiles,
) -> dict[str, Any]:
    """Mark the open request registered, on the day it came in, with the scanned document;
    what the event records of it."""
    request = app.supplement_requests.filter(fulfilled_at__isnull=True).order_by("-id").first()
    if request is None:  # nothing open (a case from before requests were kept): today, no file
        return {"received_on": require_received_on("received_on", received_on, None, "")}
    day = require_received_on(
        "received_on", received_on or request.received_on, request.requested_at,
        SUPPLEMENT_BEFORE_REQUEST,
    )  # fmt: skip
    if file is not None:
        if request.delivered_file:
            raise InvalidInput({"file": FILE_ALREADY_DELIVERED})
        files.save_upload(request, "delivered_file", file, "komplettering")
    request.fulfilled_at, request.note, request.received_on = timezone.now(), note, day
    request.save(
        update_fields=["delivered_file", "original_filename", "fulfilled_at", "note", "received_on"]
    )
    app.supplement_requests.filter(fulfilled_at__isnull=True).update(
        fulfilled_at=request.fulfilled_at, note=note
    )
    return {"received_on": day, "late": day > request.due, "file": request.delivered_file.name}


PROGRAM_DAYS = 14  # the standard time to send the programme


def application_start_program_review(
    *,
    application: Application,
    actor: ActorLike,
    reason: str,
    due: date | None = None,
    short_deadline_reason: str = "",
) -> Application:
    """Ask for the event's programme by ``due`` (default ``PROGRAM_DAYS`` ahead; at least
    ``GRANSKA_MIN_REQUEST_DAYS`` unless ``short_deadline_reason`` says why, ``response_time``)."""
    found = FieldProblems()
    text = found.check(lambda: _require_text("reason", reason, _("Skäl till programgranskning")))
    day = due or timezone.localdate() + timedelta(days=PROGRAM_DAYS)
    short = deadline_problems(found, due=day, answered="programme", reason=short_deadline_reason)
    found.raise_any()
    assert text is not None
    return perform_transition(
        application=application,
        actor=actor,
        action="start_program_review",
        reasons=text,
        changes={"program_due": day, **short_deadline_change(short)},
        then=lambda app: ProgramReview.objects.create(
            application=app, requested_by=actor, reason=text, due=day, short_deadline_reason=short
        ),
    )


logger = logging.getLogger(__name__)


def program_file_text(file: UploadedFile) -> str:
    """Check an uploaded program: at most GRANSKA_API_PROGRAM_MAX_BYTES, and a PDF or UTF-8
    text judged by its content (never its name or declared type). Its text: a text file's
    content, or a PDF's text layer (read in an isolated child process by the statute reader's
    extraction); "" for a PDF without readable text, which is still kept as the file."""
    limit = settings.GRANSKA_API_PROGRAM_MAX_BYTES
    if (file.size or 0) > limit:
        raise InvalidInput(
            {"file": format_lazy(_("Filen är större än {limit} byte."), limit=limit)}
        )
    data = file.read()
    file.seek(0)
    if data.startswith(PDF_MAGIC):  # refused when it does not open as a PDF (_pdf_text)
        return _pdf_text(data, file.name or "program.pdf")
    if b"\x00" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    raise InvalidInput({"file": _("Programmet ska vara en PDF eller en textfil (UTF-8).")})


def _pdf_text(data: bytes, name: str) -> str:
    """The PDF's text, or "" when it has none that can be read (the file is kept either way)."""
    filename = PurePosixPath(name.replace("\\", "/")).name or "program.pdf"
    try:
        text = extract_text(data, filename)
    except UnreadableDocument as exc:
        if exc.reason == "unreadable_pdf":  # a PDF header and garbage: not a programme
            raise unopenable_pdf("file", exc.params.get("error", "")) from exc
        return ""
    except RuntimeError:  # the isolated parser itself failed: unreadable, not the uploader's fault
        logger.warning("program PDF %s could not be parsed", filename, exc_info=True)
        return ""
    return text.replace("\x00", "")


def program_submit(
    *,
    application: Application,
    actor: ActorLike,
    file: UploadedFile | None = None,
    text: str = "",
    received_on: date | None = None,
) -> ProgramReview:
    """The applicant's program arrives (from an officer or a booking system). A file is checked
    by ``program_file_text`` on every path; a text file's content is kept as the text too.
    ``received_on``: the day it reached the municipality (by post: the day the officer gives;
    default, and always for a booking system's upload, the day of the upload in Stockholm), not
    in the future nor before the program was asked for; the deadline is judged by it."""
    found = FieldProblems()  # the day with the program's own problem, in one error
    found.check(lambda: require_received_on("received_on", received_on, None, ""))
    if file is None and not text.strip():
        found.add("file", _("Bifoga programmet som fil eller text."))
    elif file is not None:  # checked with or without a text beside it
        content = found.check(lambda: program_file_text(file)) or ""
        text = text if text.strip() else content
    found.raise_any()
    with (
        audited_refusals("program_submit", application, actor),
        stored_files() as files,
        transaction.atomic(),
    ):
        app = lock_application(application, actor, action="program_submit")
        review = app.program_reviews.filter(closed_at__isnull=True).order_by("-id").first()
        # Also while escalated from the review: the request for the programme stays open.
        if app.state not in (State.PROGRAM_REVIEW, State.ESCALATED) or review is None:
            raise GuardFailed(_("Inget program är begärt i ärendet."), code="no_program_requested")
        day = require_received_on(
            "received_on", received_on, review.requested_at, PROGRAM_BEFORE_REQUEST
        )
        if file is not None:
            files.save_upload(review, "program_file", file, "program")
        review.program_text = text
        review.program_received_at, review.program_received_on = timezone.now(), day
        review.save(
            update_fields=[
                "program_file", "original_filename", "program_text", "program_received_at",
                "program_received_on",
            ]
        )  # fmt: skip
        _record_arrival(
            app, actor, review, action="program.received", change=PROGRAM_RECEIVED,
            changes={
                "file": review.program_file.name, "has_text": bool(text),
                "received_on": day, "late": review.late,
            },
        )  # fmt: skip
    return review


PROGRAM_BEFORE_REQUEST = _("Programmet kan inte ha kommit in före {sent}, då det begärdes.")


ARRIVAL_OBJECT_TYPES = {ProgramReview: "program_review", SupplementRequest: "supplement_request"}


def _record_arrival(
    app: Application,
    actor: ActorLike,
    row: ProgramReview | SupplementRequest,
    *,
    action: str,
    change: str,
    changes: dict[str, Any],
) -> None:
    """Something the applicant sent arrived: the audit event (``action``), and the signal that
    records the change (``change``) for the booking system however it arrived (its API, or an
    officer registering a mailed one). No state change."""
    record_event(
        actor=audit_actor(actor),
        action=action,
        object_type=ARRIVAL_OBJECT_TYPES[type(row)],
        object_id=row.pk,
        case_ref=app.reference,
        association_id=app.association_id,
        rulebook_version=app.rulebook.version,
        changes=changes,
    )
    state_changed.send(
        sender=Application,
        application=app,
        action=change,
        from_state=app.state,
        to_state=app.state,
    )


def supplement_deliver(
    *, application: Application, actor: ActorLike, file: UploadedFile | None = None, text: str = ""
) -> SupplementRequest:
    """What the applicant sends for an open supplement request (from its booking system): kept
    on the request with an event, and the booking system hears of it. No transition: the handler
    reads it and registers the supplement as received (receive_supplement) or asks again."""
    if file is None and not text.strip():
        raise InvalidInput({"file": _("Bifoga kompletteringen som fil eller text.")})
    if file is not None:
        check_evidence_document(file, field="file")
    with stored_files() as files, transaction.atomic():
        app = lock_application(application, actor, action="supplement_deliver")
        request = app.supplement_requests.filter(fulfilled_at=None).order_by("-id").first()
        if app.state != State.SUPPLEMENT_REQUESTED or request is None:
            raise GuardFailed(_("Ingen komplettering är begärd i ärendet."), code="no_supplement")
        if file is not None:
            files.save_upload(request, "delivered_file", file, "komplettering")
        request.delivered_text, request.delivered_at = text.strip(), timezone.now()
        request.received_on = timezone.localdate(request.delivered_at)
        request.save(
            update_fields=[
                "delivered_file", "original_filename", "delivered_text", "delivered_at",
                "received_on",
            ]
        )  # fmt: skip
        app.supplement_delivered_at = request.delivered_at  # write_off's condition reads this
        app.save(update_fields=["supplement_delivered_at", "updated_at"])
        _record_arrival(
            app, actor, request, action="supplement.delivered", change=SUPPLEMENT_DELIVERED,
            changes={"file": request.delivered_file.name, "has_text": bool(request.delivered_text)},
        )  # fmt: skip
    return request


def application_escalate(*, application: Application, actor: ActorLike, reason: str) -> Application:
    reason = _require_text("reason", reason, _("Skäl till eskalering"))
    return perform_transition(
        application=application,
        actor=actor,
        action="escalate",
        fields=["escalated_from"],
        reasons=reason,
        criteria=["NO_VIOLENT_EXTREMISM"],
        then=lambda app: Escalation.objects.create(
            application=app, escalated_by=actor, reason=reason
        ),
    )


def application_conclude_escalation(
    *, application: Application, actor: ActorLike, conclusion: str, notes: str
) -> Application:
    """The security coordinator's conclusion. The notes stay restricted; the event omits them."""
    if conclusion not in Escalation.Conclusion.values:
        raise InvalidInput({"conclusion": allowed_values(Escalation.Conclusion.values)})
    notes = _require_text("notes", notes, _("Anteckningar"))
    open_review = ProgramReview.objects.filter(
        application=application, closed_at__isnull=True
    ).exists()
    return perform_transition(
        application=application,
        actor=actor,
        action="conclude_escalation",
        kwargs={"program_review_open": open_review},
        fields=["escalated_from"],
        criteria=["NO_VIOLENT_EXTREMISM"],
        changes={"conclusion": conclusion},
        then=lambda app: app.escalations.filter(concluded_at__isnull=True).update(
            notes=notes, conclusion=conclusion, concluded_by=actor, concluded_at=timezone.now()
        ),
    )


def escalation_notes_view(*, application: Application, actor: ActorLike) -> list[Escalation]:
    """Restricted notes, for the security coordinator and the case's decision makers; logged."""
    with audited_refusals("view_escalation_notes", application, actor), transaction.atomic():
        # a read: no row lock
        app = lock_application(application, actor, action="view_escalation_notes", lock=False)
        if not may_read_escalation_notes(actor, app):
            raise PermissionRefused(
                _(
                    "Säkerhetssamordnarens anteckningar är begränsade till "
                    "säkerhetssamordnaren och ärendets beslutsfattare."
                ),
                code="restricted_notes",
            )
        escalations = list(app.escalations.order_by("escalated_at"))
        record_event(
            actor=audit_actor(actor),
            action="escalation.notes_viewed",
            object_type="application",
            object_id=app.pk,
            case_ref=app.reference,
            association_id=app.association_id,
            rulebook_version=app.rulebook.version,
        )
    return escalations


def application_withdraw(*, application: Application, actor: ActorLike, reason: str) -> Application:
    """The applicant withdraws (registered by an officer or sent by the booking system)."""
    reason = _require_text("reason", reason, _("Skäl eller hänvisning till sökandens återkallelse"))
    return perform_transition(
        application=application,
        actor=actor,
        action="withdraw",
        fields=["closed_at"],
        reasons=reason,
    )
