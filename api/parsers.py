"""Request parsers of the API."""

from __future__ import annotations

import codecs
import io
import json
import math
import re
import sys
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

# A \uD800–\uDFFF escape: the only way a UTF-8 JSON text can carry a surrogate. Python's json
# module accepts a lone one ("\ud800"), which UTF-8 cannot encode nor PostgreSQL store: a 500
# later (the intake's request hash, a save). A pair (an emoji as "\ud83d\ude00") is one
# character once parsed, and fine.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deep for Python's parser (``[[[[…]]]]``: a
    RecursionError, which DRF lets through as a 500) refused as malformed (400), a text with a
    lone surrogate refused naming where it is (422), and its messages in the caller's language
    (DRF's "JSON parse error - …" and the json module's reasons are English only)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            decoded = codecs.getreader(encoding)(io.BytesIO(raw))
            constant = strict_constant if self.strict else None
            numbers = NumberReader()
            data = json.load(
                decoded, parse_constant=constant, parse_int=numbers, parse_float=numbers
            )
        except RecursionError as exc:
            raise ParseError(gettext("Ogiltig JSON: för djupt nästlad.")) from exc
        except ValueError as exc:
            raise ParseError(malformed_json(exc)) from exc
        if numbers.unreadable:
            refuse_unreadable_numbers(data)
        # A byte search first, so a valid body without such an escape costs next to nothing.
        if SURROGATE_ESCAPE.search(raw) or not _is_utf8(parser_context):
            refuse_lone_surrogates(data)
        return data


class UnreadableNumber:
    """A JSON number Python cannot hold: an integer of more digits than int() converts (its
    ValueError read as "NaN och Infinity är inte tillåtna"), or one out of float's range
    (``1e999``, which json reads as inf). Kept in place while parsing, so that the 422 names the
    field it is in."""

    def __init__(self, text: str, *, too_long: bool) -> None:
        self.digits = sum(c.isdigit() for c in text)
        self.too_long = too_long

    def reason(self) -> str:
        if self.too_long:
            return gettext(
                "Talet har för många siffror ({digits}); högst {limit} går att läsa."
            ).format(digits=self.digits, limit=sys.get_int_max_str_digits())
        return gettext("Talet är för stort för att kunna läsas.")


class NumberReader:
    """``parse_int``/``parse_float`` of one parse: a number Python cannot hold becomes an
    ``UnreadableNumber``, and ``unreadable`` says whether there was one."""

    def __init__(self) -> None:
        self.unreadable = False

    def __call__(self, text: str) -> Any:
        if "." not in text and "e" not in text and "E" not in text:
            limit = sys.get_int_max_str_digits()
            if not limit or len(text.lstrip("-")) <= limit:
                return int(text)
            self.unreadable = True
            return UnreadableNumber(text, too_long=True)
        value = float(text)
        if math.isfinite(value):
            return value
        self.unreadable = True
        return UnreadableNumber(text, too_long=False)


def refuse_unreadable_numbers(data: Any) -> None:
    """422 naming every field whose number has too many digits (or is out of range)."""
    found = dict(_unreadable_numbers(data, ""))
    raise ValidationError(
        {path or "non_field_errors": [number.reason()] for path, number in found.items()}
    )


def _unreadable_numbers(data: Any, path: str) -> Iterator[tuple[str, UnreadableNumber]]:
    if isinstance(data, UnreadableNumber):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _unreadable_numbers(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _unreadable_numbers(value, f"{path}.{index}" if path else str(index))


def _is_utf8(parser_context: Any) -> bool:
    encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False  # DRF has refused it already


def refuse_lone_surrogates(data: Any) -> None:
    """422 naming every field (``association.name``, ``criteria.0``) whose text has a lone
    surrogate; 400 when one is in a field's name, which cannot be named back."""
    found = list(_lone_surrogates(data, ""))
    if any(in_name for _path, in_name in found):
        raise ParseError(
            gettext(
                "Ogiltig JSON: ett fältnamn innehåller ett ensamt surrogattecken "
                "(U+D800–U+DFFF), som inte är giltig Unicode-text."
            )
        )
    if found:
        message = gettext(
            "Texten innehåller ett ensamt surrogattecken (U+D800–U+DFFF), som inte är giltig "
            "Unicode-text."
        )
        raise ValidationError({path or "non_field_errors": [message] for path, _ in found})


def _lone_surrogates(data: Any, path: str) -> Iterator[tuple[str, bool]]:
    """Where the texts with a lone surrogate are: (path, whether in a field's name)."""
    if isinstance(data, str):
        if LONE_SURROGATE.search(data):
            yield path, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if LONE_SURROGATE.search(key):
                yield path, True
            yield from _lone_surrogates(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _lone_surrogates(value, f"{path}.{index}" if path else str(index))


def malformed_json(cause: BaseException | None) -> str:
    """Why the body is not JSON, in the caller's language: where the json module stopped (line
    and column), an undecodable byte, or NaN/Infinity (not JSON)."""
    if isinstance(cause, json.JSONDecodeError):
        return gettext("Ogiltig JSON: fel på rad {line}, kolumn {column}.").format(
            line=cause.lineno, column=cause.colno
        )
    if isinstance(cause, UnicodeDecodeError):
        return gettext("Ogiltig JSON: kroppen går inte att läsa som {encoding}.").format(
            encoding=cause.encoding.upper()
        )
    if isinstance(cause, ValueError):  # DRF's strict_constant: NaN, Infinity, -Infinity
        return gettext("Ogiltig JSON: NaN och Infinity är inte tillåtna.")
    return gettext("Ogiltig JSON.")
