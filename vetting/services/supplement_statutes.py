"""A supplement that is the association's new statutes, registered as its statutes version.

When the applicant sends new statutes as a supplement, the handler registers the file as the
association's statutes from the case, instead of downloading it and uploading it again on the
association's page. It goes through the same service as that upload
(``associations.services.statutes_add_or_find``), so the same follows: the statute reader reads
it after commit, passes reused from the earlier statutes no longer apply, and the event
(``statutes.added``) is written, here naming the case and the supplement. The supplement
keeps the version it became (``SupplementRequest.registered_statutes``), in the same transaction,
so the case page shows it registered instead of offering to register it again.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from config.files import shown_name
from vetting import roles
from vetting.errors import GuardFailed, InvalidInput, PermissionRefused
from vetting.models import Application, SupplementRequest
from vetting.services._core import ActorLike, audited_refusals, lock_application

if TYPE_CHECKING:
    from associations.models import StatutesVersion


def may_register_statutes(user: Any) -> bool:
    """Who adds statutes versions (as on the association's page)."""
    return roles.has_role(user, roles.HANDLER, roles.ADMINISTRATOR)


def statutes_refusal(user: Any) -> PermissionRefused | None:
    """The refusal of someone who may not add statutes versions; None for who may."""
    if may_register_statutes(user):
        return None
    return PermissionRefused(
        _("Bara handläggare och administratörer kan lägga till stadgar."), code="role"
    )


def supplement_register_statutes(
    *,
    application: Application | int,
    actor: ActorLike,
    supplement: int | None,
    adopted_on: date | None,
) -> StatutesVersion:
    """Register the file of a supplement of the case (what the applicant sent, or the scan the
    handler registered) as the association's statutes, adopted on ``adopted_on``. Only a
    document the statutes upload takes (PDF with a text layer, DOCX or UTF-8 text, within its
    size limit); else InvalidInput naming ``supplement``. From the case the file is the new
    statutes: adopted before the current version (which would stay current) or in the future
    is InvalidInput naming ``adopted_on`` (older versions are added on the association's page).
    The same file again is refused: it is already a statutes version of the association. A new
    version is linked to the supplement."""
    with audited_refusals("supplement_statutes", application, actor):
        # the file is read, not the case
        app = lock_application(application, actor, action="supplement_statutes", lock=False)
        refusal = statutes_refusal(actor)
        if refusal is not None:
            raise refusal
    request = _with_file(app, supplement)
    if adopted_on is None:
        raise InvalidInput({"adopted_on": _("Ange vilken dag stadgarna antogs.")})
    version, created = _register(app, request, actor, adopted_on)
    if not created:
        raise GuardFailed(_already_registered(version.adopted_on), code="statutes_registered")
    return version


def _register(
    app: Application, request: SupplementRequest, actor: ActorLike, adopted_on: date
) -> tuple[StatutesVersion, bool]:
    """The statutes upload's service on the supplement's file; a new version is recorded on the
    supplement in the same transaction (the case page shows it registered, not the button)."""
    from associations.services import statutes_add_or_find

    data, filename = _read(request)
    with transaction.atomic():
        locked = SupplementRequest.objects.select_for_update().get(pk=request.pk)
        _check_not_older(app.association, data, adopted_on)
        try:
            version, created = statutes_add_or_find(
                association=app.association, actor=actor, adopted_on=adopted_on, data=data,
                filename=filename, case_ref=app.reference, source={"supplement_request": locked.pk},
            )  # fmt: skip
        except InvalidInput as exc:  # the file: say that it is the supplement's that is refused
            raise InvalidInput({_FIELDS.get(k, k): v for k, v in exc.errors.items()}) from exc
        if created:
            locked.registered_statutes = version
            locked.save(update_fields=["registered_statutes"])
    return version, created


_FIELDS = {"file": "supplement"}


def _check_not_older(association: Association, data: bytes, adopted_on: date) -> None:
    """Refuse an adoption date before the current version's: the version would be registered
    but not become current. Under the association's lock (as the upload takes it), so a version
    added meanwhile is seen. The file already registered is left to the upload's answer."""
    from associations.services import check_adopted_on

    check_adopted_on(adopted_on)  # not in the future (nor before 1900)
    Association.objects.select_for_update(no_key=True).filter(pk=association.pk).first()
    current = association.current_statutes()
    if current is None or adopted_on >= current.adopted_on:
        return
    if association.statutes_versions.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
        return  # already registered: refused as such
    raise InvalidInput({"adopted_on": _older_than_current(current.adopted_on)})


def _older_than_current(current: date) -> Any:
    return format_lazy(
        _(
            "Föreningens gällande stadgar är antagna {date}. Stadgar som registreras från "
            "ärendet blir föreningens nya stadgar och kan inte vara antagna före det. En äldre "
            "stadgeversion läggs till på föreningens sida."
        ),
        date=current.isoformat(),
    )


def _with_file(app: Application, supplement: int | None) -> SupplementRequest:
    """The case's supplement request ``supplement``, with a file still in storage."""
    files = app.supplement_requests.exclude(delivered_file="")
    request = files.filter(pk=supplement).first() if supplement is not None else None
    if request is None:
        raise InvalidInput({"supplement": _("Välj en komplettering i ärendet som har en fil.")})
    if not request.delivered_file.storage.exists(request.delivered_file.name or ""):
        raise InvalidInput({"supplement": _("Kompletteringens fil finns inte längre.")})
    return request


def _read(request: SupplementRequest) -> tuple[bytes, str]:
    """The file's bytes (after the statutes' size limit) and its own name."""
    from associations.services import check_statutes_size

    stored = request.delivered_file
    try:
        check_statutes_size(stored.size)  # before the file is read into memory
    except InvalidInput as exc:
        raise InvalidInput({_FIELDS.get(k, k): v for k, v in exc.errors.items()}) from exc
    with stored.open("rb") as handle:
        data = handle.read()
    return data, _own_name(request)


def _own_name(request: SupplementRequest) -> str:
    """The supplement's name as the case page shows it: the upload's own, as recorded (else,
    for a file stored before names were, as config.files.shown_name gives it)."""
    if request.original_filename:
        return request.original_filename
    return shown_name(request.delivered_file.name or "")


def _already_registered(adopted_on: date) -> Any:
    return format_lazy(
        _(
            "Filen är redan registrerad som föreningens stadgar (antagna {date}); ingen ny "
            "version sparades."
        ),
        date=adopted_on.isoformat(),
    )
