"""Template helpers of the officers' pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from audit.facts import amount_text, event_facts
from audit.labels import attempted_action_label, event_label
from audit.messages import MESSAGE_KEY, ShownText, shown_reasons
from audit.texts import pruned_label
from config.admin import may_use_admin
from config.files import shown_name
from vetting import roles
from vetting.citations import case_route, conflict
from vetting.models import Criterion, DecisionOutcome, Outcome, State
from vetting.reader_rules import rule_names
from vetting.services.registration import may_register
from web.access import is_auditor as _is_auditor

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a lockout's cool-off time)."""
    return 0 if value is None else -(-int(value.total_seconds()) // 60)


@register.filter
def is_auditor(user: Any) -> bool:
    return _is_auditor(user)


# The admin link of the site menu, only for those the admin lets in.
register.filter("may_use_admin", may_use_admin)
# The link to register a case (handläggare and administrators).
register.filter("may_register", may_register)


@register.filter
def conflict_rules(app: Any) -> str:
    """Where the rules on jäv are for the case's appeal route (``vetting.citations``)."""
    return conflict(case_route(app))


@register.filter
def outcome_label(value: str | None) -> str:
    if value in Outcome.values:
        return str(Outcome(value).label)
    if value in DecisionOutcome.values:
        return str(DecisionOutcome(value).label)
    return "–"


@register.filter
def state_label(value: str | None) -> str:
    return str(State(value).label) if value in State.values else (value or "")


@register.filter
def hidden_field_errors(form: Any) -> list[tuple[str, str]]:
    """(label, error) of each error on a hidden field, which has no place of its own to show it."""
    return [
        (str(field.label), str(error)) for field in form.hidden_fields() for error in field.errors
    ]


@register.filter
def error_summary(form: Any) -> list[tuple[str, str, str]]:
    """(anchor, label, error) of each visible field's error, in the form's order, for the
    summary at the top of a form that failed (a link to the field; GOV.UK/Digg pattern)."""
    return [
        (f"#{field.id_for_label}", str(field.label), str(error))
        for field in form.visible_fields()
        for error in field.errors
    ]


# Roles an event records for actors that are not people.
ACTOR_ROLE_LABELS = {"booking_client": _("Bokningssystem"), "system": _("Systemet")}


@register.filter
def role_label(value: str | None) -> str:
    """The roles an audit event records (comma-separated group names), as labels."""
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    labels = {**ACTOR_ROLE_LABELS, **roles.LABELS}
    return ", ".join(str(labels.get(name, name)) for name in names)


@register.filter
def action_label(action: str | None) -> str:
    """An action's label as the case page offers it (the code itself when unknown)."""
    from web.actions import SPECS

    spec = SPECS.get(action or "")
    return str(spec.label) if spec is not None else (action or "")


# The labels of audit events live with the trail (the admin shows them too).
register.filter("event_label", event_label)
# The statute reader's rules a proposal rests on, by name (``vetting.reader_rules``).
register.filter("reader_rules", rule_names)
register.filter("attempted_action_label", attempted_action_label)


# An amount as the page's language writes it: "17 500 kr", "17 500,50 kr" in Swedish.
kr = register.filter("kr", amount_text)
# The essential facts an audit event recorded (criterion and outcome, amount, channel, ...).
register.filter("event_facts", event_facts)


@register.filter
def recorded_decision(event: Any) -> int | None:
    """The decision an event records (``changes.decision_id``: a decision, correction or
    revocation) or concerns (a notice's object); None when none, or not a number (the trail may
    be old, or altered)."""
    changes = getattr(event, "changes", None)
    pk = changes.get("decision_id") if isinstance(changes, Mapping) else None
    if pk is None and getattr(event, "object_type", "") == "decision":
        pk = int(event.object_id) if str(event.object_id).isdigit() else None
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


@register.filter
def decision_url(event: Any) -> str:
    """The page of the decision document an event records or concerns; "" when none."""
    pk = recorded_decision(event)
    if pk is None or not getattr(event, "case_ref", ""):
        return ""
    try:
        return reverse("web:decision", args=[event.case_ref, pk])
    except NoReverseMatch:
        return ""


@register.filter
def dropped_letter_url(event: Any) -> str:
    """The letter telling the applicant an intended revocation is not carried out, of the event
    that decided so (``application.drop_revocation``, ADR 0022: ``changes.communication_id``);
    "" for any other event, or one that names no letter."""
    changes = getattr(event, "changes", None)
    pk = changes.get("communication_id") if isinstance(changes, Mapping) else None
    if getattr(event, "action", "") != "application.drop_revocation" or not event.case_ref:
        return ""
    if not isinstance(pk, int) or isinstance(pk, bool):
        return ""
    return reverse("web:communication_dropped", args=[event.case_ref, pk])


@register.filter
def criterion_title(code: Any, app: Any) -> str:
    """One criterion's title by its code, in the case's rulebook (the code when unknown)."""
    titles = criteria_titles([code], app)
    return titles[0] if titles else str(code)


@register.filter
def criteria_titles(codes: Any, app: Any) -> list[str]:
    """The titles of criteria recorded by code (a kommunicering's), in the case's rulebook (one
    query); a code the rulebook does not know as it is."""
    codes = [str(c) for c in codes] if isinstance(codes, list) else []
    if not codes:
        return []
    found = dict(
        Criterion.objects.filter(rulebook_id=app.rulebook_id, code__in=codes).values_list(
            "code", "title"
        )
    )
    return [found.get(code) or code for code in codes]


@register.filter
def supplement_letter_url(event: Any) -> str:
    """The letter asking for a supplement that a ``request_supplement`` event records
    (``changes.supplement_request_id``); "" when none (an older event recorded none)."""
    changes = getattr(event, "changes", None)
    pk = changes.get("supplement_request_id") if isinstance(changes, Mapping) else None
    if not isinstance(pk, int) or isinstance(pk, bool) or not getattr(event, "case_ref", ""):
        return ""
    try:
        return reverse("web:supplement_letter", args=[event.case_ref, pk])
    except NoReverseMatch:
        return ""


@register.filter
def filename(stored: Any, original: Any = "") -> str:
    """A file's name as shown and as its download is named: the upload's own (``original``, the
    row's ``original_filename``); for a file stored before names were recorded, its stored name
    without the storage's folders or suffix (``config.files.shown_name``)."""
    return shown_name(str(stored or ""), str(original or ""))


@register.filter
def event_reasons(event: Any) -> ShownText:
    """An event's reasons as the page shows them: a system-generated text in the page's
    language (audit.messages), what a person typed as typed (``.lang`` "sv")."""
    changes = getattr(event, "changes", None)
    pruned = getattr(event, "reasons_pruned_at", None)
    if pruned is not None:  # format v2: the text was pruned (gallrad), ADR 0027
        return ShownText(pruned_label(pruned), "")
    if is_payment_reference(event):
        return ShownText("", "")  # a payment's reference is a fact of its own, not reasons
    return shown_reasons(recorded_reasons(event), changes)


def recorded_reasons(event: Any) -> str:
    """The reasons as recorded: the side text of a v2 event (audit.texts), else the column."""
    return str(getattr(event, "reasons_text", getattr(event, "reasons", "")) or "")


@register.filter
def reasons_as_recorded(event: Any) -> str:
    """The reasons as typed, or "gallrad <date>" once pruned (format v2)."""
    pruned = getattr(event, "reasons_pruned_at", None)
    return pruned_label(pruned) if pruned is not None else recorded_reasons(event)


def is_payment_reference(event: Any) -> bool:
    """Whether an event's reasons are the payment reference it records (``application.pay``
    writes the reference as the event's reasons too): shown as the reference, not as reasons."""
    changes = getattr(event, "changes_shown", None) or getattr(event, "changes", None)
    reference = changes.get("payment_reference") if isinstance(changes, Mapping) else None
    return bool(reference) and str(reference).strip() == recorded_reasons(event).strip()


@register.filter
def assessment_comment(assessment: Any, messages: Any) -> ShownText:
    """An assessment's comment likewise, from the message its event recorded (``messages``: by
    assessment id, web.casepage.comment_messages)."""
    record = messages.get(assessment.pk) if isinstance(messages, dict) else None
    changes = {MESSAGE_KEY: record} if record is not None else None
    return shown_reasons(assessment.comment or "", changes)
