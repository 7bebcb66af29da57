"""Benchmark: render the officers' work queue with 10 000 cases.

Run:  .venv/bin/python bench/work_queue.py            (SQLite, a throw-away test database)
      DATABASE_URL=postgres://... .venv/bin/python bench/work_queue.py   (the same on PostgreSQL)

What it does, in one run:
1. creates a throw-away test database (Django's test database machinery, migrations applied)
   and the small named world of the tests (administrations, users, associations, premises);
2. measures the baseline: rendering the queue pages with no cases;
3. inserts 10 000 cases with ``bulk_create`` in batches of 1 000. This bypasses the services
   (no reference sequence, no audit events) on purpose: the benchmark measures reading, and
   creating 10 000 cases through the services would take minutes. States, kinds, deadlines and
   received dates are spread so that every queue group has rows;
4. measures each queue page (group, filter, sort) through the Django test client, best of
   ``--repeat`` runs, and reports the time, the ratio to the empty baseline and PASS/FAIL
   against the 1 s budget.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named queue.py: keep its folder off the path so the standard library's ``queue``
# (imported by Django) is not shadowed, and put the project root on it instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_SECONDS = 1.0
# "who:page" (the handler when no one is named): the handler's groups, then the decision
# maker's and the security coordinator's own.
PAGES = [
    "/?group=mine",
    "/?group=all",
    "/?group=unassigned",
    "/?group=waiting&sort=deadline",
    "/?group=overdue",
    "/?group=all&kind=lokaluthyrning&sort=received_asc",
    "/?group=all&page=200",
    "decider:/?group=to_decide&sort=deadline",
    "security:/?group=escalated",
]


def _cases(world, count: int) -> list:
    from vetting.models import Application, Kind, Rulebook, State

    rulebook = Rulebook.objects.order_by("-version").first()
    today = timezone.localdate()
    states = [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.SUPPLEMENT_REQUESTED,
        State.PROPOSED,
        State.COMMUNICATED,
        State.ESCALATED,
        State.APPROVED,
        State.REJECTED,
    ]
    kinds = list(Kind.values)
    associations = [world.scouts, world.spex]
    rows = []
    for i in range(count):
        state = states[i % len(states)]
        kind = kinds[i % len(kinds)]
        rows.append(
            Application(
                kind=kind,
                reference=f"BENCH-{i:06d}",
                association=associations[i % 2],
                administration=world.kultur,
                rulebook=rulebook,
                received_on=today - timedelta(days=i % 90),
                subject=f"Benchmarkärende {i}",
                state=state,
                handler=None if state == State.SUBMITTED else world.handler,
                amount_applied=Decimal(1000 + i) if kind != Kind.LOKALUTHYRNING else None,
                premises=world.hall if kind == Kind.LOKALUTHYRNING else None,
                supplement_due=today + timedelta(days=(i % 30) - 10)
                if state == State.SUPPLEMENT_REQUESTED
                else None,
                response_due=today + timedelta(days=(i % 20) - 5)
                if state == State.COMMUNICATED
                else None,
            )
        )
    return rows


def _measure(clients: dict[str, Client], page: str, repeat: int) -> float:
    who, _, path = page.rpartition(":")
    client = clients[who or "handler"]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _run(args.cases, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run(count: int, repeat: int) -> int:
    from tests.world import build_world
    from vetting.models import Application

    world = build_world()
    clients = {}
    for who in ("handler", "decider", "security"):
        clients[who] = Client()
        clients[who].force_login(getattr(world, who))
        clients[who].get("/")  # warm up templates and caches
    baseline = {path: _measure(clients, path, repeat) for path in PAGES}

    start = time.perf_counter()
    Application.objects.bulk_create(_cases(world, count), batch_size=1000)
    created = time.perf_counter() - start
    print(f"Created {count} cases with bulk_create in {created:.2f} s ({connection.vendor}).")
    print(f"{'page':<55}{'empty':>10}{'with cases':>12}{'ratio':>8}  result")
    failed = False
    for path in PAGES:
        elapsed = _measure(clients, path, repeat)
        ok = elapsed < BUDGET_SECONDS
        failed |= not ok
        ratio = elapsed / baseline[path] if baseline[path] else float("inf")
        print(
            f"{path:<55}{baseline[path] * 1000:>8.1f}ms{elapsed * 1000:>10.1f}ms"
            f"{ratio:>8.2f}  {'PASS' if ok else 'FAIL'} (< {BUDGET_SECONDS:.0f} s)"
        )
    print("RESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
