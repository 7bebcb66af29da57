"""Who may take a transition of the application's state machine (its ``permission``) and what
the case must be like (its ``conditions``): pure functions of the case's own fields and the
user's roles, as django-fsm calls them (``vetting.models.application``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from vetting import roles

if TYPE_CHECKING:
    from vetting.models.application import Application


def is_handler(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.HANDLER)


def is_decision_maker(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.DECISION_MAKER)


def is_security(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.SECURITY)


def is_handler_or_admin(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.HANDLER, roles.ADMINISTRATOR)


def system_only(instance: models.Model, user: Any) -> bool:
    return False


def as_application(instance: models.Model) -> Application:
    from vetting.models.application import Application

    assert isinstance(instance, Application)
    return instance


def event_kind(instance: models.Model) -> bool:
    return as_application(instance).is_event


def grant(instance: models.Model) -> bool:
    return as_application(instance).is_grant


def adverse(instance: models.Model) -> bool:
    return as_application(instance).proposal_is_adverse


def undecided(instance: models.Model) -> bool:
    return as_application(instance).decided_at is None


def not_adverse(instance: models.Model) -> bool:
    return not as_application(instance).proposal_is_adverse


def awaiting_response(instance: models.Model) -> bool:
    return as_application(instance).responded_at is None


def may_decide_after_communication(instance: models.Model) -> bool:
    return as_application(instance).response_window_closed()
