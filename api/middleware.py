"""Under /api/: the language of Accept-Language before the cookie's, a body-size limit (413), and
problem+json instead of any HTML error page."""

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


def body_limit(request: HttpRequest) -> int:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if request.content_type == "multipart/form-data":
        limit += int(settings.GRANSKA_API_PROGRAM_MAX_BYTES) + 64 * 1024
    return limit


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
