"""An assessment as officers send it over the API and as it is recorded. Help texts:
Svenska / English."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.fields import ChoiceField, TextField
from api.serializers.officer.shared import GROUNDS_EN, GROUNDS_SV, not_opinion_field
from vetting.models import Assessment, Outcome

# What an assessment over the API may rest on: a quote or a fact (a document is uploaded on the
# officers' pages; "none" is never enough, see vetting.services.assessments).
API_EVIDENCE_KINDS = [
    (k.value, k.label)
    for k in (Assessment.EvidenceKind.STATUTE_QUOTE, Assessment.EvidenceKind.FACT)
]


class EvidenceKindField(ChoiceField):
    """The API's kinds of evidence; a document says where documents go instead of only that it
    is not a valid choice."""

    default_error_messages = {
        "document": _(
            "Dokument som underlag bifogas på handläggarsidorna, inte här. Här godtas "
            "statute_quote (ett citat ur stadgarna) eller fact (ett konstaterat faktum)."
        ),
    }

    def to_internal_value(self, data: Any) -> Any:
        if data == Assessment.EvidenceKind.DOCUMENT:
            self.fail("document")
        return super().to_internal_value(data)


class AssessmentInputSerializer(serializers.Serializer):
    # Which codes are valid is the case's rulebook's and kind's (data, not an enum of the schema).
    criterion = TextField(
        max_length=40,
        help_text="Kriteriets kod: ett av ärendets kriterier, de i ärendets checklist[].criterion "
        "(GET /api/v1/applications/{id}/); annars 422 som nämner criterion och de giltiga / "
        "Criterion code: one of the case's criteria, those in the case's checklist[].criterion "
        "(GET /api/v1/applications/{id}/); else 422 naming criterion and the valid ones",
    )
    outcome = ChoiceField(
        choices=Outcome.choices, help_text=f"Bedömning. {GROUNDS_SV} / Outcome. {GROUNDS_EN}"
    )
    # Both always required (ADR 0008): the schema says so, and leaving one out is 422 naming it.
    evidence_kind = EvidenceKindField(
        choices=API_EVIDENCE_KINDS,
        error_messages={
            "required": _(
                "Välj typ av underlag: underlag krävs för varje bedömning, även uppfyllt och ej "
                "tillämpligt: statute_quote (ett citat ur stadgarna) eller fact (ett konstaterat "
                "faktum; för ej tillämpligt: varför kriteriet inte är tillämpligt)."
            )
        },
        help_text=(
            "Underlagets slag. Varje bedömning kräver underlag, även uppfyllt och ej tillämpligt: "
            "statute_quote (ordagrant citat ur stadgarna) eller fact (konstaterat faktum; för ej "
            "tillämpligt: varför). Utelämnat ger 422 som nämner evidence_kind. Dokument bifogas på "
            "handläggarsidorna / Kind of evidence. Every assessment needs evidence, also a pass "
            "and not applicable: statute_quote (a verbatim quote of the statutes) or fact (a "
            "recorded fact; for not applicable: why). Omitted: 422 naming evidence_kind. Documents "
            "are attached on the officers' pages"
        ),
    )
    evidence_text = TextField(
        max_length=20000,
        allow_blank=True,  # blank: the service's reason, naming evidence_text
        error_messages={
            "required": _(
                "Skriv in underlaget: citatet ur stadgarna eller det konstaterade faktumet."
            )
        },
        help_text=(
            "Citatet eller faktumet; krävs (utelämnat eller tomt ger 422 som nämner "
            "evidence_text). Ett citat (statute_quote) ska stå ordagrant i föreningens gällande "
            "stadgar (blanksteg och radbrytningar spelar ingen roll), annars 422 som nämner "
            "evidence_text / The quote or the fact; required (omitted or blank: 422 naming "
            "evidence_text). A quote (statute_quote) must be verbatim in the association's "
            "current statutes (spaces and line breaks aside), else 422 naming evidence_text"
        ),
    )
    evidence_start = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Citatets start / Quote start"
    )
    evidence_end = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Citatets slut / Quote end"
    )
    comment = TextField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Kommentar / Comment",
    )
    confirm_not_opinion = not_opinion_field()


class AssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code", help_text="Kriterium / Criterion")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "criterion",
            "outcome",
            "evidence_kind",
            "evidence_text",
            "evidence_start",
            "evidence_end",
            "comment",
            "assessed_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "Bedömningens id / Assessment id"},
            "outcome": {"help_text": "Bedömning / Outcome"},
            "evidence_kind": {
                "help_text": "Underlag; none bara i bedömningar från innan underlag krävdes för "
                "varje bedömning / Kind of evidence; none only in assessments recorded before "
                "every assessment needed evidence"
            },
            "evidence_text": {"help_text": "Citat eller faktum / Quote or fact"},
            "evidence_start": {"help_text": "Citatets start / Quote start"},
            "evidence_end": {"help_text": "Citatets slut / Quote end"},
            "comment": {"help_text": "Kommentar / Comment"},
            "assessed_at": {"help_text": "Bedömd / Assessed at"},
        }
