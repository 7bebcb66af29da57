"""The shared steps of every state change: lock, check, transition, save, audit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from audit.context import Actor, actor_for_user
from audit.labels import ATTEMPTED_ACTION_LABELS
from audit.messages import MESSAGE_KEY, message_record
from audit.services import person_pseudonym, record_event
from vetting import actions as vetting_actions
from vetting.errors import (
    ActionNotAllowed,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionRefused,
)
from vetting.models import Application
from vetting.selectors import applications_visible_to
from vetting.signals import state_changed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise

ActorLike = Any  # a User, or an audit Actor for API clients and the system


def audit_actor(actor: ActorLike) -> Actor:
    return actor if isinstance(actor, Actor) else actor_for_user(actor)


def person(actor: ActorLike) -> Any | None:
    """The user behind an actor, or None for API clients and the system."""
    return None if isinstance(actor, Actor) else actor


MAX_DEADLINE_DAYS = 366  # a deadline later than this is a typing error, not a plan


def record_case_event(
    *,
    app: Application,
    actor: ActorLike,
    action: str,
    changes: dict[str, Any],
    reasons: str = "",
    object_type: str = "application",
    object_id: Any = None,
) -> None:
    """The event of a change about a case that leaves its state as it is (a notice, a party
    confirmed): the case's reference, association, state and rulebook version, in the caller's
    transaction."""
    record_event(
        actor=audit_actor(actor),
        action=action,
        object_type=object_type,
        object_id=app.pk if object_id is None else object_id,
        case_ref=app.reference,
        association_id=app.association_id,
        from_state=app.state,
        to_state=app.state,
        reasons=reasons,
        rulebook_version=app.rulebook.version,
        changes=changes,
    )


def require_deadline(field: str, due: date, past: StrOrPromise | None = None) -> date:
    """A deadline after today and within a year (a supplement past its deadline writes the case
    off: a deadline in year 9999 would keep it open for ever)."""
    today = timezone.localdate()
    if due <= today:
        raise InvalidInput({field: past or _("Datumet ska vara efter dagens datum.")})
    if due > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise InvalidInput(
            {
                field: format_lazy(
                    _("Datumet får vara högst ett år fram, senast {last}."),
                    last=today + timedelta(days=MAX_DEADLINE_DAYS),
                )
            }
        )
    return due


def require_received_on(
    field: str, received_on: date | None, sent_at: datetime | None, before: StrOrPromise
) -> date:
    """The day something from the applicant reached the municipality: ``received_on``, by
    default today (Europe/Stockholm); not in the future, and not before the day ``sent_at``
    (when the request it answers was sent; ``before`` says so, with ``{sent}``)."""
    today = timezone.localdate()
    day = received_on or today
    if day > today:
        raise InvalidInput({field: _("Inkomstdatumet kan inte vara i framtiden.")})
    if sent_at is not None and day < (sent := timezone.localdate(sent_at)):
        raise InvalidInput({field: format_lazy(before, sent=sent)})
    return day


def refuse_if_conflicted(actor: ActorLike, app: Application, action: str) -> None:
    """Raise the jäv refusal of ``action`` (``vetting.actions.conflict_refusal``), if any: every
    action on a case but those ``CONFLICT_EXEMPT_ACTIONS`` names."""
    refusal = vetting_actions.conflict_refusal(person(actor), app, action)
    if refusal is not None:
        raise refusal


def lock_application(
    application: Application | int, actor: ActorLike, *, action: str, lock: bool = True
) -> Application:
    """The case, row-locked for this transaction (``lock=False`` for reads), for ``actor`` to
    take ``action`` on; 404 when the person may not see it, 403 (``conflict_of_interest``) when
    they have a declared jäv towards its association (``refuse_if_conflicted``): every action on
    a case comes through here."""
    pk = application.pk if isinstance(application, Application) else application
    user = person(actor)
    qs = applications_visible_to(user) if user is not None else Application.objects.all()
    if lock:
        qs = qs.select_for_update()
    try:
        app = qs.select_related("rulebook", "association").get(pk=pk)
    except Application.DoesNotExist as exc:
        raise NotFound(
            format_lazy(_("Ärendet {pk} finns inte eller är inte synligt för dig."), pk=pk)
        ) from exc
    refuse_if_conflicted(actor, app, action)
    return app


def check_transition(app: Application, action: str, method_name: str, actor: ActorLike) -> Any:
    """The bound transition method, once state, conditions and role allow it."""
    method = getattr(app, method_name)
    user = person(actor)
    if not can_proceed(method):
        allowed = vetting_actions.allowed_actions(app, user) if user else []
        raise ActionNotAllowed(action=action, state=app.state, allowed=allowed)
    if user is not None and not has_transition_perm(method, user):
        raise vetting_actions.assignment_refusal(app, action, user) or PermissionRefused(
            format_lazy(
                _("Din roll får inte utföra åtgärden '{action}'."),
                action=transition_label(app, method, action),
            ),
            code="role",
        )
    return method


def transition_label(app: Application, method: Any, default: str) -> Any:
    """What the pages call the action ``default`` (``audit.labels.ATTEMPTED_ACTION_LABELS``, the
    labels the case page and the 409 use: "Ta ärendet"), else the label the state machine gives
    the transition from the case's state, else ``default``."""
    if default in ATTEMPTED_ACTION_LABELS:
        return ATTEMPTED_ACTION_LABELS[default]
    transition = method._django_fsm.get_transition(app.state)
    return (transition.custom or {}).get("label", default) if transition else default


def allowed_values(values: Iterable[str]) -> StrPromise:
    """``Tillåtna värden: a, b.`` for an InvalidInput, translated when shown."""
    return format_lazy(_("Tillåtna värden: {values}."), values=", ".join(values))


def snapshot(app: Application, fields: Iterable[str]) -> dict[str, Any]:
    """The fields' values as the audit event records them: a person (handler, proposer) by
    pseudonym, never by user id (the id leads straight back to a name)."""
    return {f: _event_value(app, f) for f in fields}


def _event_value(app: Application, field: str) -> Any:
    if not _is_fk(app, field):
        return getattr(app, field)
    if app._meta.get_field(field).related_model is get_user_model():
        user = getattr(app, field)
        return person_pseudonym(user) if user is not None else None
    return getattr(app, f"{field}_id")


def _is_fk(app: Application, field: str) -> bool:
    return bool(app._meta.get_field(field).is_relation)


# Case fields that hold text a person typed: never recorded as {"from", "to"} in the chain,
# where pruning could not reach them (ADR 0027). The proposal's reasons are the propose event's
# own reasons, kept beside the chain and committed by digest.
TEXT_FIELDS = frozenset({"proposal_reasons"})


def save_transition(
    app: Application,
    *,
    actor: ActorLike,
    action: str,
    from_state: str,
    before: Mapping[str, Any],
    reasons: str = "",
    criteria: Iterable[str] = (),
    extra_changes: Mapping[str, Any] | None = None,
) -> None:
    """Save the changed fields, write the audit event, notify receivers: one transaction."""
    fields = [*before.keys(), "state", "updated_at"]
    app.save(update_fields=sorted(set(fields)))
    after = snapshot(app, before.keys())
    changes: dict[str, Any] = {
        f: {"from": before[f], "to": after[f]}
        for f in before
        if before[f] != after[f] and f not in TEXT_FIELDS
    }
    changes.update(extra_changes or {})
    record_event(
        actor=audit_actor(actor),
        action=f"application.{action}",
        object_type="application",
        object_id=app.pk,
        case_ref=app.reference,
        association_id=app.association_id,
        from_state=from_state,
        to_state=app.state,
        reasons=reasons,
        criteria=criteria,
        rulebook_version=app.rulebook.version,
        changes=changes,
    )
    state_changed.send(
        sender=Application,
        application=app,
        action=action,
        from_state=from_state,
        to_state=app.state,
    )


@contextmanager
def audited_refusals(
    action: str, application: Application | int, actor: ActorLike
) -> Iterator[None]:
    """Record a refused attempt (role, four-eyes, delegation, jäv) as an event, then re-raise."""
    try:
        yield
    except PermissionRefused as exc:
        pk = application.pk if isinstance(application, Application) else application
        app = Application.objects.filter(pk=pk).select_related("rulebook").first()
        reason, more = exc.trail()
        with translation.override("sv"):  # the trail is Swedish, whoever clicked
            reasons = str(reason)
        if isinstance(reason, Promise):  # and pages show it in the reader's language
            more = {**more, MESSAGE_KEY: message_record(reason)}
        with transaction.atomic():
            record_event(
                actor=audit_actor(actor),
                action="application.refused",
                object_type="application",
                object_id=pk,
                case_ref=app.reference if app else "",
                association_id=app.association_id if app else None,
                from_state=app.state if app else "",
                to_state=app.state if app else "",
                reasons=reasons,
                rulebook_version=app.rulebook.version if app else None,
                changes={"attempted_action": action, "refusal_code": exc.code, **more},
            )
        raise


def perform_transition(
    *,
    application: Application | int,
    actor: ActorLike,
    action: str,
    method: str = "",
    kwargs: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    reasons: str = "",
    criteria: Iterable[str] = (),
    changes: Mapping[str, Any] | None = None,
    guard: Callable[[Application], Any] | None = None,
    then: Callable[[Application], Any] | None = None,
    describe: Callable[[Application], Mapping[str, Any]] | None = None,
) -> Application:
    """The common shape of a state change, in one transaction.

    Lock the case, check that the state machine and the role allow ``method`` (default: the
    action's name), run ``guard``, call the transition with ``kwargs``, run ``then`` (records
    that belong to the change), save ``fields`` and the state, and write the audit event (with
    ``reasons``, ``criteria`` and ``changes``, or what ``describe`` reads off the locked case).
    A refusal (403) is recorded as its own event.
    """
    with audited_refusals(action, application, actor), transaction.atomic():
        app = lock_application(application, actor, action=action)
        bound = check_transition(app, action, method or action, actor)
        if guard is not None:
            guard(app)
        before, from_state = snapshot(app, fields), app.state
        bound(**(kwargs or {}))
        if then is not None:
            then(app)
        event: dict[str, Any] = {"reasons": reasons, "criteria": criteria, "extra_changes": changes}
        event.update(describe(app) if describe is not None else {})
        save_transition(
            app, actor=actor, action=action, from_state=from_state, before=before, **event
        )
    return app


# Before the input is read: the state question and who may ask come before what was asked (a
# withdrawal of a decided case is 409, whether or not it gives a reason). Read only: the service
# that takes the action checks again under its lock.
def action_check(*, application: Application, actor: ActorLike, action: str) -> None:
    """Raise what the service would refuse ``action`` with whatever the input: ActionNotAllowed
    (409, with the actions allowed) when the case's state or its conditions do not allow it,
    PermissionRefused (403, recorded as a refused attempt like the services' own) when the caller
    may not take it; nothing when only the input can decide. Derived from the state machine
    (``vetting.actions``), as the services' own checks are."""
    with audited_refusals(action, application, actor):
        refusal = refusal_now(application=application, user=person(actor), action=action)
        if refusal is not None:
            raise refusal


def refusal_now(*, application: Application, user: Any, action: str) -> DomainError | None:
    """What ``action_check`` would raise, without recording anything: a form opened on the case
    says why before it is filled in (opening a form is no attempt)."""
    jav = vetting_actions.conflict_refusal(user, application, action)
    if jav is not None:  # whatever the state: the person takes no part in the case
        return jav
    conflict = state_refusal(application=application, user=user, action=action)
    if conflict is not None or user is None:
        return conflict
    if action == "assign":
        from vetting.services.assignment import already_handling

        own = already_handling(application, user)
        if own is not None:
            return own
    refusal = vetting_actions.refusal_for(application, action, user)
    if refusal is None and not vetting_actions.user_may(application, action, user):
        refusal = _role_refusal(application, action)
    return refusal


def state_refusal(*, application: Application, user: Any, action: str) -> ActionNotAllowed | None:
    """Why the case's state (or, for a decision or a revocation, the proposal and the response
    time; for a write-off, the supplement's deadline) does not allow ``action`` now, with the
    actions it does allow; None when it does."""
    from vetting.services.decision_checks import not_yet_decidable
    from vetting.services.write_off import not_yet_written_off

    if vetting_actions.action_possible(application, action):
        return None
    message: StrOrPromise = ""
    if action in ("decide", "revoke"):
        message = not_yet_decidable(application)
    elif action == "write_off":
        message = not_yet_written_off(application)
    return ActionNotAllowed(
        action=action,
        state=application.state,
        allowed=vetting_actions.allowed_actions(application, user),
        message=message,
    )


def _role_refusal(application: Application, action: str) -> PermissionRefused:
    """The refusal of the service's role check (``check_transition``, ``decision_notify``)."""
    if action == "notify":
        return PermissionRefused(
            _("Bara handläggare och beslutsfattare underrättar om beslut."), code="role"
        )
    methods = [getattr(application, name) for name in vetting_actions.ACTIONS.get(action, ())]
    method = next((m for m in methods if can_proceed(m)), None)
    label = transition_label(application, method, action) if method else action
    return PermissionRefused(
        format_lazy(_("Din roll får inte utföra åtgärden '{action}'."), action=label),
        code="role",
    )
