"""The shortest deadline is the municipality's setting, not the law's: FL 25 § (and 20 §) only
say the applicant gets a set time. The refusal of a too-short deadline said "Svarstiden ska vara
skälig (25 § förvaltningslagen): minst 7 dagar", as if the law set the days; it now names the
setting (``GRANSKA_MIN_RESPONSE_DAYS``, ``GRANSKA_MIN_REQUEST_DAYS``, as in operations.md), on
the page, in English and in the API's 422 and schema (legal review, statement 11)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.api.test_reasons import _problem, _schema, act
from tests.vetting.test_hearing_exceptions import _proposed
from tests.web.test_form_errors import _field_errors, _url
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_the_page_says_the_minimum_is_the_municipalitys_setting(world: World, login: Any) -> None:
    app = _proposed(world)
    client = login(world.handler)
    due = _field_errors(client.post(_url(app, "communicate"), {"due": _in(1)}), {"due"})["due"]
    assert "Kommunens inställning" in due and "(GRANSKA_MIN_RESPONSE_DAYS)" in due
    assert "minst 7 dagar" in due and "inom en bestämd tid (25 § förvaltningslagen)" in due
    assert "ska vara skälig" not in due
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = _field_errors(client.post(_url(app, "communicate"), {"due": _in(1)}), {"due"})
    assert "The municipality's setting" in english["due"]
    assert "(GRANSKA_MIN_RESPONSE_DAYS) requires at least 7 days" in english["due"]


def test_a_supplement_and_a_programme_name_the_request_setting(world: World, login: Any) -> None:
    app = drive(world, world.submit("lokaluthyrning"), State.IN_REVIEW)
    client = login(world.handler)
    post = {"what": "Årsmötesprotokoll", "due": _in(1)}
    due = _field_errors(client.post(_url(app, "request_supplement"), post), {"due"})["due"]
    assert "(GRANSKA_MIN_REQUEST_DAYS) kräver minst 5 dagar" in due
    assert "anger inte hur lång tiden" in due and "ska vara skälig" not in due
    post = {"reason": "Talarna ska namnges.", "due": _in(1)}
    due = _field_errors(client.post(_url(app, "start_program_review"), post), {"due"})["due"]
    assert "Kommunens inställning" in due and "(GRANSKA_MIN_REQUEST_DAYS)" in due


def test_the_api_refusal_and_schema_name_the_setting(world: World) -> None:
    app = _proposed(world)
    message = _problem(act(world.handler, app, "communicate", {"due": _in(1)}), "due")
    assert "(GRANSKA_MIN_RESPONSE_DAYS) kräver minst 7 dagar" in message
    schemas = _schema()["components"]["schemas"]
    field = schemas["CommunicateInputRequest"]["properties"]["short_deadline_reason"]
    text = field["description"]
    assert "Antalet dagar är kommunens inställning" in text
    assert "The number of days is the municipality's setting" in text
    assert "skälig tid" not in text and "a reasonable time" not in text
