"""Request parsers of the API."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

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
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(gettext("Ogiltig JSON: för djupt nästlad.")) from exc
        except ParseError as exc:
            raise ParseError(malformed_json(exc.__context__)) from exc
        # A byte search first, so a valid body without such an escape costs next to nothing.
        if SURROGATE_ESCAPE.search(raw) or not _is_utf8(parser_context):
            refuse_lone_surrogates(data)
        return data


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
