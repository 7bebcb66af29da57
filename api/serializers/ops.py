"""The operators' status (ops.status), as the API returns it."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import ChoiceField

STATUSES = ["ok", "warning", "critical"]


class StatusItemSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Stabil kod: webhook_outbox, audit_verification, audit_checkpoint, "
        "worker_heartbeat, statutes_reading / Stable code of the item: webhook_outbox, "
        "audit_verification, audit_checkpoint, worker_heartbeat, statutes_reading"
    )
    status = ChoiceField(STATUSES, help_text="Läge / Status against the thresholds")
    detail = serializers.CharField(
        help_text="Förklaring, på Accept-Language / Explanation, in Accept-Language"
    )
    figures = serializers.DictField(
        help_text="Mätvärden (åldrar i sekunder) / Figures (ages in seconds)"
    )


class StatusSerializer(serializers.Serializer):
    status = ChoiceField(STATUSES, help_text="Sämsta läget / The worst item's status")
    items = StatusItemSerializer(many=True, help_text="Varje punkt / Every item")
