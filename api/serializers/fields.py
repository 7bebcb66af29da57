"""Input fields of the API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.validators import ProhibitSurrogateCharactersValidator


class _ProhibitSurrogates(ProhibitSurrogateCharactersValidator):
    """DRF's refusal of a surrogate code point, with its message and code for the first one, found
    by one regex search instead of a Python loop over every character (the booking intake's
    bodies are validated on every request; bench/README.md)."""

    def __call__(self, value: Any) -> None:
        found = SURROGATES.search(str(value))
        if found:
            super().__call__(found.group())


SURROGATES = re.compile("[\ud800-\udfff]")


class TextField(serializers.CharField):
    """A text field that takes only a JSON string. DRF's CharField turns a number into its text
    (``42`` → ``"42"``), so a stray number would be recorded as if someone had written it (an
    applicant's response, a reason, a reference)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            _ProhibitSurrogates() if type(v) is ProhibitSurrogateCharactersValidator else v
            for v in self.validators
        ]

    default_error_messages = {
        "not_a_string": _("Ska vara text (en sträng), inte {kind}."),
        "bidi_control": _(
            "Texten innehåller ett osynligt tecken som vänder textriktningen ({codepoint}); det "
            "kan få texten att visas annorlunda än den lyder. Ta bort det."
        ),
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("not_a_string", kind=json_kind(data))
        found = BIDI_CONTROLS.search(data)
        if found:
            self.fail("bidi_control", codepoint=f"U+{ord(found.group()):04X}")
        return super().to_internal_value(data)


# Unicode's explicit directional embeddings, overrides and isolates: text shown to officers and
# printed in decisions could read otherwise than it is stored ("Trojan Source"). The marks
# (U+200E, U+200F) that right-to-left names may need are allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class EmailTextField(TextField, serializers.EmailField):
    """An e-mail address, only as a string."""


def json_kind(value: Any) -> str:
    """What a JSON value is, in the caller's language."""
    if isinstance(value, str):
        return str(_("text (en sträng)"))
    if isinstance(value, bool):
        return str(_("ett sanningsvärde"))
    if isinstance(value, int | float):
        return str(_("ett tal"))
    if isinstance(value, list):
        return str(_("en lista"))
    if isinstance(value, dict):
        return str(_("ett objekt"))
    return str(_("ett annat värde"))


class StrictBooleanField(serializers.BooleanField):
    """A confirmation with legal weight (no jäv, not an opinion, the party checked): only JSON
    ``true`` or ``false``. DRF's BooleanField read "yes", "true", 1 and "on" as true, so a loose
    value would be recorded as an explicit declaration."""

    default_error_messages = {
        "not_a_boolean": _("Ska vara true eller false (ett JSON-sanningsvärde), inte {kind}."),
    }

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("not_a_boolean", kind=json_kind(data))
        return data


class ChoiceField(serializers.ChoiceField):
    """A choice whose refusal lists the valid values (DRF's says only '"x" is not a valid
    choice.', leaving the caller to look them up)."""

    default_error_messages = {
        "invalid_choice": _('"{input}" är inte ett giltigt val. Giltiga värden: {choices}.')
    }

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            choices = ", ".join(self.choice_strings_to_values)
            self.fail("invalid_choice", input=data, choices=choices)


class SingleFileField(serializers.FileField):
    """One file: a multipart body with the field twice is refused (DRF's FileField kept the last
    part and dropped the first without a word)."""

    default_error_messages = {
        "several": _("Skicka en enda fil i fältet, inte {count}."),
    }

    def get_value(self, dictionary: Any) -> Any:
        if hasattr(dictionary, "getlist"):
            parts = dictionary.getlist(self.field_name)
            if len(parts) > 1:
                return parts
        return super().get_value(dictionary)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list):
            self.fail("several", count=len(data))
        return super().to_internal_value(data)


class InputSerializer(serializers.Serializer):
    """A Serializer for input validated on a hot path (the booking intake), with two of DRF's
    per-call costs taken once: the writable fields are listed once per instance (DRF walks its
    field mapping with a generator on every call), and a serializer with no validators of its own
    skips collecting read-only defaults for them (DRF builds that dict and then runs no
    validator on it). Errors and results are DRF's."""

    @property
    def _writable_fields(self) -> Any:
        cached = self.__dict__.get("_writable_fields_once")
        if cached is None:
            cached = self.__dict__["_writable_fields_once"] = tuple(super()._writable_fields)
        return cached

    def run_validators(self, value: Any) -> None:
        if self.validators:
            super().run_validators(value)


class ObjectSerializer(InputSerializer):
    """A nested JSON object. Anything else is refused under the field's own name, in words:
    DRF's "Ogiltig data. Förväntade en dictionary, men fick str." came under
    ``association.non_field_errors``, with Python's type names."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and data is not None and not isinstance(data, Mapping):
            fields = ", ".join(name for name, field in self.fields.items() if not field.read_only)
            message = _("Ska vara ett objekt med fälten {fields}, inte {kind}.")
            raise serializers.ValidationError(
                [message.format(fields=fields, kind=json_kind(data))], code="invalid"
            )
        return super().run_validation(data)
