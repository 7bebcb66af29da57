"""Confirming the party of a case whose applicant's name differs from the association's.

The organisation number decides whose case it is; the name the applicant gave is kept on the
case (``Application.applicant_name``). When it differs in substance from the association's
registered name (``associations.names``), a typing error in the number may have put the case on
the wrong party, so the association's earlier assessments are offered but not reused until the
handler has checked the party and confirmed it here (ADR 0020). It changes no state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetting import roles
from vetting.errors import ActionNotAllowed, HandledByOther, InvalidInput, PermissionRefused
from vetting.models import Application, State, guards
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    lock_application,
    record_case_event,
)

PARTY_CHECK_REQUIRED = _("Bekräfta att du har kontrollerat att ärendet gäller föreningen.")
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# While the case is prepared and before a proposal (whose criteria the checklist decided).
PARTY_STATES = frozenset({State.IN_REVIEW, State.SUPPLEMENT_REQUESTED, State.PROGRAM_REVIEW})


def party_confirmable(app: Application) -> bool:
    """The case waits for its party to be confirmed, in a state where that is done."""
    return app.state in PARTY_STATES and app.party_unconfirmed


def check_party_confirmer(actor: ActorLike, app: Application) -> None:
    """The case's handler, without jäv against the association; else PermissionRefused."""
    if not roles.has_role(actor, roles.HANDLER):
        raise PermissionRefused(_("Bara ärendets handläggare bekräftar parten."), code="role")
    if guards.held_by_other(app, actor):
        raise HandledByOther(app.handler)


def application_confirm_party(
    *, application: Application | int, actor: ActorLike, party_checked: bool, note: str = ""
) -> Application:
    """Record that the handler checked that the case is the association's (by its organisation
    number) although the applicant gave another name: the association's earlier assessments are
    reused from now on. The event keeps both names."""
    with audited_refusals("confirm_party", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="confirm_party")
        if not party_confirmable(app):
            raise _not_confirmable(app, actor)
        check_party_confirmer(actor, app)
        if not party_checked:
            raise InvalidInput({"party_checked": PARTY_CHECK_REQUIRED})
        app.party_confirmed_at = timezone.now()
        app.save(update_fields=["party_confirmed_at", "updated_at"])
        record_case_event(
            app=app,
            actor=actor,
            action="application.party_confirmed",
            reasons=note.strip(),
            changes={
                "applicant_name": app.applicant_name,
                "association_name": app.association.name,
                "org_number": app.association.org_number,
            },
        )
    return app


def _not_confirmable(app: Application, actor: Any) -> ActionNotAllowed:
    from vetting.actions import allowed_actions

    message: StrOrPromise = ""
    if app.state in PARTY_STATES:
        message = _(
            "Namnet i ansökan är i sak föreningens registrerade namn, eller parten är redan "
            "bekräftad: det finns inget att bekräfta."
        )
    return ActionNotAllowed(
        action="confirm_party",
        state=app.state,
        allowed=allowed_actions(app, actor),
        message=message,
    )
