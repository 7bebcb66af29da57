"""Swedish by default: the pages ignore the browser's Accept-Language.

English (or Swedish) is chosen explicitly with the language selector (django.views.i18n
set_language, kept in a cookie). The REST API is left alone: there Accept-Language comes first
(api.middleware.ApiLanguageMiddleware).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SwedishByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (request.path.startswith("/api/") or request.path == "/api"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
