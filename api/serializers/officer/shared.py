"""Fields the officers' action inputs share. Help texts: Svenska / English."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ChoiceField, SingleFileField, StrictBooleanField, TextField
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS


def text_field(help_text: str, **kwargs: Any) -> TextField:
    return TextField(max_length=5000, help_text=help_text, **kwargs)


CONFIRM = (
    "Jag är inte jävig i ärendet; bara true godtas (false eller utelämnat ger 422 som nämner "
    "no_conflict_confirmed) / I have no conflict of interest; only true is accepted (false or "
    "omitted: 422 naming no_conflict_confirmed)"
)


@extend_schema_field({"type": "boolean", "const": True})
class NoConflictField(StrictBooleanField):
    """The confirmation of no jäv that assigning and deciding require: the services refuse false
    (vetting.services.assignment, decision_checks), so the schema admits true only."""


def no_conflict_field(**kwargs: Any) -> NoConflictField:
    return NoConflictField(help_text=CONFIRM, **kwargs)


# RF 2 kap. 21 § (vetting.services.opinion_grounds): the guidance on a fail, and the confirmation.
GROUNDS_SV = (
    "Ett kriterium som inte är uppfyllt (fail), och ett avslag (rejected), ska grunda sig på "
    "konkreta handlingar eller stadgarnas text, aldrig på åsikter eller politisk eller religiös "
    "tillhörighet i sig (RF 2 kap. 1 och 21 §§)"
)
GROUNDS_EN = (
    "A failed criterion (fail), and a refusal (rejected), must rest on concrete acts or the "
    "statutes' text, never on opinions or political or religious affiliation as such (Instrument "
    "of Government 2:1, 2:21)"
)


def not_opinion_field() -> serializers.BooleanField:
    return StrictBooleanField(
        required=False,
        default=False,
        help_text="Bekräftelse att grunden är konkreta handlingar eller stadgarnas text, inte "
        "åsikter eller tillhörighet (RF 2 kap. 21 §). Krävs när underlaget eller motiveringen "
        "till en fail, ett avslag eller ett (avsett) återkallande talar om politisk eller "
        "religiös tillhörighet eller åsikter (annars 422 som nämner confirm_not_opinion); "
        "loggas bara som given / Confirmation that the ground is concrete acts or the statutes' "
        "text, not opinions or affiliation (RF 2:21). Required when the evidence or reasons of "
        "a fail, a refusal or an (intended) revocation speak of political or religious "
        "affiliation or opinions (else 422 naming "
        "confirm_not_opinion); the trail records only that it was given",
    )


def hearing_exception_field(help_text: str) -> ChoiceField:
    """The exception of FL 25 § second paragraph that makes the kommunicering unnecessary, of
    those an officer may name (``CHOSEN_HEARING_EXCEPTIONS``); blank: none. ``help_text``: when
    the action takes one."""
    return ChoiceField(
        choices=[(e.value, e.label) for e in CHOSEN_HEARING_EXCEPTIONS],
        required=False,
        allow_blank=True,
        default="",
        help_text=help_text,
    )


def received_on_field() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Den dag det kom in till kommunen (svensk tid); utelämnat: i dag. Inte i "
        "framtiden, inte före begäran skickades / The day it reached the municipality (Swedish "
        "time); omitted: today. Not in the future, not before the request was sent",
    )


def scanned_file_field() -> serializers.FileField:
    return SingleFileField(
        required=False,
        help_text="Inskannad handling (multipart/form-data): PDF, PNG, JPEG eller UTF-8-text / "
        "The scanned document (multipart/form-data): PDF, PNG, JPEG or UTF-8 text",
    )


def _short_deadline_help(setting: str) -> str:
    minimum = f"{setting} ({int(getattr(settings, setting))})"
    return (
        f"Skäl till kortare svarstid än {minimum} dagar från i dag. Antalet dagar är kommunens "
        "inställning; förvaltningslagen kräver bara att sökanden får en bestämd tid. Krävs "
        "när due är tidigare (annars 422 som nämner due), minst lika utförligt som ett besluts "
        'motivering; får inte anges annars (422). Skrivs i brevet efter "Svarstiden är kortare '
        f'än normalt eftersom" / Why the deadline is shorter than {minimum} days from today. '
        "The number of days is the municipality's setting; the Administrative Procedure Act "
        "only requires that the applicant is given a set time. Required when due is earlier "
        "(else 422 naming due), as substantial as a decision's reasons; not allowed otherwise "
        '(422). Printed in the letter after "Svarstiden är kortare än normalt eftersom"'
    )


# Read when the schema is generated, not when the serializer is imported: the number of days is
# the setting's as configured (api.schema_view's cache is emptied when a setting changes).
short_deadline_help = lazy(_short_deadline_help, str)


def short_deadline_field(setting: str) -> TextField:
    """Why the deadline is shorter than the minimum (``setting``: the municipality's setting of
    the least days, ``GRANSKA_MIN_RESPONSE_DAYS`` or ``GRANSKA_MIN_REQUEST_DAYS``; FL 25 § and
    20 § ask only for a set time, the number of days is the setting's)."""
    return text_field(
        short_deadline_help(setting),
        required=False,
        allow_blank=True,
        default="",
    )
