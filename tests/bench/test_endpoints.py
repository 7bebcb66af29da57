"""The baselines of bench/intake.py (bench/endpoints.py, mounted only with
GRANSKA_BENCH_ENDPOINTS): both insert one row for an authenticated booking client
and refuse anyone else, so the benchmark compares the intake with endpoints that do real work."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIRequestFactory, force_authenticate

from audit.context import SYSTEM
from bench.endpoints import CREATE_TABLE_SQL, BenchInsertView, BenchModelCreateView, BenchRow
from bookings.services import Credentials, client_create
from tests.world import World

pytestmark = pytest.mark.django_db
VIEWS = [BenchInsertView, BenchModelCreateView]


@pytest.fixture
def creds(world: World) -> Credentials:
    return client_create(actor=SYSTEM, name="Bokningssystemet", premises=[world.hall])


@pytest.fixture
def bench_table() -> None:
    """The benchmark's own table, in the test's transaction (rolled back with it)."""
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE_SQL[connection.vendor])


@pytest.mark.parametrize("view", VIEWS)
def test_a_booking_client_inserts_one_row(view, bench_table, creds: Credentials) -> None:
    factory = APIRequestFactory()
    # Authenticated through the real Bearer key path.
    raw = factory.post(
        "/bench/",
        {"external_ref": "x-1"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {creds.api_key}",
    )
    response = view.as_view()(raw)
    assert response.status_code == 201, response.data
    assert list(BenchRow.objects.values_list("payload", flat=True)) == ["x-1"]
    assert response.data["id"] == BenchRow.objects.get().pk


@pytest.mark.parametrize("view", VIEWS)
def test_anyone_else_is_refused(view, bench_table, world) -> None:
    factory = APIRequestFactory()
    anonymous = view.as_view()(factory.post("/bench/", {"external_ref": "x"}, format="json"))
    officer = factory.post("/bench/", {"external_ref": "x"}, format="json")
    force_authenticate(officer, user=world.handler)
    assert anonymous.status_code == 401
    assert view.as_view()(officer).status_code == 403
    assert not BenchRow.objects.exists()


def test_the_bench_model_never_reaches_the_migrations() -> None:
    """BenchRow is imported (above), as when the endpoints are mounted; its app label is no
    installed app, so makemigrations finds nothing to write."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
