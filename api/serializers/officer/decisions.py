"""What officers send from the proposal on: propose, communicate and record the response,
decide and correct, pay, revoke, notify. Help texts: Svenska / English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ChoiceField, StrictBooleanField, TextField
from api.serializers.officer.reasons import (
    ADVERSE_SCHEMA,
    APPROVAL_SCHEMA,
    DECISION_ADVERSE_SCHEMA,
    OPTIONAL_SCHEMA,
    ReasonsRule,
)
from api.serializers.officer.shared import (
    GROUNDS_EN,
    GROUNDS_SV,
    hearing_exception_field,
    no_conflict_field,
    not_opinion_field,
    received_on_field,
    scanned_file_field,
    short_deadline_field,
    text_field,
)
from api.serializers.rules import (
    WithServiceRules,
    drop_revocation_rules,
    outcome_rules,
    revocation_hearing_rules,
    revocation_rules,
)
from vetting.models import DecisionNotice, DecisionOutcome
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    MIN_REASON_CHARS,
    MIN_REASON_WORDS,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


# The floor of a decision's reasons whatever the outcome (a revocation's, its kommunicering's, not
# revoking): the words and characters in the schema (ReasonsRule), the rest said here.
FLOOR_SV = (
    f"minst {MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken (blanksteg först och sist "
    "räknas inte), inte bara utfallet eller belopp (annars 422 som nämner reasons)"
)
FLOOR_EN = (
    f"at least {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters (whitespace at the "
    "start and end not counted), not only the outcome or amounts (else 422 naming reasons)"
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


class ProposeInput(ReasonsRule, WithServiceRules):
    reasons_schema = OPTIONAL_SCHEMA
    adverse_reasons = ADVERSE_SCHEMA  # an adverse proposal is reasoned (BLANK_ADVERSE)
    adverse_reasons_required = True

    outcome = ChoiceField(
        choices=OUTCOMES, help_text=f"Föreslaget utfall. {GROUNDS_SV} / Outcome. {GROUNDS_EN}"
    )
    reasons = text_field(
        f"Motivering. {ADVERSE_REASONS_SV}. Vid approved får den vara tom (FL 32 § andra "
        f"stycket 1); {APPROVAL_GIVEN_SV} / Reasons. {ADVERSE_REASONS_EN}. For approved it may "
        f"be empty or left out; {APPROVAL_GIVEN_EN}",
        allow_blank=True,
        required=False,
        default="",
    )
    amount = _amount("Belopp (kr) / Amount (SEK)")
    criteria = _criteria()
    confirm_not_opinion = not_opinion_field()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values)


class CommunicateInput(serializers.Serializer):
    due = serializers.DateField(required=False, help_text="Svar senast / Respond by")
    short_deadline_reason = short_deadline_field("GRANSKA_MIN_RESPONSE_DAYS")


class RecordResponseInput(serializers.Serializer):
    response = text_field("Sökandens yttrande / The applicant's response")
    received_on = received_on_field()
    file = scanned_file_field()
    contests = StrictBooleanField(
        required=False,
        default=True,
        help_text="Om yttrandet invänder mot det som kommunicerades (utelämnat: ja). Bara efter "
        "ett yttrande som invänder krävs beslutets response_considered; med false står i "
        "beslutet att sökanden inte haft något att invända. Loggas i händelsen / Whether the "
        "response objects to what was communicated (omitted: true). Only after an objecting "
        "response does decide need response_considered; with false the decision says the "
        "applicant had nothing to object. Recorded in the event",
    )


class ReturnToReviewInput(serializers.Serializer):
    reasons = text_field("Varför / Why")


class DecisionInput(ReasonsRule, WithServiceRules):
    reasons_schema = OPTIONAL_SCHEMA
    adverse_reasons: ClassVar[dict[str, Any] | None] = DECISION_ADVERSE_SCHEMA

    outcome = ChoiceField(
        choices=OUTCOMES, help_text=f"Utfall. {GROUNDS_SV} / Outcome. {GROUNDS_EN}"
    )
    reasons = text_field(
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
    no_conflict_confirmed = no_conflict_field()
    confirm_not_opinion = not_opinion_field()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values, blank_is_proposals=True)


class DecideInput(DecisionInput):
    hearing_exception = hearing_exception_field(
        "Bara för ett förslag till nackdel (rejected, partly_approved) som inte "
        "kommunicerats: undantaget i 25 § andra stycket FL som gör kommunicering obehövlig "
        "(annars 422 som nämner hearing_exception); beslutet anger det / Only for an adverse "
        "proposal (rejected, partly_approved) not communicated: the exception of FL 25 § "
        "second paragraph that makes it unnecessary (else 422 naming hearing_exception); the "
        "decision states it"
    )
    applicant_heard = text_field(
        "Med hearing_exception: de omständigheter som gör att undantaget gäller, minst "
        f"{MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken, inte bara undantaget (krävs då, "
        "annars 422); utan undantag får inget anges / With hearing_exception: the facts that "
        f"make the exception apply, at least {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} "
        "characters, not only the exception (required then, else 422); none without one",
        required=False,
        allow_blank=True,
        default="",
    )
    response_considered = text_field(
        "Sökandens synpunkter och nämndens bedömning: hur beslutet bemöter sökandens yttrande "
        f"över det kommunicerade förslaget. Krävs när ett yttrande som invänder (contests) "
        f"registrerats, minst "
        f"{MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken (annars 422 som nämner "
        "response_considered); står i beslutet / How the decision deals with the applicant's "
        "response to the communicated proposal. Required once an objecting response (contests) "
        "is registered, at "
        f"least {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters (else 422 naming "
        "response_considered); printed in the decision",
        required=False,
        allow_blank=True,
        default="",
    )
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
    reasons_schema = APPROVAL_SCHEMA  # always given (BLANK_CORRECTION)
    adverse_reasons = ADVERSE_SCHEMA
    reasons = text_field(
        f"Motivering till ändringen, alltid. {ADVERSE_REASONS_SV}; {APPROVAL_GIVEN_SV} / "
        f"Reasons for the amendment, always. {ADVERSE_REASONS_EN}; {APPROVAL_GIVEN_EN}",
    )
    applicant_heard = text_field(
        "Hur och när sökanden fått yttra sig; krävs om ändringen är till nackdel (FL 25 §) / "
        "How and when the applicant could respond; required for an amendment to their detriment",
        required=False,
        allow_blank=True,
        default="",
    )

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_rules(values, correction=True)


class PayInput(serializers.Serializer):
    reference = text_field(
        "Verifikationsnummer eller utbetalningsreferens, krävs, högst 100 tecken / The "
        "payment's voucher number or reference, required, at most 100 characters"
    )
    amount = _amount(
        "Utbetalt belopp (kr); utelämnat: det beviljade. Bara hela det beviljade beloppet "
        "godtas (ingen delutbetalning) / Amount paid (SEK); omitted: the amount granted. Only "
        "the whole amount granted is accepted (no partial payment)"
    )
    paid_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Utbetalningsdag (svensk tid); utelämnat: i dag. Inte i framtiden, inte före "
        "beslutet / The day it was paid (Swedish time); omitted: today. Not in the future, not "
        "before the decision",
    )


class RevokeInput(ReasonsRule, WithServiceRules):
    reasons = text_field(
        "Motivering (FL 32 §): vilka villkor som inte är uppfyllda och vilka omständigheter som "
        f"visar det, {FLOOR_SV} / Reasons: the conditions not met and the facts that show it, "
        f"{FLOOR_EN}",
    )
    criteria = _criteria(required=True)
    reclaim_amount = _amount(
        "Återkrav (kr); utelämnat: hela utbetalda beloppet (0 om inget betalats ut) / Amount "
        "reclaimed (SEK); omitted: the whole amount paid (0 if nothing was paid)"
    )
    repayment_due = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=(
            "Sista dag för återbetalning av återkravet (svensk tid): krävs när något återkrävs, "
            "efter beslutsdagen och högst ett år fram; får inte anges när inget återkrävs "
            "(annars 422 som nämner repayment_due) / The day by which the amount reclaimed is "
            "to be paid back (Swedish time): required when something is reclaimed, after the "
            "day of the decision and at most a year ahead; not allowed when nothing is "
            "reclaimed (else 422 naming repayment_due)"
        ),
    )
    hearing_exception = hearing_exception_field(
        "Bara när det avsedda återkallandet inte kommunicerats (communicate_revocation): "
        "undantaget i 25 § andra stycket FL som gör kommunicering obehövlig; efter "
        "kommunicering får inget anges (annars 422 som nämner hearing_exception) / Only when "
        "the intended revocation was not communicated (communicate_revocation): the "
        "exception of FL 25 § second paragraph that makes it unnecessary; none may be given "
        "after the kommunicering (else 422 naming hearing_exception)"
    )
    applicant_heard = text_field(
        "Med hearing_exception: varför undantaget gäller, de faktiska omständigheterna, minst "
        f"{MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken, och om sökanden ändå hörts hur "
        "och när (krävs då, annars 422); efter kommunicering en frivillig anteckning / With "
        "hearing_exception: why the exception applies, the facts, at least "
        f"{MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters, and if the applicant was "
        "heard anyway how and when (required then, else 422); after the kommunicering an "
        "optional note",
        required=False,
        allow_blank=True,
        default="",
    )
    response_considered = text_field(
        "Sökandens synpunkter och nämndens bedömning: hur återkallelsen bemöter sökandens "
        "yttrande över det avsedda återkallandet. Krävs när ett yttrande som invänder (contests) "
        f"registrerats, minst {MIN_REASON_WORDS} ord och {MIN_REASON_CHARS} tecken (annars 422 "
        "som nämner response_considered); står i beslutet / How the revocation deals with the "
        "applicant's response to the intended revocation. Required once an objecting response "
        f"(contests) is registered, at least {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} "
        "characters (else 422 naming response_considered); printed in the decision",
        required=False,
        allow_blank=True,
        default="",
    )
    no_conflict_confirmed = no_conflict_field()
    confirm_not_opinion = not_opinion_field()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return revocation_rules(values)


class CommunicateRevocationInput(ReasonsRule, WithServiceRules):
    """Kommunicering of an intended revocation (FL 25 §, ADR 0015)."""

    reasons = text_field(
        "Skälen för det avsedda återkallandet (FL 32 §): vilka villkor som inte är uppfyllda och "
        f"vilka omständigheter som visar det, {FLOOR_SV} / The grounds of the intended "
        f"revocation: the conditions not met and the facts that show it, {FLOOR_EN}",
    )
    criteria = _criteria(required=True)
    reclaim_amount = _amount(
        "Avsett återkrav (kr); utelämnat: hela utbetalda beloppet (0 om inget betalats ut); "
        "återkallelsen får inte kräva mer / The amount to be reclaimed (SEK); omitted: the "
        "whole amount paid (0 if nothing was paid); the revocation may not reclaim more"
    )
    due = serializers.DateField(
        required=False,
        help_text=(
            "Svar senast (efter i dag, högst ett år fram; utelämnat: standardtiden) / Respond "
            "by (after today, at most a year ahead; omitted: the default time)"
        ),
    )
    short_deadline_reason = short_deadline_field("GRANSKA_MIN_RESPONSE_DAYS")
    confirm_not_opinion = not_opinion_field()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return revocation_hearing_rules(values)


class DropRevocationInput(ReasonsRule, WithServiceRules):
    """Not carrying out an intended revocation (ADR 0015, 0022): a decision on the grant, with
    the jäv confirmation as revoking asks for it."""

    reasons = text_field(
        "Varför bidraget inte återkallas (till exempel vad i yttrandet som visar att villkoren "
        f"är uppfyllda), {FLOOR_SV}; står i brevet till sökanden / Why the grant is not revoked "
        f"(for instance what in the answer shows the conditions are met), {FLOOR_EN}; printed "
        "in the letter to the applicant",
    )
    no_conflict_confirmed = no_conflict_field()

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return drop_revocation_rules(values)


# What the service asks of a recipient that a pattern can say: at least two letters
# (vetting.services.notices._names_nobody; \p{L} is a letter of any script, as str.isalpha
# counts them). The rest is in the help text: placeholders, e-mail addresses, the channel.
RECIPIENT_PATTERN = r"\p{L}[\s\S]*\p{L}"


@extend_schema_field({"type": "string", "pattern": RECIPIENT_PATTERN})
class RecipientField(TextField):
    """The recipient of a notice; its schema has the pattern, the service checks it."""


class NotifyInput(serializers.Serializer):
    channel = ChoiceField(
        choices=DecisionNotice.Channel.choices,
        help_text="Sätt; booking_system bara för ett ärende från ett bokningssystem (annars 422 "
        "som nämner channel) / Channel; booking_system only for a case that came from a booking "
        "system (else 422 naming channel)",
    )
    recipient = RecipientField(
        max_length=300,
        help_text="Mottagare (namn, adress, e-post). Ska namnge någon: minst två bokstäver och "
        "inte bara en platshållare som n/a, okänd eller ingen; varje e-postadress i fältet ska "
        "vara giltig och en vinkelparentes stängd (Namn <namn@forening.se>); med channel email "
        "krävs en e-postadress. Annars 422 som nämner recipient. / Recipient (name, address, "
        "e-mail). It must name someone: at least two letters and not only a placeholder such as "
        "n/a, unknown or none; every e-mail address in it must be valid and an angle bracket "
        "closed (Name <name@forening.se>); with channel email an e-mail address is required. "
        "Else 422 naming recipient.",
    )
    note = text_field("Anteckning / Note", required=False, allow_blank=True, default="")
