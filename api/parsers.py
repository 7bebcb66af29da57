"""Request parsers of the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deep for Python's parser (``[[[[…]]]]``: a
    RecursionError, which DRF lets through as a 500) refused as malformed (400), and its message
    in the caller's language (DRF's "JSON parse error - …" is English only)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(gettext("Ogiltig JSON: för djupt nästlad.")) from exc
        except ParseError as exc:
            reason = str(exc.__context__ or exc.detail)  # the json module's (position) or DRF's
            raise ParseError(gettext("Ogiltig JSON: {reason}").format(reason=reason)) from exc
