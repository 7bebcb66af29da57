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


def held_by_other(application: Application, user: Any) -> bool:
    """The case is another handler's: assigned to someone else and not yet decided (the
    assignment ends with the decision; what follows it is no one's preparing)."""
    return (
        application.handler_id is not None
        and application.handler_id != getattr(user, "pk", None)
        and application.decided_at is None
    )


def is_case_handler(instance: models.Model, user: Any) -> bool:
    """A handler, and while the case is prepared the one assigned to it: the one who confirmed
    no jäv (FL 16–18 §§). Another handler takes the case over first (``take_over``)."""
    return is_handler(instance, user) and not held_by_other(as_application(instance), user)


def is_case_handler_or_admin(instance: models.Model, user: Any) -> bool:
    """The case's handler (``is_case_handler``) or an administrator."""
    return roles.has_role(user, roles.ADMINISTRATOR) or is_case_handler(instance, user)


def may_take_over(instance: models.Model, user: Any) -> bool:
    """Another handler takes the case over, or an administrator gives it to a handler; the
    assigned handler already holds it."""
    if roles.has_role(user, roles.ADMINISTRATOR):
        return True
    return is_handler(instance, user) and held_by_other(as_application(instance), user)


# The permissions that tie a transition to the assigned handler (``vetting.actions`` names the
# assigned handler when only the assignment refuses someone).
CASE_HANDLER_PERMISSIONS = (is_case_handler, is_case_handler_or_admin)


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


# The hearing of an intended revocation (ADR 0015), read from the case's own row.
def no_revocation_hearing(instance: models.Model) -> bool:
    return as_application(instance).revocation_response_due is None


def revocation_hearing_begun(instance: models.Model) -> bool:
    """An intended revocation was communicated and is neither decided nor dropped."""
    return as_application(instance).revocation_response_due is not None


def awaiting_revocation_response(instance: models.Model) -> bool:
    app = as_application(instance)
    return app.revocation_response_due is not None and app.revocation_responded_at is None


def revocation_heard(instance: models.Model) -> bool:
    return as_application(instance).revocation_window_closed()
