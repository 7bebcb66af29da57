"""The work queue: groups with counters, filters, sorting, paging, constant query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.world import drive
from vetting.models import Application, Kind, State

pytestmark = pytest.mark.django_db


def counts(page: str) -> dict[str, int]:
    return {g: int(n) for g, n in re.findall(r'data-group="(\w+)">\((\d+)\)', page)}


def test_groups_and_counters(world, login):
    mine = world.submit(subject="Mitt ärende")
    drive(world, mine, State.IN_REVIEW)
    unassigned = world.submit(subject="Ingen har tagit")
    waiting = world.submit(subject="Väntar på komplettering")
    drive(world, waiting, State.SUPPLEMENT_REQUESTED)
    old = world.submit(subject="Gammalt ärende")
    Application.objects.filter(pk=old.pk).update(
        received_on=timezone.localdate() - timedelta(days=60)
    )
    other = world.submit(subject="Annan handläggares")
    client = login(world.handler)
    page = client.get("/").content.decode()
    assert counts(page) == {"mine": 2, "unassigned": 3, "waiting": 1, "overdue": 1, "all": 5}
    assert mine.reference in page and unassigned.reference not in page

    def listed(group: str) -> set[str]:
        body = client.get(f"/?group={group}").content.decode()
        return {a.reference for a in (mine, unassigned, waiting, old, other) if a.reference in body}

    assert listed("unassigned") == {unassigned.reference, old.reference, other.reference}
    assert listed("waiting") == {waiting.reference}
    assert listed("overdue") == {old.reference}


def test_communicated_and_overdue_response_are_waiting_and_overdue(world, login):
    app = world.submit()
    drive(world, app, State.COMMUNICATED)
    Application.objects.filter(pk=app.pk).update(
        response_due=timezone.localdate() - timedelta(days=1)
    )
    page = login(world.handler).get("/?group=overdue").content.decode()
    assert app.reference in page and "försenat" in page
    assert counts(page)["waiting"] == 1


def test_filters_and_sorting(world, login):
    grant = world.submit(Kind.FORENINGSBIDRAG, subject="Bidragsärende")
    rental = world.submit(Kind.LOKALUTHYRNING, subject="Hyresärende")
    spex = world.submit(Kind.FORENINGSBIDRAG, subject="Spexärende", association=world.spex)
    client = login(world.handler)

    def refs(query: str) -> list[str]:
        body = client.get(f"/?group=all&{query}").content.decode()
        return re.findall(r'href="/arenden/([\w-]+)/"', body)

    assert refs("kind=lokaluthyrning") == [rental.reference]
    assert refs(f"premises={world.hall.pk}") == [rental.reference]
    assert refs(f"association={world.spex.pk}") == [spex.reference]
    assert refs(f"administration={world.kultur.pk}&state=submitted") == [
        spex.reference,
        rental.reference,
        grant.reference,
    ]
    assert refs("sort=received_asc") == [grant.reference, rental.reference, spex.reference]
    drive(world, rental, State.IN_REVIEW)
    drive(world, spex, State.SUPPLEMENT_REQUESTED)
    assert refs("sort=deadline")[0] == spex.reference


def test_htmx_request_gets_only_the_results(world, login):
    world.submit()
    response = login(world.handler).get("/?group=all", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_htmx_filter_answer_refreshes_the_group_tabs_out_of_band(world, login):
    world.submit()
    client = login(world.handler)
    body = client.get(
        f"/?group=all&kind={Kind.LOKALUTHYRNING}", HTTP_HX_REQUEST="true"
    ).content.decode()
    tabs = body[body.index('<nav id="queue-tabs"') :]
    assert 'hx-swap-oob="true"' in tabs.split(">", 1)[0]
    assert f"?group=mine&amp;kind={Kind.LOKALUTHYRNING}" in tabs
    assert counts(body)["all"] == 1
    page = client.get("/").content.decode()
    assert '<nav id="queue-tabs"' in page and "hx-swap-oob" not in page


def test_paginated(world, login):
    for i in range(27):
        world.submit(subject=f"Ärende {i}")
    client = login(world.handler)
    first = client.get("/?group=all").content.decode()
    assert "Sida 1 av 2" in first and first.count('href="/arenden/') == 25
    second = client.get("/?group=all&page=2").content.decode()
    assert second.count('href="/arenden/') == 2


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("group", ["mine", "all", "waiting", "overdue"])
def test_query_count_is_constant_in_rows(world, login, group):
    client = login(world.handler)

    def add(n: int) -> None:
        for _ in range(n):
            app = world.submit(Kind.LOKALUTHYRNING)
            drive(world, app, State.SUPPLEMENT_REQUESTED)
            Application.objects.filter(pk=app.pk).update(
                supplement_due=timezone.localdate() - timedelta(days=1)
            )

    add(2)
    few = _queries(client, f"/?group={group}")
    add(18)
    many = _queries(client, f"/?group={group}")
    assert few == many


def test_an_invalid_filter_is_explained_and_lists_nothing(world, login):
    app = world.submit(Kind.FORENINGSBIDRAG)
    client = login(world.handler)
    path = f"/?group=all&kind={Kind.FORENINGSBIDRAG}&administration=abc"
    page = client.get(path).content.decode()
    assert app.reference not in page and "0 ärenden" in page
    assert 'id="filter-errors"' in page
    assert "Förvaltning: Välj ett giltigt alternativ." in page
    assert '<ul class="errorlist"' in page  # also at the field itself
    body = client.get(path, HTTP_HX_REQUEST="true").content.decode()
    assert app.reference not in body and "Förvaltning: Välj ett giltigt alternativ." in body
    assert app.reference in client.get(f"/?group=all&kind={Kind.FORENINGSBIDRAG}").content.decode()
