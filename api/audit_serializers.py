"""Serializers of the audit endpoints (issue 3): events, the decision log, query filters."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from audit.export import FORMATS
from audit.models import AuditEvent


class EventFilterSerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="Från och med dag / From day")
    until = serializers.DateField(required=False, help_text="Till och med dag / To day")
    case = serializers.CharField(required=False, help_text="Diarienummer / Case reference")
    association = serializers.IntegerField(required=False, help_text="Föreningens id")
    actor = serializers.CharField(required=False, help_text="Aktörens pseudonym / Actor id")
    action = serializers.CharField(required=False, help_text="Händelse, t.ex. application.decide")
    administration = serializers.CharField(required=False, help_text="Förvaltningens kod")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError({"until": "Slutdagen är före startdagen."})
        return attrs


class ExportQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    format = serializers.ChoiceField(choices=FORMATS, default="jsonl")


class AuditEventSerializer(serializers.Serializer):
    """One event as recorded; persons by pseudonym only."""

    def to_representation(self, instance: AuditEvent) -> dict[str, Any]:
        e = instance
        return {
            "seq": e.seq,
            "time": e.occurred_at.isoformat(),
            "actor": {
                "type": e.actor_type,
                "id": e.actor_id,
                "role": e.actor_role,
                "administration": e.actor_administration,
            },
            "action": e.action,
            "object": {"type": e.object_type, "id": e.object_id},
            "case": e.case_ref,
            "association": e.association_id,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "reasons": e.reasons,
            "criteria": e.criteria,
            "rulebook_version": e.rulebook_version,
            "changes": e.changes,
            "request_id": e.request_id,
            "ip": e.ip,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }


class DecisionLogSerializer(serializers.Serializer):
    """One decision (decide, correct, revoke) with its reasons and its decision maker."""

    def to_representation(self, instance: AuditEvent) -> dict[str, Any]:
        e, names = instance, self.context.get("names", {})
        changes = e.changes if isinstance(e.changes, dict) else {}
        return {
            "seq": e.seq,
            "time": e.occurred_at.isoformat(),
            "kind": e.action.removeprefix("application."),
            "decision_id": changes.get("decision_id"),
            "replaces": changes.get("replaces"),
            "outcome": changes.get("outcome") or e.to_state,
            "case": e.case_ref,
            "association": e.association_id,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "reasons": e.reasons,
            "criteria": e.criteria,
            "rulebook_version": e.rulebook_version,
            "delegation_id": changes.get("delegation_id"),
            "decision_maker": {
                "pseudonym": e.actor_id,
                "name": names.get(e.actor_id, ""),
                "role": e.actor_role,
                "administration": e.actor_administration,
            },
            "hash": e.hash,
        }
