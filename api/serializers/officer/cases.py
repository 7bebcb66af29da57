"""The cases as officers read them: the list, and one case with what they may do now, its
criteria checklist and its decision. Help texts: Svenska / English."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.schema import RESPONSE_CONSIDERED_HELP
from api.serializers.fields import ChoiceField
from vetting.models import Application, DecisionOutcome, Outcome, State
from vetting.selectors import (
    DECISION_READERS,
    checklist,
    hidden_sources,
    party_warning,
    proposal_version,
    recorded_sources,
    reused_sources,
)


class AssociationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Föreningens id / Association id")
    name = serializers.CharField(help_text="Namn / Name")
    org_number = serializers.CharField(help_text="Organisationsnummer / Organisation number")


class ApplicationSummarySerializer(serializers.ModelSerializer):
    state = ChoiceField(choices=State.choices, help_text="Status / State")
    state_label = serializers.CharField(source="get_state_display", help_text="Status / Label")
    association = AssociationBriefSerializer(help_text="Sökande / Applicant")
    administration = serializers.CharField(
        source="administration.code", help_text="Förvaltning (kod) / Administration code"
    )
    handler = serializers.CharField(
        source="handler.username", allow_null=True, help_text="Handläggare / Handler"
    )
    premises = serializers.CharField(
        source="premises.code", allow_null=True, help_text="Lokal / Premises code"
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "kind",
            "state",
            "state_label",
            "subject",
            "association",
            "applicant_name",
            "administration",
            "handler",
            "received_on",
            "amount_applied",
            "premises",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "Ärendets id (i adresser) / The case's id (in URLs)"},
            "reference": {"help_text": "Diarienummer / Case reference"},
            "kind": {"help_text": "Ärendeslag / Kind of case"},
            "subject": {"help_text": "Ärendemening / Subject"},
            "applicant_name": {
                "help_text": "Sökandens namn som det stod i ansökan; parten är föreningen med "
                "organisationsnumret (association) / The applicant's name as the application "
                "gave it; the party is the association with the organisation number"
            },
            "received_on": {"help_text": "Inkom / Received on"},
            "amount_applied": {"help_text": "Sökt belopp (kr) / Amount applied for (SEK)"},
            "updated_at": {"help_text": "Senast ändrad / Last changed"},
        }


class ChecklistRowSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="Kriteriets kod / Criterion code")
    title = serializers.CharField(help_text="Kriterium / Criterion")
    outcome = ChoiceField(choices=Outcome.choices, allow_null=True, help_text="Bedömning / Outcome")
    reused = serializers.BooleanField(
        help_text="Bedömningen återanvänds från ett annat ärende / The assessment is reused "
        "from another case"
    )
    reuse_held = serializers.BooleanField(
        help_text="En tidigare godkänd bedömning återanvänds först när handläggaren bekräftat "
        "parten (party_unconfirmed) / A pass of an earlier case is reused only once the handler "
        "has confirmed the party (party_unconfirmed)"
    )
    reused_from = serializers.CharField(
        allow_blank=True,
        help_text="Återanvänd från ärende; tomt om du inte får se det ärendet (annan "
        "förvaltning) / Reused from case; blank when you may not see that case (another "
        "administration)",
    )


class OfficerDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Beslutets id / Decision id")
    outcome = ChoiceField(choices=DecisionOutcome.choices, help_text="Utfall / Outcome")
    amount_granted = serializers.DecimalField(
        source="amount_awarded",
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Beviljat belopp (kr); null vid avslag och återkallelse / Amount granted (SEK); "
        "null for a rejection or a revocation",
    )
    amount_reclaimed = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Återkallelse: återkrävt belopp (kr), 0 när inget återkrävs; null för andra "
        "beslut / Revocation: amount reclaimed (SEK), 0 when nothing is reclaimed; null for other "
        "decisions",
    )
    reasons = serializers.CharField(
        allow_blank=True,
        help_text="Motivering; tom när beslutet går helt sökanden till godo (bifall i sin "
        "helhet, FL 32 § andra stycket 1) / Reasons; empty when the decision wholly favours the "
        "applicant (approved in full)",
    )
    criteria = serializers.ListField(
        child=serializers.DictField(), help_text="Kriterier vid beslutet / Criteria at decision"
    )
    decided_at = serializers.DateTimeField(help_text="Beslutad / Decided at")
    appeal_route = serializers.CharField(help_text="Överklagandeväg / Appeal route")
    appeal_instructions = serializers.CharField(help_text="Hur man överklagar / How to appeal")
    revocation_clause = serializers.CharField(
        allow_blank=True, help_text="Återkallelseförbehåll / Revocation clause"
    )
    kind = serializers.CharField(
        help_text="decision, correction eller revocation / decision, correction or revocation"
    )
    repayment_due = serializers.DateField(
        allow_null=True,
        help_text="Återkrav: sista dag för återbetalning; null när inget återkrävs / Återkrav: "
        "the day by which the amount reclaimed is to be paid back; null when nothing is reclaimed",
    )
    repayment_instructions = serializers.CharField(
        allow_blank=True,
        help_text="Återkrav: hur man betalar, som det stod vid beslutet; tomt: kommunen skickar "
        "faktura (eller inget återkrävs) / Återkrav: how to pay, as it stood at the decision; "
        "empty: the municipality sends an invoice (or nothing is reclaimed)",
    )
    response_considered = serializers.SerializerMethodField(
        help_text=RESPONSE_CONSIDERED_HELP,
    )

    def get_response_considered(self, obj: Any) -> str | None:
        return str(obj.response_considered).strip() or None


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    allowed_actions = serializers.SerializerMethodField(
        help_text="Vad du får göra nu; varje namn görs med POST "
        "/api/v1/applications/{id}/actions/<namn>/ (assess även på .../assessments/) / What you "
        "may do now; each name is done by POST /api/v1/applications/{id}/actions/<name>/ (assess "
        "also at .../assessments/)"
    )
    checklist = serializers.SerializerMethodField(help_text="Kriterier / Criteria checklist")
    names_differ = serializers.BooleanField(
        read_only=True,
        help_text="Namnet i ansökan är i sak ett annat än föreningens registrerade (skiftläge, "
        "mellanslag, skiljetecken och föreningsform räknas inte) / The name applied under is "
        "not the association's registered name in substance (case, spaces, punctuation and "
        "legal form aside)",
    )
    party_unconfirmed = serializers.BooleanField(
        read_only=True,
        help_text="Namnen skiljer sig och handläggaren har inte bekräftat parten: tidigare "
        "bedömningar återanvänds inte (actions/confirm_party) / The names differ and the "
        "handler has not confirmed the party: earlier assessments are not reused "
        "(actions/confirm_party)",
    )
    party_warning = serializers.SerializerMethodField(
        help_text="Varning när namnen skiljer sig (efter bekräftelsen: att parten är "
        "bekräftad); tom annars / Warning when the names differ (once confirmed: that the "
        "party is); empty otherwise"
    )
    decision = serializers.SerializerMethodField(help_text="Gällande beslut / Current decision")
    proposal_version = serializers.SerializerMethodField(
        help_text=(
            "Förslagets version; skicka med den till decide / The proposal's version; "
            "send it with decide"
        )
    )

    class Meta(ApplicationSummarySerializer.Meta):
        fields = [
            *ApplicationSummarySerializer.Meta.fields,
            "event_title",
            "event_description",
            "event_starts_at",
            "event_ends_at",
            "expected_attendance",
            "amount_granted",
            "supplement_due",
            "response_due",
            "revocation_response_due",
            "proposed_outcome",
            "proposed_amount",
            "proposal_reasons",
            "proposal_criteria",
            "decided_at",
            "paid_at",
            "amount_paid",
            "payment_reference",
            "paid_on",
            "names_differ",
            "party_unconfirmed",
            "party_confirmed_at",
            "party_warning",
            "proposal_version",
            "allowed_actions",
            "checklist",
            "decision",
        ]
        extra_kwargs = {
            **ApplicationSummarySerializer.Meta.extra_kwargs,
            "event_title": {"help_text": "Arrangemangets rubrik / Event title"},
            "event_description": {"help_text": "Beskrivning / Event description"},
            "event_starts_at": {"help_text": "Börjar / Starts at"},
            "event_ends_at": {"help_text": "Slutar / Ends at"},
            "expected_attendance": {"help_text": "Förväntat antal / Expected attendance"},
            "amount_granted": {"help_text": "Beviljat belopp (kr) / Amount granted (SEK)"},
            "supplement_due": {"help_text": "Komplettering senast / Supplement due"},
            "response_due": {"help_text": "Yttrande senast (kommunicering) / Response due"},
            "revocation_response_due": {
                "help_text": (
                    "Yttrande över avsett återkallande senast (communicate_revocation) / "
                    "Response to the intended revocation due (communicate_revocation)"
                )
            },
            "proposed_outcome": {"help_text": "Föreslaget utfall / Proposed outcome"},
            "proposed_amount": {"help_text": "Föreslaget belopp (kr) / Proposed amount (SEK)"},
            "proposal_reasons": {"help_text": "Förslagets motivering / Proposal's reasons"},
            "proposal_criteria": {"help_text": "Förslagets kriterier / Proposal's criteria"},
            "decided_at": {"help_text": "Beslutad / Decided at"},
            "paid_at": {
                "help_text": "Utbetalningen registrerad; null: inte utbetald / When the payment "
                "was registered; null: not paid"
            },
            "amount_paid": {
                "help_text": "Utbetalt belopp (kr), hela det beviljade; null: inte utbetalt / "
                "Amount paid (SEK), the whole amount granted; null: not paid"
            },
            "payment_reference": {
                "help_text": "Verifikationsnummer eller utbetalningsreferens; tomt för en "
                "utbetalning registrerad innan referensen krävdes / The payment's voucher number "
                "or reference; empty for a payment registered before it was required"
            },
            "paid_on": {
                "help_text": "Utbetalningsdag; null: inte utbetalt / The day it was paid; null: "
                "not paid"
            },
            "party_confirmed_at": {
                "help_text": "När handläggaren bekräftade parten / When the handler confirmed "
                "the party"
            },
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj: Application) -> list[str]:
        from vetting.actions import allowed_actions

        return allowed_actions(obj, self.context["request"].user)

    @extend_schema_field(ChecklistRowSerializer(many=True))
    def get_checklist(self, obj: Application) -> list[dict[str, Any]]:
        rows = checklist(obj)
        hidden = hidden_sources(obj, reused_sources(rows), self.context["request"].user)
        return [
            {
                "criterion": row.criterion.code,
                "title": row.criterion.title,
                "outcome": row.outcome,
                "reused": row.reused,
                "reuse_held": row.held,
                "reused_from": "" if row.source_reference in hidden else row.source_reference,
            }
            for row in rows
        ]

    def get_party_warning(self, obj: Application) -> str:
        return str(party_warning(obj))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_proposal_version(self, obj: Application) -> int | None:
        return proposal_version(obj) if obj.proposed_outcome else None

    @extend_schema_field(OfficerDecisionSerializer(allow_null=True))
    def get_decision(self, obj: Application) -> dict[str, Any] | None:
        current = obj.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first()
        if current is None:
            return None
        data = dict(OfficerDecisionSerializer(current).data)
        data["criteria"] = _decision_criteria(obj, data["criteria"])
        return data


def _decision_criteria(app: Application, criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The decision's criteria snapshot as its readers may see it (``hidden_sources``): a
    snapshot made before session 6 kept another administration's source case (ADR 0003)."""
    hidden = hidden_sources(app, recorded_sources(criteria), DECISION_READERS)
    return [{**c, "reused_from": ""} if c.get("reused_from") in hidden else c for c in criteria]
