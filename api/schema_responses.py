"""The responses every operation shares, declared once from what its view really does
(``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``), not per view:

- an operation that reads a body: 411 (a chunked body, refused by ``api.middleware``), 413 (over
  the middleware's limit for each media type the view parses) and 415 (a media type none of its
  parsers takes), each with the example the code itself answers;
- an operation that needs credentials: 401 with ``WWW-Authenticate``, the challenge its view
  sends (its first authentication class's);
- a throttled operation: 429 with ``Retry-After``.

Webhooks (a client's endpoint, not ours) are left as they are."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.permissions import AllowAny

from api.middleware import API_PREFIX, ApiProblemMiddleware, body_limit
from api.problems import PROBLEM_CONTENT_TYPE
from api.schema import (
    DESCRIPTIONS,
    RETRY_AFTER,
    ProblemSerializer,
    problems,
    size,
    www_authenticate,
)

BODY_METHODS = ("POST", "PUT", "PATCH")
# A media type no view of the API parses: what a 415 example is answered for.
UNSUPPORTED = "text/plain"


def _request(media_type: str, **meta: Any) -> HttpRequest:
    """A POST under /api/ with no body, of ``media_type`` (a multipart one with a boundary)."""
    content_type = media_type
    if media_type == "multipart/form-data":
        content_type += "; boundary=granska"
    # RequestFactory sets CONTENT_TYPE only with a body: set here, as a server would.
    return RequestFactory().generic("POST", API_PREFIX, b"", CONTENT_TYPE=content_type, **meta)


def _unreached(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the middleware answers before the view")


def _middleware_answer(request: HttpRequest) -> dict[str, Any]:
    """What ``ApiProblemMiddleware`` answers ``request`` with, in Swedish."""
    with translation.override("sv"):
        response = ApiProblemMiddleware(_unreached)._check_size(request)
    assert response is not None
    return dict(json.loads(response.content))


def length_required_example(media_type: str) -> dict[str, Any]:
    """The 411 of a chunked body (Transfer-Encoding: chunked, no Content-Length)."""
    return _middleware_answer(_request(media_type, HTTP_TRANSFER_ENCODING="chunked"))


def too_large_limit(media_type: str) -> int:
    """The middleware's limit for a body of ``media_type``; 0 when there is none."""
    return body_limit(_request(media_type))


def too_large_example(media_type: str) -> dict[str, Any]:
    """The 413 of a body one byte over the limit for ``media_type``."""
    limit = too_large_limit(media_type)
    return _middleware_answer(_request(media_type, CONTENT_LENGTH=str(limit + 1)))


def unsupported_example(view: Any) -> dict[str, Any]:
    """The 415 the view answers a text/plain body with (it names what the view parses)."""
    from api.exceptions import problem_exception_handler

    context = {"request": SimpleNamespace(content_type=UNSUPPORTED), "view": view}
    with translation.override("sv"):
        response = problem_exception_handler(UnsupportedMediaType(UNSUPPORTED), context)
    assert response is not None
    return dict(response.data)


def _response(status: int, description: str, examples: dict[str, Any]) -> OpenApiResponse:
    return OpenApiResponse(
        response=ProblemSerializer,
        description=description,
        examples=[
            OpenApiExample(
                f"{status} {name}",
                value=value,
                response_only=True,
                status_codes=[str(status)],
                media_type=PROBLEM_CONTENT_TYPE,
            )
            for name, value in examples.items()
        ],
    )


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the shared responses and headers added."""

    def _is_ours(self) -> bool:
        return str(self.path).startswith(API_PREFIX)

    def reads_body(self) -> bool:
        return (
            self._is_ours()
            and self.method in BODY_METHODS
            and self.get_request_serializer() is not None
        )

    def challenge(self) -> str | None:
        """The ``WWW-Authenticate`` of the view's 401: DRF asks the first authentication class
        only (``APIView.get_authenticate_header``); None when it has none, and then DRF answers
        403 instead of 401."""
        authenticators = self.view.get_authenticators()
        if not authenticators:
            return None
        header: str | None = authenticators[0].authenticate_header(self.view.request)
        return header

    def needs_credentials(self) -> bool:
        """Answers 401 without credentials: it authenticates, with a challenge, and not everyone
        may call it."""
        permissions = self.view.get_permissions()
        return (
            self._is_ours()
            and self.challenge() is not None
            and not all(isinstance(p, AllowAny) for p in permissions)
        )

    def is_throttled(self) -> bool:
        return self._is_ours() and bool(self.view.get_throttles())

    def parsed_media_types(self) -> list[str]:
        return [parser.media_type for parser in self.view.get_parsers()]

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        named = {p.name for p in parameters if isinstance(p, OpenApiParameter)}
        headers = [www_authenticate(str(self.challenge()))] if self.needs_credentials() else []
        if self.is_throttled():
            headers.append(RETRY_AFTER)
        parameters += [header for header in headers if header.name not in named]
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status, response in self.shared_responses().items():
            if status in (411, 413, 415) or str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    response, str(status), [PROBLEM_CONTENT_TYPE], direction
                )
        return responses

    def shared_responses(self) -> dict[int, OpenApiResponse]:
        """411/413/415 of a body, 401 and 429 as ``problems()`` declares them."""
        out: dict[int, OpenApiResponse] = {}
        if self.reads_body():
            out.update(self.body_responses())
        if self.needs_credentials():
            out[401] = problems()[(401, PROBLEM_CONTENT_TYPE)]
        if self.is_throttled():
            out[429] = problems(anonymous=True)[(429, PROBLEM_CONTENT_TYPE)]
        return out

    def body_responses(self) -> dict[int, OpenApiResponse]:
        media_types = self.parsed_media_types()
        out = {
            411: _response(
                411,
                DESCRIPTIONS[411],
                {"length_required": length_required_example(media_types[0])},
            ),
            415: _response(
                415,
                DESCRIPTIONS[415],
                {"unsupported_media_type": unsupported_example(self.view)},
            ),
        }
        limited = [m for m in media_types if too_large_limit(m)]
        if limited:
            out[413] = _response(
                413,
                DESCRIPTIONS[413]
                + ": "
                + ", ".join(f"{m} > {size(too_large_limit(m))}" for m in limited),
                {f"request_too_large ({m})": too_large_example(m) for m in limited},
            )
        return out
