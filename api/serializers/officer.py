"""What officers send and get. Help texts: Svenska / English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import TextField
from api.serializers.rules import WithServiceRules, outcome_rules, revocation_rules
from vetting.models import (
    Application,
    Assessment,
    DecisionNotice,
    DecisionOutcome,
    Escalation,
    Outcome,
    ProgramReview,
    State,
)
from vetting.selectors import (
    DECISION_READERS,
    checklist,
    hidden_sources,
    proposal_version,
    recorded_sources,
    reused_sources,
)
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    MIN_REASON_CHARS,
    MIN_REASON_WORDS,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AssociationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Föreningens id / Association id")
    name = serializers.CharField(help_text="Namn / Name")
    org_number = serializers.CharField(help_text="Organisationsnummer / Organisation number")


class ApplicationSummarySerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=State.choices, help_text="Status / State")
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
            "received_on": {"help_text": "Inkom / Received on"},
            "amount_applied": {"help_text": "Sökt belopp (kr) / Amount applied for (SEK)"},
            "updated_at": {"help_text": "Senast ändrad / Last changed"},
        }


class ChecklistRowSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="Kriteriets kod / Criterion code")
    title = serializers.CharField(help_text="Kriterium / Criterion")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_null=True, help_text="Bedömning / Outcome"
    )
    reused = serializers.BooleanField(
        help_text="Bedömningen återanvänds från ett annat ärende / The assessment is reused "
        "from another case"
    )
    reused_from = serializers.CharField(
        allow_blank=True,
        help_text="Återanvänd från ärende; tomt om du inte får se det ärendet (annan "
        "förvaltning) / Reused from case; blank when you may not see that case (another "
        "administration)",
    )


class OfficerDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Beslutets id / Decision id")
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices, help_text="Utfall / Outcome")
    amount_granted = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="Belopp / Amount (SEK)"
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


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    allowed_actions = serializers.SerializerMethodField(
        help_text="Vad du får göra nu / What you may do now"
    )
    checklist = serializers.SerializerMethodField(help_text="Kriterier / Criteria checklist")
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
            "proposed_outcome",
            "proposed_amount",
            "proposal_reasons",
            "proposal_criteria",
            "decided_at",
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
            "proposed_outcome": {"help_text": "Föreslaget utfall / Proposed outcome"},
            "proposed_amount": {"help_text": "Föreslaget belopp (kr) / Proposed amount (SEK)"},
            "proposal_reasons": {"help_text": "Förslagets motivering / Proposal's reasons"},
            "proposal_criteria": {"help_text": "Förslagets kriterier / Proposal's criteria"},
            "decided_at": {"help_text": "Beslutad / Decided at"},
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
                "reused_from": "" if row.source_reference in hidden else row.source_reference,
            }
            for row in rows
        ]

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


def _text(help_text: str, **kwargs: Any) -> TextField:
    return TextField(max_length=5000, help_text=help_text, **kwargs)


CONFIRM = "Jag är inte jävig i ärendet / I have no conflict of interest"


class AssignInput(serializers.Serializer):
    handler = TextField(
        required=False,
        max_length=150,
        help_text="Användarnamn; utelämnat = du själv / Username; omitted = yourself",
    )
    no_conflict_confirmed = serializers.BooleanField(help_text=CONFIRM)


class RequestSupplementInput(serializers.Serializer):
    what = _text("Vad som ska kompletteras / What is missing")
    due = serializers.DateField(required=False, help_text="Senast / Deadline")


def _received_on() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Den dag det kom in till kommunen (svensk tid); utelämnat: i dag. Inte i "
        "framtiden, inte före begäran skickades / The day it reached the municipality (Swedish "
        "time); omitted: today. Not in the future, not before the request was sent",
    )


def _scanned_file() -> serializers.FileField:
    return serializers.FileField(
        required=False,
        help_text="Inskannad handling (multipart/form-data): PDF, PNG, JPEG eller UTF-8-text / "
        "The scanned document (multipart/form-data): PDF, PNG, JPEG or UTF-8 text",
    )


class ReceiveSupplementInput(serializers.Serializer):
    note = _text("Anteckning / Note", required=False, allow_blank=True, default="")
    received_on = _received_on()
    file = _scanned_file()


class WriteOffInput(serializers.Serializer):
    note = _text("Anteckning / Note", required=False, allow_blank=True, default="")


class StartProgramReviewInput(serializers.Serializer):
    reason = _text(
        "Skäl; sökanden och bokningssystemet får se det / "
        "Reason for reviewing the programme; shown to the applicant and the booking system"
    )
    due = serializers.DateField(required=False, help_text="Programmet senast / Deadline")


class CompleteProgramReviewInput(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=ProgramReview.Result.choices, help_text="Resultat / Result"
    )
    notes = _text("Motivering / Reasons")


class EscalateInput(serializers.Serializer):
    reason = _text("Skäl (konkreta uppgifter) / Reason (concrete facts)")


class ConcludeEscalationInput(serializers.Serializer):
    conclusion = serializers.ChoiceField(
        choices=Escalation.Conclusion.choices, help_text="Slutsats / Conclusion"
    )
    notes = _text("Anteckningar (begränsade) / Notes (restricted)")


def _amount(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=help_text,
    )


def _criteria(required: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=TextField(max_length=40),
        required=required,
        max_length=20,
        help_text="Kriteriekoder / Criterion codes",
    )


OUTCOMES = [
    (o.value, o.label)
    for o in (DecisionOutcome.APPROVED, DecisionOutcome.PARTLY_APPROVED, DecisionOutcome.REJECTED)
]


# FL 32 §: what the reasons of an adverse outcome must say (vetting.services.reasons).
ADVERSE_REASONS_SV = (
    "Vid rejected och partly_approved: vilka regler (kriterier) och avgörande omständigheter "
    f"beslutet grundar sig på, minst {MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken, "
    "inte bara utfallet (annars 422 som nämner reasons)"
)
ADVERSE_REASONS_EN = (
    "For rejected and partly_approved: the rules (criteria) and decisive facts the decision "
    f"rests on, at least {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters, not only "
    "the outcome (else 422 naming reasons)"
)


# FL 32 § second paragraph 1: an approval in full may give none; given, a sentence.
APPROVAL_GIVEN_SV = (
    f"vid approved, om den skrivs: minst {MIN_APPROVAL_WORDS} ord och {MIN_APPROVAL_CHARS} "
    'tecken, inte bara utfallet som "Beviljas." (annars 422 som nämner reasons)'
)
APPROVAL_GIVEN_EN = (
    f"for approved, if given: at least {MIN_APPROVAL_WORDS} words and {MIN_APPROVAL_CHARS} "
    'characters, not only the outcome such as "Beviljas." (else 422 naming reasons)'
)


class ProposeInput(WithServiceRules):
    outcome = serializers.ChoiceField(choices=OUTCOMES, help_text="Föreslaget utfall / Outcome")
    reasons = _text(
        f"Motivering. {ADVERSE_REASONS_SV}. Vid approved får den vara tom (FL 32 § andra "
        f"stycket 1); {APPROVAL_GIVEN_SV} / Reasons. {ADVERSE_REASONS_EN}. For approved it may "
        f"be empty or left out; {APPROVAL_GIVEN_EN}",
        allow_blank=True,
        required=False,
        default="",
    )
    amount = _amount("Belopp (kr) / Amount (SEK)")
    criteria = _criteria()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values)


class CommunicateInput(serializers.Serializer):
    due = serializers.DateField(required=False, help_text="Svar senast / Respond by")


class RecordResponseInput(serializers.Serializer):
    response = _text("Sökandens yttrande / The applicant's response")
    received_on = _received_on()
    file = _scanned_file()


class ReturnToReviewInput(serializers.Serializer):
    reasons = _text("Varför / Why")


class DecisionInput(WithServiceRules):
    outcome = serializers.ChoiceField(choices=OUTCOMES, help_text="Utfall / Outcome")
    reasons = _text(
        f"Motivering; tom: förslagets. {ADVERSE_REASONS_SV}; {APPROVAL_GIVEN_SV} / Reasons; "
        f"empty: the proposal's. {ADVERSE_REASONS_EN}; {APPROVAL_GIVEN_EN}",
        required=False,
        allow_blank=True,
        default="",
    )
    amount = _amount(
        "Beviljat belopp (kr); utelämnat: förslagets när utfallet är förslagets, annars hela "
        "det sökta vid bifall / Amount granted (SEK); omitted: the proposal's when the outcome "
        "is the proposal's, else the whole amount applied for on approval"
    )
    criteria = _criteria()
    no_conflict_confirmed = serializers.BooleanField(help_text=CONFIRM)

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values, blank_is_proposals=True)


class DecideInput(DecisionInput):
    proposal_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=(
            "Förslagets version som du läste (proposal_version i ärendet); ändrat förslag ger "
            "409 proposal_changed. Utelämnad: ingen kontroll / The version of the proposal you "
            "read (the case's proposal_version); a changed proposal gives 409 proposal_changed. "
            "Omitted: not checked"
        ),
    )


class CorrectInput(DecisionInput):
    reasons = _text(
        f"Motivering till rättelsen, alltid. {ADVERSE_REASONS_SV}; {APPROVAL_GIVEN_SV} / "
        f"Reasons for the correction, always. {ADVERSE_REASONS_EN}; {APPROVAL_GIVEN_EN}"
    )
    applicant_heard = _text(
        "Hur och när sökanden fått yttra sig; krävs om rättelsen är till nackdel (FL 36 §) / "
        "How and when the applicant could respond; required for a correction to their detriment",
        required=False,
        allow_blank=True,
        default="",
    )

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values, correction=True)


class PayInput(serializers.Serializer):
    reference = _text("Verifikation / Payment reference", required=False, allow_blank=True)


class RevokeInput(WithServiceRules):
    reasons = _text(
        "Motivering (FL 32 §): vilka villkor som inte är uppfyllda och vilka omständigheter som "
        f"visar det, minst {MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken / Reasons: the "
        "conditions not met and the facts that show it, at least "
        f"{MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters"
    )
    criteria = _criteria(required=True)
    reclaim_amount = _amount("Återkrav (kr) / Amount reclaimed (SEK)")
    applicant_heard = _text(
        "Hur och när sökanden fått yttra sig över underlaget (FL 25 §) / "
        "How and when the applicant could answer the material"
    )
    no_conflict_confirmed = serializers.BooleanField(help_text=CONFIRM)

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return revocation_rules(values)


class NotifyInput(serializers.Serializer):
    channel = serializers.ChoiceField(
        choices=DecisionNotice.Channel.choices, help_text="Sätt / Channel"
    )
    recipient = TextField(max_length=300, help_text="Mottagare (namn, adress, e-post) / Recipient")
    note = _text("Anteckning / Note", required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    reason = _text("Skäl eller hänvisning / Reason or reference")


# What an assessment over the API may rest on: a quote or a fact (a document is uploaded on the
# officers' pages; "none" is never enough, see vetting.services.assessments).
API_EVIDENCE_KINDS = [
    (k.value, k.label)
    for k in (Assessment.EvidenceKind.STATUTE_QUOTE, Assessment.EvidenceKind.FACT)
]


class EvidenceKindField(serializers.ChoiceField):
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
    criterion = TextField(max_length=40, help_text="Kriteriets kod / Criterion code")
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text="Bedömning / Outcome")
    evidence_kind = EvidenceKindField(
        choices=API_EVIDENCE_KINDS,
        required=False,
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
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Citatet eller faktumet; krävs (tomt ger 422 som nämner evidence_text) / The quote "
            "or the fact; required (blank: 422 naming evidence_text)"
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
