"""Request parsers of the API."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deep for Python's parser (``[[[[…]]]]``: a
    RecursionError, which DRF lets through as a 500) refused as malformed (400), and its message
    in the caller's language (DRF's "JSON parse error - …" and the json module's reasons are
    English only)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(gettext("Ogiltig JSON: för djupt nästlad.")) from exc
        except ParseError as exc:
            raise ParseError(malformed_json(exc.__context__)) from exc


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
