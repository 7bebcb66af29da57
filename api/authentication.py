"""Who is calling: a booking system (API key), or an officer (personal token or session)."""

from __future__ import annotations

from typing import Any

from django.middleware import csrf
from django.utils.translation import gettext
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.throttling import FailedCredentialThrottle
from api.tokens import user_for_token
from bookings import keys
from bookings.models import BookingClient
from bookings.services import client_for_key


def _credential(request: Request, schemes: tuple[str, ...]) -> str | None:
    header = authentication.get_authorization_header(request).decode("latin-1").split()
    if not header or header[0].lower() not in schemes:
        return None
    if len(header) != 2:
        raise exceptions.AuthenticationFailed(gettext("Ogiltigt Authorization-huvud."))
    return header[1]


class BookingClientAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer gk_…``: the API key of a booking system."""

    def authenticate(self, request: Request) -> tuple[BookingClient, BookingClient] | None:
        raw = _credential(request, ("bearer",))
        if raw is None or not raw.startswith(keys.CLIENT_KEY_PREFIX):
            return None
        client = client_for_key(raw)
        if client is None:
            FailedCredentialThrottle(request).refuse()
            raise exceptions.AuthenticationFailed(gettext("Ogiltig eller spärrad API-nyckel."))
        return client, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class OfficerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token gt_…`` (or ``Bearer gt_…``): an officer's personal token."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        raw = _credential(request, ("token", "bearer"))
        if raw is None or not raw.startswith(keys.OFFICER_TOKEN_PREFIX):
            return None
        user = user_for_token(raw)
        if user is None:
            FailedCredentialThrottle(request).refuse()
            raise exceptions.AuthenticationFailed(gettext("Ogiltig eller spärrad token."))
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class CsrfFailed(exceptions.PermissionDenied):
    """A session's unsafe request without a valid CSRF token: its own code (``csrf_failed``)."""

    default_code = problem_code = "csrf_failed"


def _csrf_reason(reason: str) -> str:
    """Django's English reason (``django.middleware.csrf.REASON_*``), in the caller's language."""
    if reason == csrf.REASON_CSRF_TOKEN_MISSING:
        return gettext("CSRF-token saknas: skicka den i huvudet X-CSRFToken.")
    if reason == csrf.REASON_NO_CSRF_COOKIE:
        return gettext("CSRF-kakan saknas: hämta en sida först så att kakan csrftoken sätts.")
    if reason.startswith("CSRF token from"):  # "… has incorrect length", "… incorrect."
        return gettext("CSRF-token stämmer inte med kakan csrftoken.")
    if reason.startswith(("Referer checking failed", "Origin checking failed")):
        return gettext("Begärans ursprung (Origin/Referer) är inte betrott.")
    return gettext("CSRF-kontrollen misslyckades.")


class OfficerSessionAuthentication(authentication.SessionAuthentication):
    """The browser session of a logged-in officer; CSRF is enforced (403 ``csrf_failed``, its
    reason in the caller's language: DRF's is "CSRF Failed: …" in English)."""

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            reason = str(exc.detail).removeprefix("CSRF Failed: ")
            raise CsrfFailed(_csrf_reason(reason)) from exc


class UnrecognisedAuthorization(authentication.BaseAuthentication):
    """Last: an Authorization header none of the others took (``Token gk_…``, ``Basic …``, a
    Bearer value that is neither kind) is 401 ``authentication_failed`` saying which scheme each
    credential goes under. It was "credentials were not provided", though they were."""

    def authenticate(self, request: Request) -> None:
        if not authentication.get_authorization_header(request).strip():
            return None
        FailedCredentialThrottle(request).refuse()
        raise exceptions.AuthenticationFailed(
            gettext(
                "Authorization-huvudet känns inte igen: ett bokningssystems API-nyckel skickas "
                "som Authorization: Bearer <nyckel> (gk_…), en handläggares token som "
                "Authorization: Token <token> (gt_…)."
            )
        )
