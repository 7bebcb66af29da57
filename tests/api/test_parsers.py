"""A body that is not JSON: 400 saying where, in the caller's language (it read "Ogiltig JSON:
Expecting value: line 1 column 6 (char 5)", the json module's English inside Swedish)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


@pytest.mark.parametrize(
    ("body", "language", "detail"),
    [
        ('{"a":x}', "sv", "Ogiltig JSON: fel på rad 1, kolumn 6."),
        ('{"a":x}', "en", "JSON parse error: at line 1, column 6."),
        ('{\n  "a": x\n}', "sv", "Ogiltig JSON: fel på rad 2, kolumn 8."),
        ('{"a": NaN}', "sv", "Ogiltig JSON: NaN och Infinity är inte tillåtna."),
        ('{"a": NaN}', "en", "JSON parse error: NaN and Infinity are not allowed."),
        (b'{"a": "\xff"}', "sv", "Ogiltig JSON: kroppen går inte att läsa som UTF-8."),
        (b'{"a": "\xff"}', "en", "JSON parse error: the body cannot be read as UTF-8."),
    ],
)
def test_malformed_json_says_where_in_the_callers_language(bc, body, language, detail):
    response = bc.post(
        URL,
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400 and response.json()["code"] == "malformed_request"
    assert response.json()["detail"] == detail
