"""audit.keyset.keyset_rows: every row once, in key order, page by page, stopping at an empty
page or at the upper bound (the loop behind verification, text reconciliation and export)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from audit.keyset import keyset_rows

pytestmark = pytest.mark.django_db
# Pages of three rows.
SQL = "SELECT id, label FROM keyset_probe WHERE id > %s ORDER BY id LIMIT 3"
BOUNDED = "SELECT id, label FROM keyset_probe WHERE id > %s AND id <= %s ORDER BY id LIMIT 3"
LABELLED = "SELECT id, label FROM keyset_probe WHERE label <> %s AND id > %s ORDER BY id LIMIT 3"


class CountingCursor:
    """A cursor that keeps the parameters of every query it runs."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.calls: list[list[Any]] = []

    def execute(self, sql: str, params: list[Any]) -> None:
        self.calls.append(params)
        self.cursor.execute(sql, params)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.cursor.fetchall()


@pytest.fixture
def probe() -> Iterator[CountingCursor]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE keyset_probe (id integer PRIMARY KEY, label text)")
        yield CountingCursor(cursor)
        cursor.execute("DROP TABLE keyset_probe")


def fill(probe: CountingCursor, ids: list[int]) -> None:
    for pk in ids:
        probe.cursor.execute("INSERT INTO keyset_probe VALUES (%s, %s)", [pk, f"r{pk}"])


def test_empty_table_one_query_no_rows(probe: CountingCursor) -> None:
    assert list(keyset_rows(probe, SQL, after=0)) == []
    assert probe.calls == [[0]]


def test_exactly_one_page_then_an_empty_one(probe: CountingCursor) -> None:
    fill(probe, [1, 2, 3])
    assert [r[0] for r in keyset_rows(probe, SQL, after=0)] == [1, 2, 3]
    assert probe.calls == [[0], [3]]


def test_page_boundary_moves_the_key_to_the_last_row(probe: CountingCursor) -> None:
    fill(probe, [10, 20, 30, 40, 50, 60, 70])
    assert [r[0] for r in keyset_rows(probe, SQL, after=0)] == [10, 20, 30, 40, 50, 60, 70]
    assert probe.calls == [[0], [30], [60], [70]]


def test_rows_in_key_order_whatever_the_insertion_order(probe: CountingCursor) -> None:
    fill(probe, [8, 2, 5, 1, 9, 4, 7])
    rows = list(keyset_rows(probe, SQL, after=0))
    assert rows == [(pk, f"r{pk}") for pk in [1, 2, 4, 5, 7, 8, 9]]


def test_starts_after_the_given_key(probe: CountingCursor) -> None:
    fill(probe, [1, 2, 3, 4, 5])
    assert [r[0] for r in keyset_rows(probe, SQL, after=2)] == [3, 4, 5]


def test_upper_bound_stops_without_an_extra_query(probe: CountingCursor) -> None:
    fill(probe, [1, 2, 3, 4, 5, 6, 7])
    assert [r[0] for r in keyset_rows(probe, BOUNDED, after=0, until=6)] == [1, 2, 3, 4, 5, 6]
    assert probe.calls == [[0, 6], [3, 6]]


def test_upper_bound_at_or_below_the_start_runs_no_query(probe: CountingCursor) -> None:
    fill(probe, [1, 2])
    assert list(keyset_rows(probe, BOUNDED, after=2, until=2)) == []
    assert probe.calls == []


def test_leading_params_come_before_the_key(probe: CountingCursor) -> None:
    fill(probe, [1, 2, 3, 4, 5])
    rows = list(keyset_rows(probe, LABELLED, after=0, params=["r2"]))
    assert [r[0] for r in rows] == [1, 3, 4, 5]
    assert probe.calls == [["r2", 0], ["r2", 4], ["r2", 5]]
