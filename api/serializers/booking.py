"""What booking systems send and get. Help texts: Svenska / English."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import SkipField, empty

from api.schema import PROGRAM_MAX_BYTES, RESPONSE_CONSIDERED_HELP, size
from api.serializers.fields import (
    ChoiceField,
    EmailTextField,
    InputSerializer,
    ObjectSerializer,
    SingleFileField,
    TextField,
)
from associations.validators import validate_org_number
from bookings.models import Premises
from bookings.selectors import HIDDEN_STATES
from vetting.models import AppealRoute, Assessment, DecisionOutcome, Outcome, State
from vetting.services.intake import event_time_errors


class PremisesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Premises
        fields = ["code", "name", "capacity"]
        extra_kwargs = {
            "code": {"help_text": "Lokalens kod / Premises code"},
            "name": {"help_text": "Namn / Name"},
            "capacity": {"help_text": "Högsta antal personer / Maximum attendance"},
        }


class AssociationInputSerializer(ObjectSerializer):
    # The number's form and check digit with the other fields' errors, not after them (the
    # service checks it again, for its other callers).
    org_number = TextField(
        max_length=20,
        validators=[validate_org_number],
        help_text="Organisationsnummer NNNNNN-NNNN (Luhn) / Swedish organisation number",
    )
    name = TextField(
        max_length=200,
        help_text="Föreningens namn; sparas som sökandens namn, organisationsnumret avgör parten "
        "/ Association name; kept as the applicant's name, the organisation number decides the "
        "party",
    )


class ContactSerializer(ObjectSerializer):
    name = TextField(max_length=200, help_text="Kontaktperson / Contact person")
    email = EmailTextField(max_length=254, help_text="E-post / E-mail")


class Rfc3339Field(serializers.DateTimeField):
    """RFC 3339: a date and a time with its offset (Z or ±hh:mm). A time without an offset, or a
    bare date, is refused rather than read as Swedish time: UTC sent without its Z would shift
    the booking by an hour or two without a word."""

    default_error_messages = {
        "no_offset": _(
            "Ange tid med tidszon enligt RFC 3339, t.ex. 2027-03-14T18:00:00+01:00 eller ...Z."
        ),
    }

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:  # a real error is DRF's "invalid", below
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("no_offset")
        return super().to_internal_value(value)


class BookingRequestCreateSerializer(InputSerializer):
    external_ref = TextField(
        max_length=100,
        help_text="Bokningssystemets eget id, unikt per klient / Your own id, unique per client",
    )
    association = AssociationInputSerializer(help_text="Sökande förening / Applicant")
    premises = TextField(max_length=40, help_text="Lokalens kod (GET /premises/) / Premises code")
    starts_at = Rfc3339Field(
        help_text="Start (RFC 3339, med tidszon) / Start time (RFC 3339, with offset)"
    )
    ends_at = Rfc3339Field(
        help_text="Slut (RFC 3339, med tidszon) / End time (RFC 3339, with offset)"
    )
    title = TextField(max_length=200, help_text="Arrangemang / Event title")
    description = TextField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Beskrivning av arrangemanget / Event description",
    )
    expected_attendance = serializers.IntegerField(
        min_value=1, max_value=100_000, help_text="Förväntat antal / Expected attendance"
    )
    contact = ContactSerializer(help_text="Kontakt för ärendet / Contact for the case")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = _time_errors(attrs["starts_at"], attrs["ends_at"])
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_internal_value(self, data: Any) -> Any:
        """The fields' errors, and with them the times' (which ``validate`` would only judge
        once every field is valid): one 422 names every bad field. Only an invalid body has its
        times read twice; a valid one costs nothing more."""
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and isinstance(data, Mapping):
                starts_at = self._valid("starts_at", data, detail)
                ends_at = self._valid("ends_at", data, detail)
                if starts_at is not None:
                    for name, message in _time_errors(starts_at, ends_at).items():
                        detail.setdefault(name, [ErrorDetail(str(message), code="invalid")])
            raise

    def _valid(self, name: str, data: Mapping[str, Any], detail: dict[str, Any]) -> Any:
        """The field as validated, or None when it is not valid (or already refused)."""
        if name in detail:
            return None
        try:
            return self.fields[name].run_validation(data.get(name, empty))
        except (serializers.ValidationError, SkipField):  # SkipField: absent from a partial body
            return None


def _time_errors(starts_at: datetime, ends_at: datetime | None) -> dict[str, str]:
    """The domain's rule on a booking's times (``vetting.services.event_time_errors``), by the
    body's field names. Without a valid ``ends_at`` the start is still judged on its own (in the
    past, too far ahead): the rule is run with a stand-in end and only the start's error kept."""
    end = ends_at if ends_at is not None else starts_at + timedelta(hours=1)
    errors = event_time_errors(starts_at, end, now=timezone.now())
    return {
        name.removeprefix("event."): str(message)
        for name, message in errors.items()
        if ends_at is not None or name == "event.starts_at"
    }


REQUESTED_KINDS = [("program", "program"), ("supplement", "supplement"), ("response", "response")]


class CommunicatedDocumentSerializer(serializers.Serializer):
    enclosure = serializers.IntegerField(
        help_text="Bilagans nummer i brevet (Bilaga 1, …) / The enclosure's number in the letter "
        "(Bilaga 1, …)"
    )
    name = serializers.CharField(help_text="Dokumentets namn / The document's name")
    url = serializers.CharField(
        help_text="Hämta dokumentet som det skickades (GET, egen API-nyckel; sökväg på detta "
        "API) / Download the document as sent (GET with your key; a path on this API)"
    )
    sha256 = serializers.CharField(
        allow_null=True,
        help_text="SHA-256 (hex) av filen som skickades; null för äldre brev / SHA-256 of the "
        "file as sent; null for older letters",
    )
    size = serializers.IntegerField(
        allow_null=True, help_text="Storlek i byte; null för äldre brev / Size in bytes"
    )


class CommunicatedMaterialSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="Kriteriets kod / Criterion code")
    title = serializers.CharField(help_text="Kriterium / Criterion")
    outcome = ChoiceField(choices=Outcome.choices, help_text="Bedömning / Assessment outcome")
    evidence_kind = ChoiceField(
        choices=Assessment.EvidenceKind.choices,
        allow_null=True,
        help_text="Typ av underlag (statute_quote, document, fact); null för äldre brev / Kind "
        "of evidence (statute_quote, document, fact); null for older letters",
    )
    evidence = serializers.CharField(
        allow_blank=True,
        help_text="Underlaget i ord: citatet, faktumet eller vad dokumentet är (annars dess "
        "namn) / The evidence in words: the quote, the fact or what the document is (else its "
        "name)",
    )
    statutes_adopted_on = serializers.DateField(
        allow_null=True,
        default=None,
        help_text="Ett citat: dagen då de citerade stadgarna antogs; annars null (och för äldre "
        "brev) / A quote: the day the quoted statutes were adopted; else null (and for older "
        "letters)",
    )
    document = CommunicatedDocumentSerializer(
        allow_null=True,
        help_text="Dokumentet som skickades som bilaga, annars null / The document sent as an "
        "enclosure, else null",
    )


class RequestedItemSerializer(serializers.Serializer):
    kind = ChoiceField(
        choices=REQUESTED_KINDS,
        help_text="program: skicka programmet; supplement: komplettering; response: yttrande / "
        "program: send the programme; supplement: missing documents; response: comment",
    )
    description = serializers.CharField(
        help_text="Vad som begärs; för supplement också vad som följer om kompletteringen inte "
        "kommer in i tid (20 § förvaltningslagen) / What is asked; for supplement also what "
        "follows if it does not arrive in time"
    )
    due = serializers.DateField(help_text="Senast / Deadline")
    received_at = serializers.DateTimeField(
        allow_null=True, help_text="När det kom in / When it was received"
    )
    proposed_outcome = ChoiceField(
        choices=DecisionOutcome.choices,
        required=False,
        allow_null=True,
        help_text="Endast response: föreslaget utfall / Only response: the proposed outcome",
    )
    reasons = serializers.CharField(
        required=False,
        help_text="Endast response: förslagets skäl / Only response: the proposal's reasons",
    )
    material = CommunicatedMaterialSerializer(
        many=True,
        required=False,
        help_text="Endast response: underlaget förslaget bygger på (FL 25 §) / Only response: "
        "the material the proposal rests on",
    )


class DecisionCriterionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kriteriets kod / Criterion code")
    title = serializers.CharField(help_text="Kriterium / Criterion")
    outcome = ChoiceField(
        choices=Outcome.choices, allow_null=True, help_text="Bedömning / Assessment outcome"
    )
    cited = serializers.BooleanField(help_text="Åberopat i beslutet / Cited in the decision")


# What a booking system can see: no referral to security (bookings.selectors.client_state), and
# neither payment nor revocation, nor a partial grant (premises rental is not a grant). A
# request written off by a decision (the supplement did not come in) has one: written_off.
CLIENT_STATES = [(s.value, s.label) for s in State if s not in HIDDEN_STATES]
CLIENT_OUTCOMES = [
    (o.value, o.label)
    for o in DecisionOutcome
    if o in (DecisionOutcome.APPROVED, DecisionOutcome.REJECTED, DecisionOutcome.WRITTEN_OFF)
]


class BookingDecisionMakerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Namn / Name")
    title = serializers.CharField(
        help_text="Befattning i beslutet, t.ex. Beslutsfattare / Title in the decision"
    )


class DelegationSerializer(serializers.Serializer):
    board = serializers.CharField(
        allow_blank=True,
        help_text="Nämnden som delegerat beslutanderätten, t.ex. Kultur- och fritidsnämnden; "
        "tom för äldre beslut / The board that delegated the decision; empty for older ones",
    )
    point = serializers.CharField(
        allow_blank=True,
        help_text="Punkt i delegationsordningen / Point of the board's delegation rules",
    )
    text = serializers.CharField(
        allow_blank=True,
        help_text="Som i beslutet: ”Beslut på delegation från … (delegationsordning punkt "
        "4.1)” / As printed in the decision, in Swedish (”… punkt 4.1)”)",
    )


class BookingDecisionSerializer(serializers.Serializer):
    outcome = ChoiceField(
        choices=CLIENT_OUTCOMES,
        help_text="Utfall: approved (bifall), rejected (avslag) eller written_off (ansökan prövas "
        "inte: den begärda kompletteringen kom inte in, 20 § förvaltningslagen; state "
        "written_off) / Outcome: approved, rejected or written_off (the application is not "
        "taken up: the supplement asked for did not arrive; state written_off)",
    )
    reasons = serializers.CharField(help_text="Motivering (FL 32 §) / Reasons")
    criteria = DecisionCriterionSerializer(many=True, help_text="Kriterier / Criteria")
    decided_at = serializers.DateTimeField(help_text="Beslutstidpunkt / Decided at")
    appeal_route = ChoiceField(
        choices=AppealRoute.choices, help_text="Överklagandeväg / Appeal route"
    )
    appeal_instructions = serializers.CharField(help_text="Hur man överklagar / How to appeal")
    decision_maker = BookingDecisionMakerSerializer(
        help_text="Beslutsfattaren, som i beslutsdokumentet / The decision maker, as in the "
        "decision document"
    )
    delegation = DelegationSerializer(
        help_text="På vems vägnar beslutet fattades (6 kap. 37 § kommunallagen) / On whose "
        "behalf the decision was made (delegation from the board, KL 6:37)"
    )
    response_considered = serializers.CharField(
        allow_null=True,
        help_text=RESPONSE_CONSIDERED_HELP,
    )
    document_url = serializers.CharField(
        help_text="Beslutsdokumentet som PDF, som sökanden ska få det (FL 33 §), bara för den "
        "egna förfrågan: /api/v1/booking-requests/{id}/decisions/{beslutets id}.pdf. Adressen "
        "namnger beslutet och visar det även sedan en ändring ersatt det; "
        "…/{id}/decision.pdf visar alltid beslutet i kraft / The decision document as a PDF, "
        "as the applicant is to receive it, only for your own request: "
        "/api/v1/booking-requests/{id}/decisions/{decision id}.pdf. The URL names the decision "
        "and serves it also after a correction replaced it; …/{id}/decision.pdf always serves "
        "the decision in force"
    )


class BookingRequestSerializer(serializers.Serializer):
    """A booking request as GET and the webhooks show it."""

    id = serializers.IntegerField(help_text="Förfrågans id / Request id")
    reference = serializers.CharField(help_text="Diarienummer / Case reference number")
    external_ref = serializers.CharField(help_text="Ert id / Your id")
    state = ChoiceField(choices=CLIENT_STATES, help_text="Status / State")
    state_label = serializers.CharField(
        help_text="Status i klartext: i svar på GET och på era åtgärder på språket i "
        "Accept-Language; i webhooks och i svaret på POST /booking-requests/ (som sparas och "
        "spelas upp igen) alltid på svenska / State label: in answers to GET and to your "
        "actions in the language of Accept-Language; in webhooks and in the answer to POST "
        "/booking-requests/ (stored and replayed) always Swedish"
    )
    premises = serializers.CharField(allow_null=True, help_text="Lokal / Premises code")
    starts_at = serializers.DateTimeField(allow_null=True, help_text="Start / Start time")
    ends_at = serializers.DateTimeField(allow_null=True, help_text="Slut / End time")
    title = serializers.CharField(allow_blank=True, help_text="Arrangemang / Event title")
    created_at = serializers.DateTimeField(help_text="Mottagen / Received")
    updated_at = serializers.DateTimeField(help_text="Senast ändrad / Last changed")
    requested = RequestedItemSerializer(
        many=True, help_text="Vad som begärs av sökanden nu / What is asked of the applicant now"
    )
    decision = BookingDecisionSerializer(
        allow_null=True,
        help_text="Beslutet, null tills beslut fattats; även när förfrågan skrivits av "
        "(written_off) / Decision, null until then; also when the request was written off "
        "(written_off)",
    )


class BookingRequestPageSerializer(serializers.Serializer):
    results = BookingRequestSerializer(many=True, help_text="Ändrade förfrågningar / Changed")
    next_cursor = serializers.CharField(
        help_text="Skicka som ?cursor= nästa gång; tom lista betyder att ni är ikapp / "
        "Send as ?cursor= next time; an empty page means you are up to date"
    )
    has_more = serializers.BooleanField(help_text="Fler sidor direkt / More pages right now")


class ProgramUploadSerializer(serializers.Serializer):
    file = SingleFileField(
        help_text=f"Programmet som PDF eller UTF-8-text, högst {size(PROGRAM_MAX_BYTES)} / The "
        f"programme, PDF or UTF-8 text, at most {size(PROGRAM_MAX_BYTES)}"
    )


class SupplementUploadSerializer(serializers.Serializer):
    file = SingleFileField(
        required=False,
        help_text="Kompletteringen som PDF, bild (PNG, JPEG) eller UTF-8-text / The supplement as "
        "a PDF, an image (PNG, JPEG) or UTF-8 text",
    )
    text = TextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text="Text till kompletteringen / Text of the supplement (or a note on the file)",
    )


class RespondSerializer(serializers.Serializer):
    response = TextField(
        max_length=20000,
        help_text="Sökandens yttrande över förslaget (kommunicering, FL 25 §) / The applicant's "
        "response to the communicated proposal",
    )


class WithdrawSerializer(serializers.Serializer):
    reason = TextField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Skäl / Reason for withdrawing",
    )
