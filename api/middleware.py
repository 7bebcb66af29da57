"""Under /api/: the language of Accept-Language before the cookie's, a body-size limit (413), a
chunked body refused (411), and problem+json instead of any HTML error page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header

from api.problems import STATUS_CODES, problem_response, title

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    """Under /api/, and /api itself (which answered the site's HTML 404)."""
    return path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")


# A multipart body's headers and boundaries, beyond its fields and its file.
FORM_OVERHEAD = 64 * 1024


def upload_limit() -> int:
    """The largest file the API takes: a programme (GRANSKA_API_PROGRAM_MAX_BYTES) or a
    supplement, response or scanned document (GRANSKA_EVIDENCE_MAX_BYTES)."""
    return max(
        int(settings.GRANSKA_API_PROGRAM_MAX_BYTES), int(settings.GRANSKA_EVIDENCE_MAX_BYTES)
    )


def body_limit(request: HttpRequest) -> int:
    """JSON: DATA_UPLOAD_MAX_MEMORY_SIZE. Multipart: that for the fields, plus the largest file
    the API takes and the form's overhead, so that every file within its own limit gets in and
    one somewhat larger is read and refused as 422 naming ``file`` by its endpoint. (The
    programme's limit was added, so a supplement of 7.6–10 MiB got 413.)"""
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if limit and request.content_type == "multipart/form-data":
        limit += upload_limit() + FORM_OVERHEAD
    return limit


def is_chunked(request: HttpRequest) -> bool:
    """A body sent in chunks, without Content-Length: Django's WSGIRequest reads CONTENT_LENGTH
    bytes, so it read nothing and every field was "required". Refused as 411 instead."""
    encoding = request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return "chunked" in encoding and not request.META.get("CONTENT_LENGTH")


def header_language(accept: str) -> str | None:
    """The first language of an Accept-Language header that the site has, chosen as Django's
    LocaleMiddleware chooses from the header; None when it names none."""
    for code, _quality in parse_accept_lang_header(accept):
        if code == "*":
            break
        if not language_code_re.search(code):
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class ApiLanguageMiddleware:
    """Under /api/, Accept-Language names the language when it names one the site has. Django's
    LocaleMiddleware (just before this) puts the language cookie of the web pages first, so an
    API client that carried a web session's cookies got the cookie's language whatever it asked
    for. Without the header, or with none the site has, LocaleMiddleware's choice stands (the
    cookie, else Swedish)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_path(request.path):
            language = header_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            if language is not None:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class ApiProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            return self.get_response(request)
        too_large = self._check_size(request) or self._slash_redirect(request)
        if too_large is not None:
            return too_large
        response = self.get_response(request)
        if response.status_code >= 400 and not self._is_json(response):
            return self._replace(response)
        return response

    def _check_size(self, request: HttpRequest) -> HttpResponse | None:
        if is_chunked(request):
            return problem_response(
                411,
                "length_required",
                gettext(
                    "Skicka kroppen med Content-Length: en kropp i delar (Transfer-Encoding: "
                    "chunked) läses inte."
                ),
            )
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return problem_response(400, "malformed_request", gettext("Ogiltig Content-Length."))
        limit = body_limit(request)
        if limit and length > limit:
            return problem_response(
                413,
                "request_too_large",
                gettext("Begäran är större än {limit} byte.").format(limit=limit),
            )
        return None

    @staticmethod
    def _slash_redirect(request: HttpRequest) -> HttpResponse | None:
        """A path missing its trailing slash: 308, which keeps the method and the body (Django's
        APPEND_SLASH answers 301 with HTML, and clients turn a redirected POST into a GET)."""
        path = request.path_info
        if path.endswith("/") or not settings.APPEND_SLASH:
            return None
        urlconf = getattr(request, "urlconf", None)
        if is_valid_path(path, urlconf) or not is_valid_path(f"{path}/", urlconf):
            return None
        location = request.get_full_path(force_append_slash=True)
        response = JsonResponse(
            {"detail": gettext("Använd {location} (med snedstreck).").format(location=location)},
            status=308,
        )
        response["Location"] = location
        return response

    @staticmethod
    def _is_json(response: HttpResponse) -> bool:
        return "json" in response.get("Content-Type", "")

    @staticmethod
    def _replace(response: HttpResponse) -> HttpResponse:
        status = response.status_code
        code = STATUS_CODES.get(status, "server_error" if status >= 500 else "error")
        # The title as the detail: Django's reason phrase ("Not Found") is English only.
        replaced = problem_response(status, code, f"{title(status, code)}.")
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "X-Request-ID"):
            if header in response:
                replaced[header] = response[header]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_api_path(request.path):
            return None
        log.exception("Unhandled error in %s %s", request.method, request.path)
        return problem_response(500, "server_error", gettext("Ett internt fel uppstod."))
