"""Serializers of the audit endpoints (issue 3): events, the decision log, query filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import id_query_field
from api.serializers.fields import ChoiceField
from audit.export import FORMATS
from audit.facts import FACT_LABELS, event_facts
from audit.models import AuditEvent
from audit.texts import reasons_shown


class EventFilterSerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="Från och med dag / From day")
    until = serializers.DateField(required=False, help_text="Till och med dag / To day")
    case = serializers.CharField(required=False, help_text="Diarienummer / Case reference")
    association = id_query_field(required=False, help_text="Föreningens id / Association id")
    actor = serializers.CharField(required=False, help_text="Aktörens pseudonym / Actor id")
    action = serializers.CharField(
        required=False,
        help_text="Händelse, t.ex. application.decide / Event action, e.g. application.decide",
    )
    administration = serializers.CharField(
        required=False, help_text="Förvaltningens kod / Administration code"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError({"until": gettext("Slutdagen är före startdagen.")})
        return attrs


class ExportQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="Från och med dag / From day")
    until = serializers.DateField(required=False, help_text="Till och med dag / To day")
    format = ChoiceField(choices=FORMATS, default="jsonl", help_text="Filformat / File format")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError({"until": gettext("Slutdagen är före startdagen.")})
        return attrs


def _text(help_text: str, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text=help_text, **kwargs)


class ActorSerializer(serializers.Serializer):
    type = _text("Aktörens slag (person, client, system) / Kind of actor")
    id = _text("Pseudonym för en person, annars id / Pseudonym of a person, else the id")
    role = _text("Roll vid händelsen / Role at the time")
    administration = _text("Förvaltning vid händelsen / Administration at the time")


class ObjectRefSerializer(serializers.Serializer):
    type = _text("Objektets slag / Kind of object")
    id = _text("Objektets id / The object's id")


# The keys a fact may have (the OpenAPI enum AuditFactKeyEnum); more may be added, none removed.
FACT_KEYS = list(FACT_LABELS)


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]})
class RecordedValueField(serializers.JSONField):
    """A value as the event recorded it: a string, a number or a flag."""


class FactSerializer(serializers.Serializer):
    """One key fact of an event, as the auditors' timeline shows it (``audit.facts``): read from
    the event's own ``changes`` (nothing else), so it holds nothing ``changes`` does not."""

    key = ChoiceField(
        choices=FACT_KEYS,
        read_only=True,
        help_text="Uppgiftens nyckel i changes, t.ex. amount_granted; fler kan tillkomma / "
        "The fact's key in changes, e.g. amount_granted; more may be added",
    )
    value = RecordedValueField(
        read_only=True,
        help_text="Värdet som det registrerades: en kod (t.ex. fail), ett belopp som text "
        "(4000.00), ett tal eller ja/nej / The value as recorded: a code (e.g. fail), an amount "
        "as text (4000.00), a number or a flag",
    )
    # A declared field (DRF's metaclass takes it off the class), not Field.label.
    label = _text(  # type: ignore[assignment]
        "Uppgiftens namn på anroparens språk (Accept-Language) / The fact's name in "
        "the caller's language (Accept-Language)"
    )
    text = _text(
        "Värdet som sidan visar det, på anroparens språk (t.ex. 4 000 kr, 4 000,50 kr) / "
        "The value as the page shows it, in the caller's language (e.g. 4,000 kr, 4,000.50 kr)"
    )
    adverse = serializers.BooleanField(
        read_only=True,
        help_text="Till nackdel (ej uppfyllt, tveksamt, avslag, återkallelse, för sent): sidan "
        "visar det i fetstil / Adverse (fail, doubt, rejection, revocation, late): the page "
        "shows it in bold",
    )


def facts_of(event: AuditEvent, decisions: Mapping[int, int] | None = None) -> list[dict[str, Any]]:
    """The event's key facts as the API gives them (no query: what the event recorded, and the
    decisions' numbers in their cases read once for the page, ``decisions``: a decision's text
    is "KFN-2026-00006 beslut 2", its value the id recorded)."""
    return [
        {"key": f.key, "value": f.recorded, "label": f.label, "text": f.value, "adverse": f.adverse}
        for f in event_facts(event, decisions)
    ]


def _in_case(e: AuditEvent) -> dict[str, Any]:
    """What an event did in its case, as the event log and the decision log both give it (the
    fields of ``_EventCommon`` between the time and the hash)."""
    return {
        "case": e.case_ref,
        "association": e.association_id,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "reasons": reasons_shown(e),
        "criteria": e.criteria,
        "rulebook_version": e.rulebook_version,
    }


class _EventCommon(serializers.Serializer):
    seq = serializers.IntegerField(read_only=True, help_text="Löpnummer i kedjan / Chain number")
    time = serializers.DateTimeField(read_only=True, help_text="Tidpunkt (UTC) / Time (UTC)")
    case = _text("Diarienummer / Case reference")
    association = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Föreningens id / Association id"
    )
    from_state = _text("Status före / State before")
    to_state = _text("Status efter / State after")
    reasons = _text("Motivering / Reasons")
    criteria = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Kriteriekoder / Criteria"
    )
    rulebook_version = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Regelverkets version / Rulebook version"
    )
    hash = _text("Händelsens SHA-256 (hex) / The event's SHA-256 (hex)")
    facts = FactSerializer(
        many=True,
        read_only=True,
        help_text="Händelsens viktigaste uppgifter, i ordning, som revisorernas tidslinje visar "
        "dem (kriterium och utfall, beslut och belopp, kanal, frister …); tom när händelsen inte "
        "registrerade någon / The event's key facts, in order, as the auditors' timeline shows "
        "them (criterion and outcome, decision and amount, channel, dues …); empty when it "
        "recorded none",
    )


class AuditEventSerializer(_EventCommon):
    """One event as recorded; persons by pseudonym only. The fields document the schema;
    ``to_representation`` writes them directly (the log is read in bulk)."""

    actor = ActorSerializer(read_only=True, help_text="Vem / Who")
    action = _text("Händelse, t.ex. application.decide / Event action, e.g. application.decide")
    object = ObjectRefSerializer(read_only=True, help_text="Vad / What")
    changes = serializers.DictField(read_only=True, help_text="Ändrade värden / Changed values")
    request_id = _text("Anropets id / Request id")
    ip = _text("Klientens IP-adress / Client IP address")
    prev_hash = _text("Föregående händelses hash / Previous event's hash")

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
            **_in_case(e),
            "changes": e.changes_shown,  # free texts (1.9) as text, or "gallrad <date>"
            "request_id": e.request_id,
            "ip": e.ip,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
            "facts": facts_of(e, self.context.get("decisions")),
        }


class DecisionMakerSerializer(serializers.Serializer):
    pseudonym = _text("Beslutsfattarens pseudonym / Pseudonym")
    name = _text("Namn (för revisorer) / Name (for auditors)")
    role = _text("Roll / Role")
    administration = _text("Förvaltning / Administration")


class DecisionLogSerializer(_EventCommon):
    """One decision (decide, correct, revoke, write_off) with its reasons and its decision
    maker; a write-off (ADR 0025) since session 12, older write-offs named no decision."""

    kind = _text(
        "decide, correct, revoke eller write_off (avskrivning, ansökan prövas inte) / decide, "
        "correct, revoke or write_off (the application not taken up)"
    )
    decision_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Beslutets id / Decision id"
    )
    replaces = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Ersatt beslut / Decision replaced"
    )
    outcome = _text("Utfall / Outcome")
    delegation_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Delegationens id / Delegation id"
    )
    decision_maker = DecisionMakerSerializer(read_only=True, help_text="Beslutsfattare / By")

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
            **_in_case(e),
            "delegation_id": changes.get("delegation_id"),
            "decision_maker": {
                "pseudonym": e.actor_id,
                "name": names.get(e.actor_id, ""),
                "role": e.actor_role,
                "administration": e.actor_administration,
            },
            "hash": e.hash,
            "facts": facts_of(e, self.context.get("decisions")),
        }


class PageSerializer(serializers.Serializer):
    next = serializers.URLField(read_only=True, allow_null=True, help_text="Nästa sida / Next")
    previous = serializers.URLField(
        read_only=True, allow_null=True, help_text="Föregående sida / Previous"
    )


class EventPageSerializer(PageSerializer):
    results = AuditEventSerializer(many=True, read_only=True, help_text="Händelser / Events")


class DecisionPageSerializer(PageSerializer):
    results = DecisionLogSerializer(many=True, read_only=True, help_text="Beslut / Decisions")


class TimelineSerializer(serializers.Serializer):
    case = _text("Diarienummer / Case reference")
    events = AuditEventSerializer(
        many=True, read_only=True, help_text="Händelser, äldst först / Events, oldest first"
    )


class PublicKeySerializer(serializers.Serializer):
    algorithm = _text("Alltid Ed25519 / Always Ed25519")
    format = _text("Kontrollpunkternas format / Checkpoint format")
    key_name = _text("Nyckelns namn / Key name")
    key_id = _text("Nyckel-id (hex) / Key id (hex)")
    verifier_key = _text("Verifieringsnyckel (signed note) / Verifier key")
    public_key_pem = _text("Publik nyckel (PEM) / Public key (PEM)")
    public_key_base64 = _text("Publik nyckel, rå (base64) / Raw public key (base64)")
