"""Filtered reads of the trail (audit.selectors): administrations recorded comma-separated,
merged in seq order across their distinct values; periods as exact ranges of sequence numbers,
because an event's time never goes before the time of the event ahead of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from audit import selectors
from audit.context import Actor
from audit.models import DECISION_ACTIONS, AuditEvent
from audit.services import record_event
from tests.world import World

pytestmark = pytest.mark.django_db


def officer(administration: str) -> Actor:
    return Actor(kind="person", ref=f"p-{administration}", role="beslutsfattare",
                 administration=administration)  # fmt: skip


def log(*rows: tuple[str, str]) -> list[int]:
    """One event per (administration, action), in this order; their seqs."""
    seqs = []
    for administration, action in rows:
        with transaction.atomic():
            seqs.append(record_event(actor=officer(administration), action=action).seq)
    return seqs


DECIDE, ASSESS = DECISION_ACTIONS[0], "application.assess"


def seqs_of(events: Any) -> list[int]:
    return [e.seq for e in events]


def test_administration_matches_whole_codes_in_every_combination() -> None:
    seqs = log(
        ("kultur", DECIDE), ("kultur,social", DECIDE), ("social", ASSESS),
        ("socialt-stod", DECIDE), ("idrott,social,skola", DECIDE), ("", DECIDE),
    )  # fmt: skip
    events = selectors.events(administration="social")
    assert seqs_of(events[:10]) == [seqs[1], seqs[2], seqs[4]]
    decisions = selectors.decision_log(administration="social")
    assert seqs_of(decisions[:10]) == [seqs[1], seqs[4]]


def test_unknown_administration_or_one_that_never_decided_gives_nothing() -> None:
    log(("kultur", DECIDE), ("utbildning", ASSESS))
    assert list(selectors.events(administration="miljo")[:10]) == []
    assert list(selectors.decision_log(administration="utbildning")[:10]) == []
    assert seqs_of(selectors.events(administration="utbildning")[:10]) != []


def test_recorded_administrations_are_the_distinct_values() -> None:
    log(("b", DECIDE), ("a", ASSESS), ("b", ASSESS), ("a,b", DECIDE), ("", ASSESS))
    assert selectors.recorded_administrations() == ["", "a", "a,b", "b"]
    assert selectors.recorded_administrations(decisions=True) == ["a,b", "b"]


def test_merge_of_several_values_pages_in_seq_order_both_ways(world: World) -> None:
    rows = [("kultur,social" if i % 3 else "social", DECIDE) for i in range(25)]
    rows += [("kultur", DECIDE)] * 5
    expected = log(*rows)[:25]
    api = APIClient()
    api.force_authenticate(world.auditor)
    seen, url = [], "/api/v1/audit/decisions/?administration=social&page_size=4"
    pages = []
    while url:
        body = api.get(url).json()
        pages.append(body)
        seen += [r["seq"] for r in body["results"]]
        url = body["next"]
    assert seen == expected
    back = api.get(pages[-1]["previous"]).json()["results"]
    assert [r["seq"] for r in back] == [r["seq"] for r in pages[-2]["results"]]


def test_merge_reads_each_value_once_per_page(
    world: World, django_assert_max_num_queries: Any
) -> None:
    log(*[("kultur,social" if i % 2 else "social", DECIDE) for i in range(40)])
    api = APIClient()
    api.force_authenticate(world.auditor)
    # session/user, skip scan, one query per value, names: constant in the number of events
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/audit/decisions/?administration=social&page_size=10").json()
    assert len(body["results"]) == 10


def test_seq_merge_supports_only_seq_order_and_ended_slices() -> None:
    merge = selectors.SeqMerge([AuditEvent.objects.all(), AuditEvent.objects.none()])
    with pytest.raises(ValueError, match="seq order"):
        merge.order_by("occurred_at")
    with pytest.raises(TypeError):
        merge[3:]
    assert seqs_of(merge.order_by("-seq")[:1000]) == seqs_of(AuditEvent.objects.order_by("-seq"))


def test_an_event_time_never_goes_before_the_event_ahead(monkeypatch: Any) -> None:
    (first,) = log(("kultur", ASSESS))
    earlier = AuditEvent.objects.get(seq=first).occurred_at - timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: earlier)  # the clock steps back
    (second,) = log(("kultur", ASSESS))
    a, b = AuditEvent.objects.get(seq=first), AuditEvent.objects.get(seq=second)
    assert b.occurred_at == a.occurred_at
    assert '"time":"' + a.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") in (
        b.canonical
    )


def test_a_period_is_the_range_of_sequence_numbers_of_its_days(monkeypatch: Any) -> None:
    days = [datetime(2026, 3, d, 23, 30, tzinfo=UTC) for d in (1, 2, 3)]  # 00:30 local next day
    seqs = []
    for moment in days:
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        seqs += log(("kultur", DECIDE), ("kultur", ASSESS))
    got = selectors.events(since=date(2026, 3, 3), until=date(2026, 3, 3))
    assert seqs_of(got.order_by("seq")) == seqs[2:4]  # 2 March 23:30 UTC is 3 March in Sweden
    got = selectors.decision_log(since=date(2026, 3, 3), administration="kultur")
    assert seqs_of(got.order_by("seq")[:10]) == [seqs[2], seqs[4]]
