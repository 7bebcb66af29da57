"""The named world, built once per test process and committed, seen only by the tests that ask.

A test that takes ``world`` and runs in a transaction (pytest-django's ``db``) starts from the
committed world and rolls back to it; a test that takes the database but not the world starts
from a database without it. The process keeps one mode, switched before a test's database
fixture is set up (``tests/conftest.py``, ``pytest_fixture_setup``):

- a world test: if the world is absent, it is built and committed (``build``);
- any other database test: if the world is present, the database is emptied as a transactional
  test's flush empties it (``empty``);
- a transactional test (``transactional_db``, ``live_server``, ``transaction=True``) starts from
  a database without the world, builds its own inside the test when it takes ``world`` (it
  commits, visible to other connections, as before), and flushes at its end.

The tests are sorted so that the world tests come first (``sort_key``): a process switches
mode a few times, not at every test. xdist hands tests over in chunks, so the switch is made
before every database test whatever came before it.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

import factory
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from tests.world import World, build_world

# The username build_world gives the world's handler: its presence in the database says the
# world is committed there (a process that starts on a reused test database).
SENTINEL_USERNAME = "handler"


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs ``item`` as a TransactionTestCase (as ``_django_db_helper``)."""
    from pytest_django.fixtures import validate_django_db

    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return any(
        name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


def wants_world(item: pytest.Item) -> bool:
    return "world" in getattr(item, "fixturenames", ())


def sort_key(item: pytest.Item) -> int:
    """World tests in a transaction first, then the others, the transactional ones last (their
    flush empties the world, so each would make the next world test build it again)."""
    if is_transactional(item):
        return 2
    return 0 if wants_world(item) else 1


def _factories() -> list[Any]:
    found: list[Any] = []
    pending = [factory.base.BaseFactory]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            pending.append(sub)
    return [f for f in found if getattr(f._meta, "model", None) is not None]


def _counters() -> dict[int, tuple[Any, int]]:
    """factory_boy's sequence counters by identity (subclasses share their parent's)."""
    counters: dict[int, tuple[Any, int]] = {}
    for cls in _factories():
        cls._meta._initialize_counter()
        counter = cls._meta._counter
        counters[id(counter)] = (counter, counter.seq)
    return counters


@dataclass
class WorldState:
    """This process's committed world: ``present`` None until the database has been looked at."""

    present: bool | None = None
    template: World | None = None
    # How far build_world moved each factory's sequence: a world test's factories continue
    # where they would after building the world itself.
    advances: list[tuple[Any, int]] = field(default_factory=list)

    def prepare(self, item: pytest.Item) -> None:
        """Put the database in the mode ``item`` needs (database access unblocked)."""
        if self.present is None:
            from django.contrib.auth.models import User

            self.present = User.objects.filter(username=SENTINEL_USERNAME).exists()
        if not is_transactional(item) and wants_world(item):
            if self.present and self.template is not None:
                return
            if self.present:
                self.empty()
            self.build()
        elif self.present:
            self.empty()

    def build(self) -> None:
        """Build the world and commit it, as a test builds it (Swedish, and the on-commit effects,
        the statutes reading, discarded as the test's rollback discards them)."""
        from bookings.webhooks import reset_windows

        before = _counters()
        with translation.override("sv"), transaction.atomic():
            template = build_world()
            connection.run_on_commit = []
        after = _counters()
        self.advances = [
            (counter, seq - before.get(key, (counter, 0))[1])
            for key, (counter, seq) in after.items()
            if seq != before.get(key, (counter, 0))[1]
        ]
        reset_windows()
        self.template, self.present = template, True

    def empty(self) -> None:
        """Empty the database as a transactional test's flush does (TransactionTestCase's
        ``_fixture_teardown``; the migrations' data comes back through ``restore_baseline``). The
        audit tables refuse DELETE: on SQLite, whose flush deletes, they are emptied first with
        their triggers lifted; PostgreSQL's flush truncates, which the row triggers do not see."""
        if connection.vendor != "postgresql":
            empty_audit_tables()
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=connection.alias,
            reset_sequences=False,
            allow_cascade=False,
            inhibit_post_migrate=False,
        )
        self.template, self.present = None, False

    def copy(self) -> World:
        """This test's own instances of the committed world (in-memory changes stay with it)."""
        assert self.template is not None, "the committed world is missing"
        for counter, advance in self.advances:
            counter.seq += advance
        return copy.deepcopy(self.template)


STATE = WorldState()


def trigger_functions() -> tuple[Any, Any] | None:
    """create_triggers/drop_triggers of the audit migration that makes the trail append-only."""
    import audit.migrations as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"audit.migrations.{info.name}")
        if hasattr(module, "create_triggers") and hasattr(module, "drop_triggers"):
            return module.create_triggers, module.drop_triggers
    return None


def empty_audit_tables() -> None:
    """DELETE the audit events and checkpoints, the append-only triggers lifted for the moment."""
    functions = trigger_functions()
    if functions is not None:
        with connection.schema_editor() as editor:
            functions[1](None, editor)
    with connection.cursor() as cursor:
        for table in ("audit_checkpoint", "audit_auditevent"):
            if table in connection.introspection.table_names(cursor):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    if functions is not None:
        with connection.schema_editor() as editor:
            functions[0](None, editor)
