"""Reconciliation: the current state of cases, decisions and delegations against the trail.

A state with no event that led to it is a finding: the last ``application.*`` event of a case must
end in the case's state, every decision must have the decide/correct/revoke event that names it,
and every delegation must have a reference-data event (object type ``delegation``).
"""

from __future__ import annotations

from django.db.models import Max, Subquery

from audit.models import DECISION_ACTIONS, AuditEvent
from vetting.models import Application, Decision, Delegation


def _last_states() -> dict[str, str]:
    last = (
        AuditEvent.objects.filter(object_type="application", action__startswith="application.")
        .exclude(to_state="")
        .values("object_id")
        .annotate(last_seq=Max("seq"))
        .values("last_seq")
    )
    rows = AuditEvent.objects.filter(seq__in=Subquery(last)).values_list("object_id", "to_state")
    return dict(rows)


def case_findings() -> list[str]:
    states = _last_states()
    findings = []
    for pk, reference, state in Application.objects.values_list("pk", "reference", "state"):
        recorded = states.get(str(pk))
        if recorded is None:
            findings.append(f"case {reference}: no event in the trail")
        elif recorded != state:
            findings.append(f"case {reference}: state {state}, trail says {recorded}")
    return findings


def decision_findings() -> list[str]:
    named = {
        str(v)
        for v in AuditEvent.objects.filter(action__in=DECISION_ACTIONS).values_list(
            "changes__decision_id", flat=True
        )
    }
    return [
        f"decision {pk} ({reference}): no decide/correct/revoke event"
        for pk, reference in Decision.objects.values_list("pk", "application__reference")
        if str(pk) not in named
    ]


def delegation_findings() -> list[str]:
    named = set(
        AuditEvent.objects.filter(object_type="delegation").values_list("object_id", flat=True)
    )
    return [
        f"delegation {pk}: no reference-data event"
        for pk in Delegation.objects.values_list("pk", flat=True)
        if str(pk) not in named
    ]


def reconcile() -> list[str]:
    """Every finding; empty when the current state matches the trail."""
    return case_findings() + decision_findings() + delegation_findings()
