"""An officer registers a case that came in by post, e-mail or the municipality's e-service.

The case is registered by ``application_submit``, as every case is; this adds what an officer's
registration needs: only handläggare and administrators register, a handläggare only for an
administration of their own, the premises of a rental belong to the case's administration, and
the applicant may be an association not known yet (registered as the booking intake does,
``association_get_or_register``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from associations.validators import normalize_org_number
from config.files import stored_files
from vetting import roles
from vetting.errors import InvalidInput, PermissionRefused
from vetting.models import Application, IncomingDocument, Kind
from vetting.selectors import administration_ids
from vetting.services._core import ActorLike, lock_application
from vetting.services.incoming import document_problems, store_document
from vetting.services.intake import (
    NewApplication,
    application_submit,
    current_rulebook,
    validate_new_application,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REGISTRAR_ROLES = (roles.HANDLER, roles.ADMINISTRATOR)


def may_register(user: Any) -> bool:
    """Handläggare and administrators register cases that came in by post, e-mail or e-service."""
    return roles.has_role(user, *REGISTRAR_ROLES)


def registration_problems(actor: ActorLike, data: NewApplication) -> dict[str, StrOrPromise]:
    """Field -> reason for everything wrong with the case an officer registers (empty when it
    can be registered). ``data.association`` unsaved: a new association, by its organisation
    number (``association.org_number``) and name (``association.name``)."""
    errors = validate_new_application(data)
    if "received_on" not in errors and (problem := received_age_problem(data)):
        errors["received_on"] = problem
    if data.association.pk is None:
        errors.update(_new_association_problems(data.association))
    errors.update(_administration_problems(actor, data))
    return errors


def received_age_problem(data: NewApplication) -> StrOrPromise | None:
    """A received day at most GRANSKA_MAX_RECEIVED_AGE_DAYS back: an older one is a typing
    error (2016 for 2026), which would give the case a diarienummer of that year."""
    days = settings.GRANSKA_MAX_RECEIVED_AGE_DAYS
    earliest = timezone.localdate() - timedelta(days=days)
    if data.received_on is None or data.received_on >= earliest:
        return None
    return format_lazy(
        _(
            "Inkomstdatumet får vara högst {days} dagar bakåt i tiden, tidigast {earliest}. "
            "Kontrollera årtalet."
        ),
        days=days,
        earliest=earliest,
    )


def _new_association_problems(association: Association) -> dict[str, StrOrPromise]:
    """A valid organisation number (Luhn) not registered yet, and a name. A number that is
    registered is refused naming its association: a typing error in the number would otherwise
    put the case on another party (ADR 0020); the officer chooses that association instead."""
    errors: dict[str, StrOrPromise] = {}
    number = None
    try:
        number = normalize_org_number(association.org_number)
    except ValidationError as exc:
        errors["association.org_number"] = exc.messages[0]
    known = Association.objects.filter(org_number=number).first() if number else None
    if known is not None:
        errors["association.org_number"] = format_lazy(
            _(
                "Organisationsnumret {number} är redan registrerat för {name}. Sök fram och välj "
                "{name} i listan i stället, eller rätta numret."
            ),
            number=number,
            name=known.name,
        )
    elif not association.name.strip():
        errors["association.name"] = _("Föreningens namn krävs.")
    return errors


def _administration_problems(actor: ActorLike, data: NewApplication) -> dict[str, StrOrPromise]:
    premises = data.event.premises if data.event is not None else None
    errors: dict[str, StrOrPromise] = {}
    elsewhere = (
        premises is not None
        and data.administration is not None
        and premises.administration_id != data.administration.pk
    )
    if data.kind == Kind.LOKALUTHYRNING and elsewhere:
        errors["event.premises"] = _("Lokalen hör till en annan förvaltning än ärendet.")
    case_administration = data.administration.pk if data.administration else None
    if case_administration is None and premises is not None:
        case_administration = premises.administration_id
    if case_administration is None or roles.has_role(actor, roles.ADMINISTRATOR):
        return errors
    if case_administration not in administration_ids(actor):
        errors["administration"] = _("Du kan bara registrera ärenden för din egen förvaltning.")
    return errors


def application_register(
    *, actor: ActorLike, data: NewApplication, document: UploadedFile | None = None
) -> Application:
    """Register a case an officer received (``received_on``: the day it came in, not in the
    future nor more than GRANSKA_MAX_RECEIVED_AGE_DAYS back). A new association
    (``data.association`` unsaved) is registered first, in its own transaction, once the whole
    case is known to be valid, so a refused registration registers nothing: the association's
    event would otherwise take the audit chain lock before the case's reference row, the
    reverse of the lock order of every registration (ADR 0005).

    ``document``: the application itself (the scanned letter, the e-service's PDF), checked as
    every upload is and kept with the case as its inkommen handling "ansökan", in the case's own
    transaction: a document refused refuses the registration, and nothing is stored."""
    from associations.services import association_get_or_register

    if not may_register(actor):
        raise PermissionRefused(
            _("Bara handläggare och administratörer kan registrera ansökningar."),
            code="role",
        )
    errors: dict[str, Any] = dict(registration_problems(actor, data))
    if document is not None:
        errors.update(
            (field, reasons[0])
            for field, reasons in document_problems(
                file=document, kind=IncomingDocument.Kind.APPLICATION, received_on=None,
                field="document",
            ).items()
        )  # fmt: skip
    if errors:
        raise InvalidInput(errors)
    data.rulebook = data.rulebook or current_rulebook()  # refused before anything is registered
    if data.association.pk is None:
        data.association = association_get_or_register(
            actor=actor,
            org_number=data.association.org_number,
            name=data.association.name,
            contact_name=data.contact_name,
            contact_email=data.contact_email,
        )
    if document is None:
        return application_submit(actor=actor, data=data)
    with stored_files() as files, transaction.atomic():
        app = application_submit(actor=actor, data=data)
        app = lock_application(app, actor, action="register")
        store_document(
            app, actor, files, file=document, kind=IncomingDocument.Kind.APPLICATION,
            received_on=app.received_on,
        )  # fmt: skip
    return app
