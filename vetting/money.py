"""Amounts as Swedish money, the same in letters, decisions and messages: "10 000 kr" for whole
kronor, "10 000,50 kr" with öre (grouped, in the active language's format; klarspråk, FL 11 §),
never the stored "10000.00"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.functional import lazy


def grouped(value: Any) -> str:
    """``value`` (a Decimal, int or numeric string) as a number of kronor, without the unit:
    whole kronor without decimals ("10 000"), else with öre ("10 000,50")."""
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return str(formats.number_format(number, places, use_l10n=True, force_grouping=True))


def kronor(value: Any) -> str:
    """``value`` as money: "10 000 kr"."""
    return f"{grouped(value)} kr"


# For the messages whose text has "{amount} kr" (format_lazy): the number, formatted in the
# language the message is shown in.
grouped_lazy = lazy(grouped, str)
