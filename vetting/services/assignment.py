"""Who prepares a case: taking it, and taking it over from another handler (ADR 0014).

While a case is prepared, its preparing actions are the assigned handler's (the guards
``is_case_handler``): the one who confirmed no jäv (FL 16–18 §§). Another handler takes the
case over first, confirming no jäv in turn, and an administrator may give it to a handler. The
take-over keeps the case's state; its event (``application.take_over``) records the handler from
and to, and the reason when one is given; the handler it was taken from sees it on the work queue
(``web.selectors.taken_over_from``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from audit.services import person_pseudonym
from vetting import roles
from vetting.actions import allowed_actions
from vetting.errors import ActionNotAllowed, Conflict, InvalidInput, PermissionRefused
from vetting.models import Application, State
from vetting.selectors import administration_ids, has_conflict
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    save_transition,
    snapshot,
)


def _check_handler(app: Application, handler: Any, actor: Any, confirmed: bool) -> None:
    if not confirmed:
        raise InvalidInput({"no_conflict_confirmed": _("Bekräfta att du inte är jävig i ärendet.")})
    if handler != actor and not roles.has_role(actor, roles.ADMINISTRATOR):
        raise PermissionRefused(_("Bara administratör kan tilldela någon annan."), code="role")
    if not roles.has_role(handler, roles.HANDLER):
        raise InvalidInput({"handler": _("Personen har inte rollen handläggare.")})
    if app.administration_id not in administration_ids(handler):
        raise InvalidInput({"handler": _("Personen hör inte till ärendets förvaltning.")})
    if has_conflict(handler, app.association_id):
        raise PermissionRefused(
            _("Jäv: handläggaren har anmält jäv mot föreningen och får inte handlägga ärendet."),
            code="conflict_of_interest",
        )


def already_handling(app: Application, user: Any) -> ActionNotAllowed | None:
    """The handler's own take-over of their case: not possible (409, with what is). Also what
    ``action_check`` answers when the input is refused (it said "your role may not")."""
    if user is None or app.handler_id != user.pk or not can_proceed(app.take_over):
        return None
    return ActionNotAllowed(
        action="assign",
        state=app.state,
        allowed=allowed_actions(app, user),
        message=_("Du handlägger redan ärendet."),
    )


def _refuse_same_handler(app: Application, handler: Any, actor: ActorLike) -> None:
    """Taking a case over from its own handler: the handler's own attempt is not possible (409,
    with what is); an administrator's choice of them is named on the field it was made in."""
    if app.handler_id != handler.pk or not can_proceed(app.take_over):
        return
    name = handler.get_full_name() or handler.get_username()
    own = already_handling(app, actor) if handler == actor else None
    if own is not None:
        raise own
    raise InvalidInput({"handler": format_lazy(_("{name} handlägger redan ärendet."), name=name)})


def _check_expected_handler(app: Application, expected: str | None, actor: ActorLike) -> None:
    """The case is taken as its taker saw it: ``expected`` is the username of the handler the
    form showed ("" for none; None when a client does not say, then nothing is checked). Another
    officer taking it meanwhile is a conflict naming them, not a silent take-over; one's own
    case (a second send of the same form) is left to ``_refuse_same_handler``."""
    if expected is None or app.handler_id == getattr(actor, "pk", None):
        return
    current = app.handler.get_username() if app.handler is not None else ""
    if current == expected.strip():
        return
    if app.handler is None:
        message = _("Ärendet har inte längre någon handläggare. Läs ärendet igen och ta det.")
    else:
        message = format_lazy(
            _(
                "Ärendet togs nyss av {name}. Vill du ändå handlägga det, ta över ärendet "
                "(övertagandet registreras i ärendets logg)."
            ),
            name=app.handler.get_full_name() or current,
        )
    raise Conflict(message, code="handler_changed")


def application_assign(
    *,
    application: Application,
    actor: ActorLike,
    handler: Any = None,
    no_conflict_confirmed: bool = False,
    reason: str = "",
    expected_handler: str | None = None,
) -> Application:
    """Take the case (or, as administrator, give it to a handler) after the jäv confirmation.
    On a case being prepared by another handler this is the take-over (``take_over``): the
    state stays, and the event records the handler before and after, with the ``reason`` given
    (optional; the timeline shows it, and the handler it was taken from sees it in the queue).
    ``expected_handler`` is the handler the taker was shown (username, "" for none): when
    another officer took the case meanwhile the call is refused (409 ``handler_changed``)."""
    handler = handler or actor
    with audited_refusals("assign", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="assign")
        _check_expected_handler(app, expected_handler, actor)
        method = "assign" if app.state == State.SUBMITTED else "take_over"
        if method == "take_over":
            _refuse_same_handler(app, handler, actor)
        bound = check_transition(app, "assign", method, actor)
        _check_handler(app, handler, actor, no_conflict_confirmed)
        before, from_state = snapshot(app, ["handler"]), app.state
        bound(handler=handler)
        save_transition(
            app,
            actor=actor,
            action=method,
            from_state=from_state,
            before=before,
            reasons=reason.strip(),
            extra_changes={
                "no_conflict_confirmed": True,
                "confirmed_for": person_pseudonym(handler),
            },
        )
    return app
