"""A refused action as the action page shows it: a title by kind, the service's explanation, and
whether the form is offered again (only when the sender can answer the refusal in the form).

When the case's state moved on (a colleague decided it in another tab), the page says so plainly:
who decided and when, with a link to the decision, and the actions the user has now, from the
state machine (``vetting.actions.allowed_actions``, as the case page's buttons)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.facts import decision_name
from vetting.errors import ActionNotAllowed, DomainError, GuardFailed, PermissionRefused
from vetting.models import Application, Decision
from vetting.selectors import decision_number
from web.templatetags.granska import action_label, state_label

REFUSAL_TITLES = {
    "four_eyes": gettext_lazy("Fyra ögon-principen"),
    "no_delegation": gettext_lazy("Delegation saknas"),
    "conflict_of_interest": gettext_lazy("Jäv"),
    "role_not_permitted": gettext_lazy("Din roll får inte göra detta"),
    "role": gettext_lazy("Din roll får inte göra detta"),
    "restricted_notes": gettext_lazy("Begränsad åtkomst"),
    "handled_by_other": gettext_lazy("Ärendet handläggs av någon annan"),
    "proposal_changed": gettext_lazy("Förslaget har ändrats"),
    "handler_changed": gettext_lazy("Någon annan tog nyss ärendet"),
}

# What the form carried changed meanwhile, and the sender answers it in the form as the case is
# now: a colleague took the case (take it over after all), the proposal was made again (read it
# and decide on it). The form is made again for the case as it is.
RETAKEABLE = frozenset({"handler_changed", "proposal_changed"})
# A colleague took the case while the form was filled in: the input is kept beside the refusal
# and its link to take the case over (the typed evidence is not lost).
TAKEN_MEANWHILE = frozenset({"handled_by_other"})
# Rules of the workflow (422) that no input meets: the case is not where the form left it.
NOT_IN_THE_FORM = frozenset(
    {
        "no_program_requested",
        "no_supplement",
        "decision_replaced",
        "program_review_open",
        "escalation_open",
    }
)
# The actions that decide the case: refused because the case was decided meanwhile, the page
# names the decision.
DECIDING = frozenset({"decide", "write_off"})


def fixable_in_form(exc: DomainError) -> bool:
    """True when the sender can answer the refusal in the form: a rule on the input (422), or a
    changed handler or proposal (``RETAKEABLE``, ``TAKEN_MEANWHILE``). Not when the case's
    state moved on (409), nor when the person may not take the action (403: role, four-eyes,
    delegation, jäv), nor for a rule no input meets (``NOT_IN_THE_FORM``)."""
    if exc.code in RETAKEABLE or exc.code in TAKEN_MEANWHILE:
        return True
    return isinstance(exc, GuardFailed) and exc.code not in NOT_IN_THE_FORM


def refusal(exc: DomainError) -> dict[str, Any]:
    """A refusal in plain Swedish: a title by kind, and the service's own explanation (actions
    and states by the pages' labels, not the API's codes; amounts as the service wrote them,
    already grouped in the active language by ``vetting.money.grouped_lazy``)."""
    title: str | Promise | None = REFUSAL_TITLES.get(exc.code)
    if title is None:
        refused = isinstance(exc, PermissionRefused)
        title = _("Åtgärden nekades") if refused else _("Åtgärden kan inte utföras nu")
    message = exc.message
    if isinstance(exc, ActionNotAllowed):
        message = exc.describe(action_label, state_label)
    prefix = f"{title}: "
    if str(message).startswith(prefix):  # the heading says it already ("Jäv" / "Jäv: du har …")
        rest = str(message)[len(prefix) :]
        message = rest[:1].upper() + rest[1:]
    return {
        "title": title,
        "message": message,
        "code": exc.code,
        "status": exc.status,
        "fixable": fixable_in_form(exc),
    }


def moved_on(
    app: Application, action: str, exc: ActionNotAllowed, now_allowed: list[tuple[str, Any]]
) -> dict[str, Any]:
    """The case's state does not allow ``action`` (any more): why, without the service's list
    of action codes, and ``now_allowed`` (name, label) the user may take instead, as links.
    A decision refused on a decided case names the decision: who made it, when, and where."""
    shown = refusal(exc)
    shown["message"] = exc.reason(action_label, state_label)
    shown["now_allowed"] = now_allowed
    decision = _decided(app) if action in DECIDING else None
    if decision is not None:
        shown["title"] = _("Ärendet är redan beslutat")
        shown["message"] = decided_text(app, decision)
        shown["decision_url"] = reverse("web:decision", args=[app.reference, decision.pk])
        shown["decision_name"] = decision_name(app.reference, decision_number(decision))
    return shown


def decided_text(app: Application, decision: Decision) -> Any:
    """ "Ärendet beslutades 2026-11-23 kl. 10:15 av Beata Beslutsfattare (Bifall)." """
    from django.utils import timezone

    when = timezone.localtime(decision.decided_at)
    who = decision.decided_by
    name = (who.get_full_name() or who.get_username()) if who is not None else _("systemet")
    return format_lazy(
        _("Ärendet beslutades {date} kl. {time} av {name} ({outcome})."),
        date=when.strftime("%Y-%m-%d"),
        time=when.strftime("%H:%M"),
        name=name,
        outcome=decision.get_outcome_display(),
    )


def _decided(app: Application) -> Decision | None:
    """The case's latest decision, once it has one (``decided_at``)."""
    if app.decided_at is None:
        return None
    decisions = app.decisions.select_related("decided_by")
    return decisions.order_by("-decided_at", "-id").first()
