"""What a booking system does with its request (programme, supplement, response, withdrawal):
each operation documents the request's id, answers with the request, and names its own refusals
(``api.views.booking_actions.request_action``)."""

from __future__ import annotations

import pytest

from tests.api.openapi import live_schema

pytestmark = pytest.mark.django_db

ACTIONS = {
    "program": ("Skicka programmet", "Förfrågan med programmet", "Inget program är begärt"),
    "supplement": (
        "Skicka kompletteringen",
        "Förfrågan med kompletteringen",
        "Ingen komplettering är begärd",
    ),
    "response": (
        "Skicka sökandens yttrande",
        "Förfrågan med yttrandet",
        "Inget yttrande är begärt",
    ),
    "withdraw": ("Återkalla förfrågan", "Den återkallade förfrågan", "Redan avgjord"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_on_a_request_documents_its_answer_and_refusals(action):
    summary, answer, not_asked = ACTIONS[action]
    op = live_schema()["paths"][f"/api/v1/booking-requests/{{id}}/{action}/"]["post"]
    assert op["summary"].startswith(summary) and op["tags"] == ["Bokningssystem / Booking systems"]
    assert op["security"] == [{"bookingClientKey": []}]
    [path_id] = [p for p in op["parameters"] if p["in"] == "path"]
    assert path_id["name"] == "id" and path_id["description"].startswith("Förfrågans id")
    ok = op["responses"]["200"]
    assert ok["description"].startswith(answer)
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/BookingRequest")
    assert {"400", "401", "403", "404", "409", "422", "429"} <= set(op["responses"])
    assert op["responses"]["409"]["description"].startswith(not_asked)


def test_the_programme_names_its_file_refusals():
    op = live_schema()["paths"]["/api/v1/booking-requests/{id}/program/"]["post"]
    examples = op["responses"]["422"]["content"]["application/problem+json"]["examples"]
    assert {e["summary"] for e in examples.values()} == {
        "422 program_too_large",
        "422 program_wrong_kind",
    }
    assert op["responses"]["400"]["description"].startswith("För många filer eller fält")
