"""What officers send to handle a case: take it, ask for and receive supplements, review the
programme, escalate, write off, withdraw. Help texts: Svenska / English."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import ChoiceField, StrictBooleanField, TextField
from api.serializers.officer.shared import (
    no_conflict_field,
    received_on_field,
    scanned_file_field,
    short_deadline_field,
    text_field,
)
from vetting.models import Escalation, ProgramReview


class AssignInput(serializers.Serializer):
    handler = TextField(
        required=False,
        max_length=150,
        help_text="Användarnamn; utelämnat = du själv / Username; omitted = yourself",
    )
    no_conflict_confirmed = no_conflict_field()
    reason = text_field(
        "Skäl till övertagandet, visas i ärendets logg / Why the case is taken over, shown in "
        "its log",
        required=False,
        allow_blank=True,
        default="",
    )
    expected_handler = TextField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text=(
            "Handläggaren du läste i ärendet (handler; tomt: ingen). Har någon annan tagit "
            "ärendet under tiden ges 409 handler_changed. Utelämnad: ingen kontroll / The handler "
            "you read on the case (handler; empty: none). If someone else took the case "
            "meanwhile: 409 handler_changed. Omitted: not checked"
        ),
    )


class RequestSupplementInput(serializers.Serializer):
    what = text_field("Vad som ska kompletteras / What is missing")
    due = serializers.DateField(required=False, help_text="Senast / Deadline")
    short_deadline_reason = short_deadline_field("GRANSKA_MIN_REQUEST_DAYS")


class ReceiveSupplementInput(serializers.Serializer):
    note = text_field("Anteckning / Note", required=False, allow_blank=True, default="")
    received_on = received_on_field()
    file = scanned_file_field()


class WriteOffInput(serializers.Serializer):
    """A write-off is a decision (the application is not taken up, FL 20 §): the decision
    maker's, under the checks of a decision (four-eyes, jäv, delegation)."""

    note = text_field(
        "Anteckning; tas med i beslutets skäl / Note; part of the decision's reasons",
        required=False,
        allow_blank=True,
        default="",
    )
    # Required and true only, as the service requires it (check_decision_maker). A case that
    # may not be written off yet is still 409 with its reason whatever is sent (the view's
    # state_first asks _core.state_refusal, which gives the write-off's own).
    no_conflict_confirmed = no_conflict_field()


class StartProgramReviewInput(serializers.Serializer):
    reason = text_field(
        "Skäl; sökanden och bokningssystemet får se det / "
        "Reason for reviewing the programme; shown to the applicant and the booking system"
    )
    due = serializers.DateField(required=False, help_text="Programmet senast / Deadline")
    short_deadline_reason = short_deadline_field("GRANSKA_MIN_REQUEST_DAYS")


class CompleteProgramReviewInput(serializers.Serializer):
    result = ChoiceField(choices=ProgramReview.Result.choices, help_text="Resultat / Result")
    notes = text_field("Motivering / Reasons")
    criterion = TextField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Kriteriet som programmet strider mot (kod, inte PROGRAM_REVIEW); krävs vid "
        "fail, annars 422 som nämner criterion. NO_VIOLENT_EXTREMISM kräver en avslutad "
        "eskalering till säkerhetssamordnaren (annars 422 escalation_required) / The criterion "
        "the programme breaks (a code other than PROGRAM_REVIEW); required with fail, else 422 "
        "naming criterion. NO_VIOLENT_EXTREMISM needs a concluded escalation to the security "
        "coordinator (else 422 escalation_required)",
    )


class EscalateInput(serializers.Serializer):
    reason = text_field("Skäl (konkreta uppgifter) / Reason (concrete facts)")


class ConcludeEscalationInput(serializers.Serializer):
    conclusion = ChoiceField(
        choices=Escalation.Conclusion.choices, help_text="Slutsats / Conclusion"
    )
    notes = text_field("Anteckningar (begränsade) / Notes (restricted)")


class WithdrawInput(serializers.Serializer):
    reason = text_field("Skäl eller hänvisning / Reason or reference")


class DeclareConflictInput(serializers.Serializer):
    """The caller's own jäv towards the case's association (KL 6 kap. 28–32 §§; FL 17 § on
    förvaltningsbesvär)."""

    reason = TextField(
        max_length=300,
        help_text="Grund för jävet, högst 300 tecken, till exempel medlemskap eller uppdrag i "
        "föreningen eller närstående där (KL 6 kap. 28–32 §§; FL 16–18 §§ vid "
        "förvaltningsbesvär); krävs (annars 422 som nämner reason). "
        "Därefter avvisas varje åtgärd i föreningens ärenden (403 conflict_of_interest) / The "
        "ground of the jäv, at most 300 characters, such as membership or an office in the "
        "association or a close relative there (KL 6 kap. 28–32 §§; FL 16–18 §§ on "
        "förvaltningsbesvär); required (else 422 naming reason). "
        "From then on every action on the association's cases is refused (403 "
        "conflict_of_interest)",
    )


class ConfirmPartyInput(serializers.Serializer):
    party_checked = StrictBooleanField(
        help_text="Jag har kontrollerat att ärendet gäller föreningen med organisationsnumret, "
        "fast namnet i ansökan skiljer sig (ADR 0020) / I have checked that the case is the "
        "association's with this organisation number, although the name applied under differs"
    )
    note = text_field(
        "Hur parten kontrollerades / How the party was checked",
        required=False,
        allow_blank=True,
        default="",
    )
