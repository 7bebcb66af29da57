"""Page parameters of the list endpoints, validated alike: ``limit`` (and the audit log's
``page_size``) an integer from 1 to the endpoint's maximum, ``offset`` from 0; anything else is
422 naming the parameter (DRF's paginators quietly fell back to their default)."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.request import Request

from api.filters import MAX_ID
from vetting.errors import InvalidInput


def page_parameter(raw: str | None, *, name: str, default: int, low: int, high: int) -> int:
    """``raw`` as an integer from ``low`` to ``high``; absent or empty: ``default``."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise InvalidInput({name: format_lazy(_("Ett heltal {low}–{high}."), low=low, high=high)})
    return value


class ValidatedLimitOffset(LimitOffsetPagination):
    def get_limit(self, request: Request) -> int:
        return page_parameter(
            request.query_params.get(self.limit_query_param),
            name=self.limit_query_param,
            default=int(self.default_limit or 1),
            low=1,
            high=int(self.max_limit or self.default_limit or 1),
        )

    def get_offset(self, request: Request) -> int:
        return page_parameter(
            request.query_params.get(self.offset_query_param),
            name=self.offset_query_param,
            default=0,
            low=0,
            high=MAX_ID,
        )


class ValidatedCursor(CursorPagination):
    def get_page_size(self, request: Request) -> Any:
        if not self.page_size_query_param:
            return self.page_size
        return page_parameter(
            request.query_params.get(self.page_size_query_param),
            name=self.page_size_query_param,
            default=int(self.page_size or 1),
            low=1,
            high=int(self.max_page_size or self.page_size or 1),
        )
