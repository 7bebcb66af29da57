"""Swedish organisation numbers: ten digits, the last a Luhn check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s\-+]")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_org_number(raw: str) -> str:
    """Return NNNNNN-NNNN, or raise ValidationError saying what is wrong and what is accepted."""
    text = _SEPARATORS.sub("", str(raw or ""))
    if len(text) == 12 and text.startswith("16"):
        text = text[2:]  # the "16" century prefix some registers print
    if not text:
        raise ValidationError(
            _("Organisationsnummer krävs (10 siffror, NNNNNN-NNNN)."), code="org_number_required"
        )
    if not (text.isascii() and text.isdigit()):  # "²" and "８" are digits to str.isdigit
        raise ValidationError(
            _("Organisationsnumret får bara innehålla siffror och bindestreck (NNNNNN-NNNN)."),
            code="org_number_format",
        )
    if len(text) != 10:
        raise ValidationError(
            _("Organisationsnumret ska ha 10 siffror (NNNNNN-NNNN), inte %(count)d.")
            % {"count": len(text)},
            code="org_number_length",
        )
    if not luhn_ok(text):
        raise ValidationError(
            _("Organisationsnumrets kontrollsiffra stämmer inte (Luhn-kontroll)."),
            code="org_number_checksum",
        )
    return f"{text[:6]}-{text[6:]}"


def validate_org_number(value: str) -> None:
    normalize_org_number(value)
