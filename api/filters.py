"""Query parameters that name a row by its id: a positive 64-bit integer, else 422 naming the
parameter (a Decimal beyond the range reached SQLite as an OverflowError: a 500)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**63 - 1  # a bigint primary key


def _id_messages() -> dict[str, Any]:
    message = format_lazy(_("Ett id: ett heltal från 1 till {max}."), max=MAX_ID)
    return {"invalid": message, "min_value": message, "max_value": message}


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", _id_messages())
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """An id (``?association=42``): not a decimal, not negative, not beyond a bigint."""

    field_class = IdField


def id_query_field(**kwargs: Any) -> serializers.IntegerField:
    """The same for a query serializer's field."""
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages=_id_messages(), **kwargs
    )


def choice_messages(choices: list[tuple[str, Any]]) -> dict[str, Any]:
    """A choice filter's refusal that lists the valid values (Django's names none)."""
    message = format_lazy(
        _("%(value)s är inte ett giltigt val. Giltiga värden: {choices}."),
        choices=", ".join(str(value) for value, _label in choices),
    )
    return {"invalid_choice": message}
