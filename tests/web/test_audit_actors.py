"""The auditors' pages name a booking system by its name (not "1 (booking_client)"), with a
constant number of queries, and show a refused attempt as refused, not as a transition."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.context import SYSTEM
from bookings.services import client_create
from tests.api.conftest import client_for, post_booking
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import PermissionRefused
from vetting.models import Application, State

pytestmark = pytest.mark.django_db


def booked(world: World, name: str = "Bokningssystemet", n: int = 1) -> list[Application]:
    api = client_for(client_create(actor=SYSTEM, name=name, premises=[world.hall]))
    ids = [
        post_booking(api, key=f"{name}-{i}", external_ref=f"{name}-{i}").json()["id"]
        for i in range(n)
    ]
    return list(
        Application.objects.filter(booking_request__pk__in=ids)
    )  # request ids, not case ids


def test_the_log_and_the_case_events_name_the_booking_system(world: World, login) -> None:
    app = booked(world)[0]
    auditor = login(world.auditor)
    for url in ("/revision/", f"/revision/arenden/{app.reference}/"):
        page = auditor.get(url).content.decode()
        assert "Bokningssystemet" in page and "Bokningssystem" in page
        assert "booking_client" not in page


def test_the_case_page_timeline_names_the_booking_system(world: World, login) -> None:
    app = booked(world)[0]
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert "Bokningssystemet" in page and "booking_client" not in page


def test_the_log_runs_the_same_queries_for_one_client_or_many(world: World, login) -> None:
    auditor = login(world.auditor)
    booked(world, "System A")
    drive(world, world.submit(), State.IN_REVIEW)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert auditor.get("/revision/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    booked(world, "System B", n=2)
    booked(world, "System C")
    drive(world, world.submit(), State.APPROVED)
    assert count() == few


@pytest.fixture
def refused(world: World) -> Application:
    app = drive(world, world.submit(amount=Decimal("50000")), State.PROPOSED)
    with pytest.raises(PermissionRefused):
        svc.application_decide(
            application=app, actor=world.decider_small, outcome="approved",
            amount=Decimal("50000"), no_conflict_confirmed=True,
        )  # fmt: skip
    return app


def test_a_refused_attempt_is_shown_refused_without_a_transition(
    world: World, login, refused: Application
) -> None:
    page = login(world.auditor).get("/revision/").content.decode()
    assert "Nekad</strong>: Besluta" in page
    assert "Förslag till beslut → Förslag till beslut" not in page
    assert "Status oförändrad: Förslag till beslut" in page


def test_the_csv_gives_a_refused_attempt_no_new_state(
    world: World, login, refused: Application
) -> None:
    body = login(world.auditor).get("/revision/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    row = next(r for r in rows if r["händelse"] == "Åtgärd nekad")
    assert row["från status"] == "Förslag till beslut" and row["till status"] == ""


def test_the_csv_says_what_a_refused_attempt_tried_in_its_last_column(
    world: World, login, refused: Application
) -> None:
    client = login(world.auditor)
    body = client.get("/revision/export.csv").content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    # Each added last, so the columns before keep their places.
    assert header[-5:] == ["hash", "nekad åtgärd", "belopp", "återkrävt belopp", "beslut nr"]
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    row = next(r for r in cells if r["händelse"] == "Åtgärd nekad")
    assert row["nekad åtgärd"] == "Besluta"
    assert {r["nekad åtgärd"] for r in cells if r["händelse"] != "Åtgärd nekad"} == {""}
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/revision/export.csv").content.decode("utf-8-sig")
    english = list(csv.DictReader(io.StringIO(body)))
    assert [r["refused action"] for r in english if r["refused action"]] == ["Decide"]


def test_the_csv_runs_the_same_queries_for_one_refused_attempt_or_many(
    world: World, login, refused: Application
) -> None:
    auditor = login(world.auditor)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert auditor.get("/revision/export.csv").status_code == 200
        return len(ctx.captured_queries)

    count()  # the first export also records the auditor's pseudonym
    few = count()
    for _ in range(3):
        app = drive(world, world.submit(amount=Decimal("50000")), State.PROPOSED)
        with pytest.raises(PermissionRefused):
            svc.application_decide(
                application=app, actor=world.decider_small, outcome="approved",
                amount=Decimal("50000"), no_conflict_confirmed=True,
            )  # fmt: skip
    assert count() == few


def test_the_timeline_names_the_refused_action(world: World, login, refused: Application) -> None:
    page = login(world.auditor).get(f"/revision/arenden/{refused.reference}/").content.decode()
    assert "application.refused</code>: Besluta" in page


def test_the_log_in_english_says_refused_and_booking_system(world: World, login) -> None:
    booked(world)
    auditor = login(world.auditor)
    auditor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = auditor.get("/revision/").content.decode()
    assert "Booking system" in page
