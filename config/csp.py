"""Content-Security-Policy on the pages only (django-csp)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class PagesCSPMiddleware(CSPMiddleware):
    """django-csp builds the whole policy for every response before it looks at
    ``EXCLUDE_URL_PREFIXES``; the JSON API (the booking intake is its hot path) skips that."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        prefixes = tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ()))
        if request.path_info.startswith(prefixes):
            return response
        return super().process_response(request, response)
