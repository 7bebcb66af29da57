"""A booking request whose association name is not the registered name of its organisation
number: still 201 (integrators are not broken), the name kept as sent, and the officer API
shows it with a warning; the association's earlier passes wait for the handler to confirm the
party (actions/confirm_party, ADR 0020)."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for, post_booking
from tests.world import World, assess_all, drive
from vetting.models import Application, State

pytestmark = pytest.mark.django_db

OTHER = {"org_number": "802000-0017", "name": "Helt Annat Namn"}


def booked(bc, world: World, association: dict[str, str]) -> Application:
    assess_all(world, drive(world, world.submit(), State.IN_REVIEW))  # passes to reuse
    response = post_booking(bc, association=association)
    assert response.status_code == 201, response.json()
    app = Application.objects.get(reference=response.json()["reference"])
    return drive(world, app, State.IN_REVIEW)


def test_another_name_is_201_kept_and_shown_with_a_warning(bc, world: World) -> None:
    app = booked(bc, world, OTHER)
    assert app.association_id == world.scouts.pk and app.applicant_name == "Helt Annat Namn"
    api = officer_for(world.handler)
    body = api.get(f"/api/v1/applications/{app.pk}/").json()
    assert body["association"]["name"] == "Scoutkåren Exempel"
    assert body["applicant_name"] == "Helt Annat Namn"
    assert body["names_differ"] is True and body["party_unconfirmed"] is True
    assert "Helt Annat Namn" in body["party_warning"] and "802000-0017" in body["party_warning"]
    assert "confirm_party" in body["allowed_actions"]
    held = {row["criterion"] for row in body["checklist"] if row["reuse_held"]}
    # A rental: DEMOCRATIC_STRUCTURE does not apply.
    assert held == {"OPEN_MEMBERSHIP", "NON_DISCRIMINATION", "DEMOCRATIC_PRINCIPLES"}
    assert not any(row["reused"] for row in body["checklist"])
    listed = api.get("/api/v1/applications/").json()["results"]
    assert {row["applicant_name"] for row in listed} >= {"Helt Annat Namn"}


def test_the_warning_speaks_the_request_s_language(bc, world: World) -> None:
    app = booked(bc, world, OTHER)
    api = officer_for(world.handler)
    body = api.get(f"/api/v1/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "is not the association's registered name" in body["party_warning"]


def test_confirm_party_through_the_api(bc, world: World) -> None:
    app = booked(bc, world, OTHER)
    api = officer_for(world.handler)
    url = f"/api/v1/applications/{app.pk}/actions/confirm_party/"
    refused = api.post(url, {"party_checked": False}, format="json")
    assert refused.status_code == 422 and "party_checked" in refused.json()["errors"]
    body = api.post(url, {"party_checked": True, "note": "Namnbyte 2026."}, format="json").json()
    assert body["party_unconfirmed"] is False and body["party_confirmed_at"]
    assert "bekräftat" in body["party_warning"]
    reused = {row["criterion"] for row in body["checklist"] if row["reused"]}
    assert reused == {"OPEN_MEMBERSHIP", "NON_DISCRIMINATION", "DEMOCRATIC_PRINCIPLES"}
    again = api.post(url, {"party_checked": True}, format="json")
    assert again.status_code == 409


def test_the_same_name_in_another_form_gives_no_warning(bc, world: World) -> None:
    app = booked(bc, world, {"org_number": "802000-0017", "name": "SCOUTKÅREN EXEMPEL."})
    body = officer_for(world.handler).get(f"/api/v1/applications/{app.pk}/").json()
    assert body["names_differ"] is False and body["party_warning"] == ""
    assert any(row["reused"] for row in body["checklist"])
