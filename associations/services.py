"""Registering associations and their statutes versions."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import Association, StatutesVersion
from associations.reader import UnreadableDocument, extract_text
from associations.texts import unreadable_message
from associations.validators import normalize_org_number
from audit.services import record_event
from config.files import stored_files
from vetting.errors import InvalidInput
from vetting.services._core import ActorLike, audit_actor


def org_number_checked(raw: str) -> str:
    """The normalised organisation number, or InvalidInput naming the field."""
    try:
        return normalize_org_number(raw)
    except ValidationError as exc:
        raise InvalidInput({"org_number": exc.messages}) from exc


def association_register(
    *,
    actor: ActorLike,
    org_number: str,
    name: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Association:
    number = org_number_checked(org_number)
    if not name.strip():
        raise InvalidInput({"name": _("Föreningens namn krävs.")})
    with transaction.atomic():
        association = Association.objects.create(
            org_number=number,
            name=name.strip(),
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
        )
        record_event(
            actor=audit_actor(actor),
            action="association.registered",
            object_type="association",
            object_id=association.pk,
            association_id=association.pk,
            changes={"org_number": number, "name": association.name},
        )
    return association


# What an association's event records by value; its contact details (a person's name, e-mail
# and phone) only by name, so that they stay erasable (vetting.admin_audit.PERSONAL_FIELDS).
ASSOCIATION_RECORDED = ("name",)
ASSOCIATION_CONTACT = ("contact_name", "contact_email", "contact_phone")


def association_update(
    *, actor: ActorLike, association: Association, values: Mapping[str, str]
) -> Association:
    """Change an association's name or contact details (``values``: those of
    ``ASSOCIATION_RECORDED`` and ``ASSOCIATION_CONTACT`` given) with its event: the name from
    what it was to what it is, the contact details named as changed. The organisation number is
    the association's identity and is not changed here. Nothing changed: no event."""
    unknown = sorted(set(values) - {*ASSOCIATION_RECORDED, *ASSOCIATION_CONTACT})
    if unknown:
        raise ValueError(f"not an association's detail: {unknown}")
    if "name" in values and not values["name"].strip():
        raise InvalidInput({"name": _("Föreningens namn krävs.")})
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        new = {k: v.strip() if k == "name" else v for k, v in values.items()}
        changed = [k for k, v in new.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        changes: dict[str, Any] = {
            k: {"from": getattr(locked, k), "to": new[k]}
            for k in changed
            if k in ASSOCIATION_RECORDED
        }
        contact = sorted(k for k in changed if k in ASSOCIATION_CONTACT)
        if contact:
            changes["changed_not_recorded"] = contact
        for k in changed:
            setattr(locked, k, new[k])
        locked.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor=audit_actor(actor),
            action="association.changed",
            object_type="association",
            object_id=locked.pk,
            association_id=locked.pk,
            changes=changes,
        )
    return locked


def association_get_or_register(
    *, actor: ActorLike, org_number: str, name: str, **contact: str
) -> Association:
    """The association with this organisation number, registered if it is new."""
    number = org_number_checked(org_number)
    existing = Association.objects.filter(org_number=number).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return association_register(actor=actor, org_number=number, name=name, **contact)
    except IntegrityError:
        return Association.objects.get(org_number=number)


# Statutes adopted before this are taken for a typing error (as is a day after today).
EARLIEST_ADOPTION = date(1900, 1, 1)


def statutes_add(
    *,
    association: Association,
    actor: ActorLike,
    adopted_on: date,
    data: bytes | None = None,
    filename: str = "",
    text: str = "",
) -> StatutesVersion:
    """Add a statutes version from an uploaded file (PDF, DOCX, text) or pasted text.

    The text is extracted and kept; the SHA-256 is of the file (or of the UTF-8 text). The same
    file twice gives the existing version. The statute reader runs after commit.
    """
    version, _created = statutes_add_or_find(
        association=association,
        actor=actor,
        adopted_on=adopted_on,
        data=data,
        filename=filename,
        text=text,
    )
    return version


def check_adopted_on(adopted_on: date) -> None:
    """A plausible adoption date: not after today, not before 1900."""
    if adopted_on > timezone.localdate():
        raise InvalidInput({"adopted_on": _("Stadgarna kan inte vara antagna i framtiden.")})
    if adopted_on < EARLIEST_ADOPTION:
        raise InvalidInput(
            {
                "adopted_on": format_lazy(
                    _("Stadgarna kan inte vara antagna före {date}."),
                    date=EARLIEST_ADOPTION.isoformat(),
                )
            }
        )


def check_statutes_size(size: int) -> None:
    """A statutes file within GRANSKA_STATUTES_MAX_BYTES (callers check an upload's declared size
    before reading it into memory)."""
    if size > settings.GRANSKA_STATUTES_MAX_BYTES:
        raise InvalidInput(
            {
                "file": format_lazy(
                    _("Filen är för stor (högst {megabytes} MB)."),
                    megabytes=settings.GRANSKA_STATUTES_MAX_BYTES // 1_048_576,
                )
            }
        )


def _statutes_text(adopted_on: date, data: bytes | None, filename: str, text: str) -> str:
    """The statutes' text (extracted from the file, if one is given), or InvalidInput."""
    check_adopted_on(adopted_on)
    if data is None and not text.strip():
        raise InvalidInput({"file": _("Ladda upp stadgarna som fil eller klistra in texten.")})
    if data is None:
        return text
    check_statutes_size(len(data))
    try:
        return extract_text(data, filename)
    except UnreadableDocument as exc:
        raise InvalidInput({"file": unreadable_message(exc)}) from exc


def statutes_add_or_find(
    *,
    association: Association,
    actor: ActorLike,
    adopted_on: date,
    data: bytes | None = None,
    filename: str = "",
    text: str = "",
    case_ref: str = "",
    source: Mapping[str, Any] | None = None,
) -> tuple[StatutesVersion, bool]:
    """As :func:`statutes_add`, and whether the version is new (False: the same file or text
    was already registered, with its own adoption date, and nothing was saved). ``case_ref``
    and ``source``: the case and the record the file came from (a supplement), for the event."""
    text = _statutes_text(adopted_on, data, filename, text)
    digest = hashlib.sha256(data if data is not None else text.encode("utf-8")).hexdigest()
    same = StatutesVersion.objects.filter(association=association, sha256=digest)
    if (existing := same.first()) is not None:
        return existing, False
    with stored_files() as files, transaction.atomic():
        # The same file uploaded twice at once: the second waits here, then finds the first.
        # FOR NO KEY UPDATE: not in the way of the foreign keys of cases naming the association.
        Association.objects.select_for_update(no_key=True).filter(pk=association.pk).first()
        if (existing := same.first()) is not None:
            return existing, False
        version = StatutesVersion(
            association=association,
            adopted_on=adopted_on,
            sha256=digest,
            text=text,
            original_filename=filename,
            uploaded_by=None if not hasattr(actor, "pk") else actor,
        )
        if data is not None:
            files.save(version.file, filename or "stadgar.txt", ContentFile(data))
        version.save()
        record_event(
            actor=audit_actor(actor),
            action="statutes.added",
            object_type="statutes_version",
            object_id=version.pk,
            case_ref=case_ref,
            association_id=association.pk,
            changes={
                "sha256": digest,
                "adopted_on": adopted_on,
                "filename": filename,
                **(source or {}),
            },
        )
        # Robust: the version is saved; a broker that is down must not make the upload a 500
        # (beat queues the reading again after GRANSKA_STATUTES_REQUEUE_MINUTES).
        transaction.on_commit(lambda: _queue_reading(version.pk), robust=True)
    return version, True


def _queue_reading(statutes_version_id: int) -> None:
    from associations.tasks import read_statutes_version

    read_statutes_version.delay(statutes_version_id)


def statutes_store_reading(
    *, statutes_version_id: int, reading: dict[str, Any], rules_version: int
) -> None:
    """Store the reader's findings on the statutes version (idempotent), with the version of the
    reader's rules that made them, and an event when they or that version change: its proposals
    are what officers accept as assessments, so when they appeared is on record."""
    findings = reading.get("findings", {})
    kind = reading.get("document_kind", "")
    with transaction.atomic():
        version = (
            StatutesVersion.objects.select_for_update()
            .filter(pk=statutes_version_id)
            .only("association_id", "sha256", "reader_findings", "document_kind", "reader_version")
            .first()
        )
        if version is None:
            return
        before = (version.reader_findings, version.document_kind, version.reader_version)
        StatutesVersion.objects.filter(pk=statutes_version_id).update(
            reader_findings=findings,
            document_kind=kind,
            reader_status=StatutesVersion.ReaderStatus.DONE,
            reader_version=rules_version,
            read_at=timezone.now(),
        )
        if before != (findings, kind, rules_version):
            _record_reading(version, findings, kind, rules_version)


def statutes_reading_failed(*, statutes_version_id: int, error: str) -> bool:
    """The reader could not read this statutes version (it raised): marked FAILED, with an event,
    so that beat does not queue it again every few minutes. A version that keeps an earlier
    reading (a re-read by newer rules failed) keeps it. True when the status changed."""
    with transaction.atomic():
        version = (
            StatutesVersion.objects.select_for_update()
            .filter(pk=statutes_version_id, reader_status=StatutesVersion.ReaderStatus.PENDING)
            .only("association_id", "sha256")
            .first()
        )
        if version is None:
            return False
        StatutesVersion.objects.filter(pk=statutes_version_id).update(
            reader_status=StatutesVersion.ReaderStatus.FAILED, read_at=timezone.now()
        )
        _record_reading_failed(version, error)
    return True


def _record_reading_failed(version: StatutesVersion, error: str) -> None:
    from associations.reader import RULES_VERSION
    from audit.context import SYSTEM

    record_event(
        actor=SYSTEM,
        action="statutes.read_failed",
        object_type="statutes_version",
        object_id=version.pk,
        association_id=version.association_id,
        changes={"sha256": version.sha256, "error": error, "rules_version": RULES_VERSION},
    )


def _record_reading(version: StatutesVersion, findings: Any, kind: str, rules_version: int) -> None:
    from audit.context import SYSTEM

    record_event(
        actor=SYSTEM,
        action="statutes.read",
        object_type="statutes_version",
        object_id=version.pk,
        association_id=version.association_id,
        changes={
            "sha256": version.sha256,
            "document_kind": kind,
            "criteria": sorted(findings) if isinstance(findings, dict) else [],
            "rules_version": rules_version,
        },
    )
