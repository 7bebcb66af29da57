"""Who is calling: a booking system (API key), or an officer (personal token or session)."""

from __future__ import annotations

from typing import Any

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


class OfficerSessionAuthentication(authentication.SessionAuthentication):
    """The browser session of a logged-in officer; CSRF is enforced."""
