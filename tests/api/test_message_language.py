"""Every message of the API (problem title and detail, per-field errors) speaks the caller's
language: Swedish by default and with Accept-Language: sv, English with Accept-Language: en;
never both at once ("svenska / English"). The OpenAPI descriptions stay bilingual."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework.test import APIClient

from api.exceptions import problem_exception_handler
from api.middleware import ApiProblemMiddleware
from tests.api.conftest import START, booking_body, client_for, officer_for
from tests.world import World
from vetting.models import Application

pytestmark = pytest.mark.django_db
BOOKINGS = "/api/v1/booking-requests/"
LANGUAGES = ("sv", "en")


@dataclass
class Ctx:
    booking: APIClient
    handler: APIClient
    auditor: APIClient
    app: Application


@pytest.fixture
def ctx(world: World, creds: Any) -> Ctx:
    return Ctx(
        booking=client_for(creds),
        handler=officer_for(world.handler),
        auditor=officer_for(world.auditor),
        app=world.submit(),
    )


def post_booking(c: Ctx, lang: str, key: str | None = "", **overrides: Any) -> Any:
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key or f"k-{lang}-{len(str(overrides))}"
    body = booking_body(external_ref=f"ref-{lang}", **overrides)
    return c.booking.post(BOOKINGS, body, format="json", **headers)


def twice(c: Ctx, lang: str, first: dict[str, Any], second: dict[str, Any], same_key: bool) -> Any:
    key = f"twice-{lang}"
    assert post_booking(c, lang, key, **first).status_code == 201
    return post_booking(c, lang, key if same_key else f"{key}-b", **second)


def raw_post(c: Ctx, lang: str, body: str, content_type: str = "application/json") -> Any:
    return c.booking.post(
        BOOKINGS,
        body,
        content_type=content_type,
        HTTP_IDEMPOTENCY_KEY="raw",
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def act(c: Ctx, lang: str, action: str, body: Any) -> Any:
    url = f"/api/v1/applications/{c.app.pk}/actions/{action}/"
    return c.handler.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE=lang)


def anonymous(lang: str, path: str, auth: str = "") -> Any:
    extra = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return APIClient().get(path, HTTP_ACCEPT_LANGUAGE=lang, **extra)


NAIVE = START.replace(tzinfo=None).isoformat()
PAST = (timezone.now() - timedelta(days=1)).isoformat()
Send = Callable[[Ctx, str], Any]

# name: (send, where the message is ("detail" or a field of "errors"), Swedish, English); None
# where the message is not this project's own (Django REST Framework's, translated by DRF).
CASES: dict[str, tuple[Send, str, str | None, str | None]] = {
    "no idempotency key": (
        lambda c, lang: post_booking(c, lang, key=None),
        "detail",
        "Headern Idempotency-Key (1–255 tecken ASCII) krävs.",
        "The Idempotency-Key header (1–255 ASCII characters) is required.",
    ),
    "time without offset": (
        lambda c, lang: post_booking(c, lang, starts_at=NAIVE),
        "starts_at",
        "Ange tid med tidszon enligt RFC 3339, t.ex. 2027-03-14T18:00:00+01:00 eller ...Z.",
        "A date and time with its offset (RFC 3339) is required, e.g. "
        "2027-03-14T18:00:00+01:00 or ...Z.",
    ),
    "ends before it starts": (
        lambda c, lang: post_booking(c, lang, ends_at=START.isoformat()),
        "ends_at",
        "Sluttiden ska vara efter starttiden.",
        "The end time must be after the start time.",
    ),
    "starts in the past": (
        lambda c, lang: post_booking(c, lang, starts_at=PAST),
        "starts_at",
        "Starttiden ska vara i framtiden.",
        "The start time must be in the future.",
    ),
    "unknown premises": (
        lambda c, lang: post_booking(c, lang, premises="lilla-salen"),
        "premises",
        "Okänd lokal 'lilla-salen' för detta bokningssystem.",
        "Unknown premises 'lilla-salen' for this booking system.",
    ),
    "key reused with another body": (
        lambda c, lang: twice(c, lang, {}, {"title": "Annat"}, same_key=True),
        "detail",
        "Idempotency-Key har redan använts för en annan förfrågan (en annan kropp).",
        "The Idempotency-Key was already used with a different request body.",
    ),
    "external_ref used again": (
        lambda c, lang: twice(c, lang, {}, {}, same_key=False),
        "detail",
        "external_ref 'ref-{lang}' används redan av förfrågan",
        "external_ref 'ref-{lang}' is already used by request",
    ),
    "malformed JSON": (
        lambda c, lang: raw_post(c, lang, "{"),
        "detail",
        "Ogiltig JSON: ",
        "JSON parse error: ",
    ),
    "JSON nested too deep": (
        lambda c, lang: raw_post(c, lang, "[" * 100_000 + "]" * 100_000),
        "detail",
        "Ogiltig JSON: för djupt nästlad.",
        "JSON parse error: nested too deeply.",
    ),
    "a list, not an object": (
        lambda c, lang: c.booking.post(
            BOOKINGS, [1], format="json", HTTP_IDEMPOTENCY_KEY="l", HTTP_ACCEPT_LANGUAGE=lang
        ),
        "non_field_errors",
        None,
        None,
    ),
    "text/plain body": (
        lambda c, lang: raw_post(c, lang, "x", "text/plain"),
        "detail",
        None,
        None,
    ),
    "bad Content-Length": (
        lambda c, lang: c.booking.get(
            "/api/v1/premises/", CONTENT_LENGTH="many", HTTP_ACCEPT_LANGUAGE=lang
        ),
        "detail",
        "Ogiltig Content-Length.",
        "Invalid Content-Length.",
    ),
    "body too large": (
        lambda c, lang: post_booking(c, lang, description="x" * 3_000_000),
        "detail",
        "Begäran är större än 2621440 byte.",
        "The request body exceeds 2621440 bytes.",
    ),
    "bad limit": (
        lambda c, lang: c.booking.get(f"{BOOKINGS}?limit=all", HTTP_ACCEPT_LANGUAGE=lang),
        "limit",
        "Ett heltal 1–200.",
        "An integer 1–200.",
    ),
    "limit out of range": (
        lambda c, lang: c.booking.get(f"{BOOKINGS}?limit=500", HTTP_ACCEPT_LANGUAGE=lang),
        "limit",
        "Ett heltal 1–200.",
        "An integer 1–200.",
    ),
    "bad cursor": (
        lambda c, lang: c.booking.get(f"{BOOKINGS}?cursor=%25%25", HTTP_ACCEPT_LANGUAGE=lang),
        "cursor",
        "Ogiltig cursor.",
        "Invalid cursor.",
    ),
    "bad updated_since": (
        lambda c, lang: c.booking.get(f"{BOOKINGS}?updated_since=today", HTTP_ACCEPT_LANGUAGE=lang),
        "updated_since",
        "RFC 3339 med tidszon, t.ex. 2026-11-21T10:00:00Z.",
        "RFC 3339 with a time zone, e.g. 2026-11-21T10:00:00Z.",
    ),
    "unknown request": (
        lambda c, lang: c.booking.get(f"{BOOKINGS}999999/", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        "Finns inte.",
        "Not found.",
    ),
    "unknown API path": (
        lambda c, lang: c.booking.get("/api/nowhere", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        "Finns inte.",
        "Not found.",
    ),
    "wrong method": (
        lambda c, lang: c.booking.delete("/api/v1/premises/", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        None,
        None,
    ),
    "no credentials": (
        lambda c, lang: anonymous(lang, "/api/v1/premises/"),
        "detail",
        None,
        None,
    ),
    "malformed Authorization": (
        lambda c, lang: anonymous(lang, "/api/v1/premises/", "Bearer a b"),
        "detail",
        "Ogiltigt Authorization-huvud.",
        "Malformed Authorization header.",
    ),
    "unknown API key": (
        lambda c, lang: anonymous(lang, "/api/v1/premises/", "Bearer gk_nothing"),
        "detail",
        "Ogiltig eller spärrad API-nyckel.",
        "Invalid or revoked API key.",
    ),
    "unknown token": (
        lambda c, lang: anonymous(lang, "/api/v1/applications/", "Token gt_nothing"),
        "detail",
        "Ogiltig eller spärrad token.",
        "Invalid or revoked token.",
    ),
    "a booking system on the officers' API": (
        lambda c, lang: c.booking.get("/api/v1/applications/", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        "Endast inloggade tjänstepersoner.",
        "Officers only.",
    ),
    "an officer on the booking systems' API": (
        lambda c, lang: c.handler.get("/api/v1/premises/", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        "Endast bokningssystem (API-nyckel).",
        "Booking-system API keys only.",
    ),
    "a handler in the audit log": (
        lambda c, lang: c.handler.get("/api/v1/audit/events/", HTTP_ACCEPT_LANGUAGE=lang),
        "detail",
        "Endast revisorer och administratörer.",
        "Auditors and administrators only.",
    ),
    "export ends before it starts": (
        lambda c, lang: c.auditor.get(
            "/api/v1/audit/export?since=2026-02-01&until=2026-01-01", HTTP_ACCEPT_LANGUAGE=lang
        ),
        "until",
        "Slutdagen är före startdagen.",
        "The end day is before the start day.",
    ),
    "assign to an unknown user": (
        lambda c, lang: act(
            c, lang, "assign", {"handler": "nobody", "no_conflict_confirmed": True}
        ),
        "handler",
        "Okänd användare.",
        "Unknown user.",
    ),
    "assign without confirming": (
        lambda c, lang: act(c, lang, "assign", {"no_conflict_confirmed": False}),
        "no_conflict_confirmed",
        "Bekräfta att du inte är jävig i ärendet.",
        "Confirm that you have no conflict of interest in the case.",
    ),
    "decide a submitted case": (
        lambda c, lang: act(c, lang, "decide", {"outcome": "approved", "no_conflict_confirmed": 1}),
        "detail",
        None,
        None,
    ),
    "propose with nothing": (
        lambda c, lang: act(c, lang, "propose", {}),
        "outcome",
        None,
        None,
    ),
    "an unknown action": (
        lambda c, lang: act(c, lang, "approve-everything", {}),
        "detail",
        "Finns inte.",
        "Not found.",
    ),
}


def messages(response: Any) -> list[str]:
    body = response.json()
    found = [body.get("title", ""), body.get("detail", "")]
    for reasons in body.get("errors", {}).values():
        found += reasons
    return [m for m in found if m]


def message_at(response: Any, where: str) -> str:
    body = response.json()
    return body[where] if where == "detail" else " ".join(body["errors"][where])


@pytest.mark.parametrize("name", CASES)
def test_no_message_is_bilingual_in_either_language(ctx: Ctx, name: str) -> None:
    send = CASES[name][0]
    by_language = {lang: send(ctx, lang) for lang in LANGUAGES}
    for lang, response in by_language.items():
        assert response.status_code >= 300, (lang, response.content)
        found = messages(response)
        assert found, (lang, response.content)
        assert not [m for m in found if " / " in m], (lang, found)
    sv, en = (by_language[lang].json() for lang in LANGUAGES)
    if "title" in sv:
        assert sv["title"] != en["title"], sv["title"]
    assert messages(by_language["sv"]) != messages(by_language["en"])


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case[2] is not None])
def test_each_message_in_swedish_and_in_english(ctx: Ctx, name: str) -> None:
    send, where, swedish, english = CASES[name]
    for lang, expected in (("sv", swedish), ("en", english)):
        assert expected is not None
        got = message_at(send(ctx, lang), where)
        assert got.startswith(expected.format(lang=lang)), (lang, got)


def test_swedish_without_accept_language(ctx: Ctx) -> None:
    response = ctx.booking.post(
        BOOKINGS, booking_body(premises="lilla-salen"), format="json", HTTP_IDEMPOTENCY_KEY="d"
    )
    assert response.json()["title"] == "Ogiltiga uppgifter"
    assert response.json()["errors"]["premises"] == [
        "Okänd lokal 'lilla-salen' för detta bokningssystem."
    ]


def test_a_path_without_its_slash_is_explained_in_the_callers_language(ctx: Ctx) -> None:
    sv = ctx.booking.post("/api/v1/booking-requests", {}, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    en = ctx.booking.post("/api/v1/booking-requests", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert sv.json()["detail"] == "Använd /api/v1/booking-requests/ (med snedstreck)."
    assert en.json()["detail"] == "Use /api/v1/booking-requests/ (with the trailing slash)."


def test_no_signing_key_is_explained_in_the_callers_language(settings: Any) -> None:
    settings.AUDIT_SIGNING_KEY = settings.AUDIT_SIGNING_KEY_FILE = ""
    sv = anonymous("sv", "/api/v1/audit/public-key").json()
    en = anonymous("en", "/api/v1/audit/public-key").json()
    assert (sv["title"], sv["detail"]) == ("Internt fel", "Ingen signeringsnyckel är konfigurerad.")
    assert (en["title"], en["detail"]) == ("Internal server error", "No signing key is configured.")


@pytest.mark.parametrize(
    ("exc", "swedish", "english"),
    [
        (PermissionDenied(), "Åtkomst nekas.", "Permission denied."),
        (RequestDataTooBig(), "Begäran är för stor.", "The request is too large."),
        (SuspiciousOperation(), "Felaktig begäran.", "Malformed request."),
    ],
)
def test_django_errors_in_a_view_in_both_languages(exc, swedish, english) -> None:
    for lang, expected in (("sv", swedish), ("en", english)):
        with translation.override(lang):
            response = problem_exception_handler(exc, {})
        assert response is not None and response.data["detail"] == expected


def test_an_unexpected_error_in_both_languages() -> None:
    middleware = ApiProblemMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/api/v1/premises/")
    for lang, title, detail in (
        ("sv", "Internt fel", "Ett internt fel uppstod."),
        ("en", "Internal server error", "An internal error occurred."),
    ):
        with translation.override(lang):
            response = middleware.process_exception(request, RuntimeError("bug"))
        assert response is not None
        body = json.loads(response.content)
        assert (body["title"], body["detail"]) == (title, detail)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sv", r"För många anrop; försök igen om \d+ sekund(?:er)?\."),
        ("en", r"Too many requests; try again in \d+ seconds?\."),
    ],
)
def test_throttled_in_one_language(ctx: Ctx, settings: Any, lang: str, text: str) -> None:
    """DRF's own text is half English in Swedish ("… Expected available in 12 seconds.")."""
    from django.core.cache import cache

    cache.clear()
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "client": "1/minute"}
    assert ctx.booking.get("/api/v1/premises/", HTTP_ACCEPT_LANGUAGE=lang).status_code == 200
    response = ctx.booking.get("/api/v1/premises/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 429
    assert re.fullmatch(text, response.json()["detail"]), response.json()


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        ("en", "sv", "sv"),
        ("sv", "en", "en"),
        ("en", "sv-SE,sv;q=0.9,en;q=0.5", "sv"),
        ("en", None, "en"),  # no header: the cookie still applies
        ("sv", None, "sv"),
        ("en", "de", "en"),  # a header naming no language of the site: as without it
    ],
)
def test_accept_language_comes_before_the_language_cookie(
    ctx: Ctx, settings: Any, cookie: str, header: str | None, expected: str
) -> None:
    """An API client that carries a web session's cookies (the language cookie among them) is
    answered in the language its Accept-Language asks for."""
    ctx.booking.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    answer = ctx.booking.get(f"{BOOKINGS}?limit=all", **extra)
    texts = {"sv": "Ett heltal 1–200.", "en": "An integer 1–200."}
    assert answer.status_code == 422
    assert answer.json()["errors"]["limit"] == [texts[expected]]
    assert answer["Content-Language"] == expected


def test_the_pages_keep_the_cookies_language_whatever_the_header_says(
    world: World, settings: Any
) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(world.handler)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = browser.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert page["Content-Language"] == "en" and 'lang="en"' in page.content.decode()
