"""CI (.ci/run, ADR 0028) runs the whole suite on PostgreSQL as configured; the tests of our own SQL
(tests/own_sql_tests.txt) run again with client-side binding (DB_SERVER_SIDE_BINDING=0, ADR 0005)
and on SQLite, where the code that asks which database it is on takes its other branch. These
tests keep that list honest: a new module with raw SQL or a vendor branch, or a new
PostgreSQL-only test, must be covered by it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "associations", "audit", "bookings", "config", "ops", "vetting", "web")
RAW_SQL = re.compile(
    r"cursor\.execute|RawSQL\(|\.raw\(|\.extra\(|\.cursor\(\)|\.vendor\b|\.features\."
)

# Modules with raw SQL or a branch by database, and the list entry whose tests exercise each.
COVERED_BY = {
    "audit/checkpoints.py": "tests/audit",
    "audit/constraint.py": "tests/audit",
    "audit/export.py": "tests/audit",
    "audit/keyset.py": "tests/audit",
    "audit/selectors.py": "tests/audit",
    "audit/services.py": "tests/audit",
    "audit/texts.py": "tests/audit",
    "audit/verify.py": "tests/audit",
    "bookings/intake_selectors.py": "tests/bookings",
    "bookings/services/requests.py": "tests/bookings",
    "config/index_ops.py": "tests/config/test_indexes.py",
    "ops/health.py": "tests/ops",
    "vetting/services/intake.py": "tests/vetting/test_intake.py",
}


def listed() -> list[str]:
    return (ROOT / "tests" / "own_sql_tests.txt").read_text().split()


def covers(entry: str, path: str) -> bool:
    return path == entry or path.startswith(entry.rstrip("/") + "/")


def test_every_module_with_raw_sql_is_known_and_its_tests_are_listed() -> None:
    found = {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and RAW_SQL.search(path.read_text())
    }
    assert found == set(COVERED_BY), "update COVERED_BY and tests/own_sql_tests.txt"
    assert all(entry in listed() for entry in COVERED_BY.values())


def test_every_postgres_only_test_is_listed() -> None:
    marked = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("test_*.py")
        if "mark.postgres" in path.read_text() and path.name != Path(__file__).name
    ]
    assert marked, "no PostgreSQL-only tests found: the search is wrong"
    missing = [m for m in marked if not any(covers(e, m) for e in listed())]
    assert missing == []


def test_every_listed_path_exists() -> None:
    assert all((ROOT / entry).exists() for entry in listed())
