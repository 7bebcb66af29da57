import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_migrate
from django.utils import translation

from tests.world import World, build_world
from tests.world_state import STATE, empty_audit_tables, is_transactional, sort_key


def pytest_configure(config: pytest.Config) -> None:
    """PBKDF2 is slow on purpose; tests only need passwords to check. Set once for the session,
    not per test through the ``settings`` fixture: every change of a setting sends
    ``setting_changed``, which empties the caches that listen to it (the OpenAPI schema's)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in Swedish, whatever an earlier test activated."""
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _no_open_webhook_windows() -> Iterator[None]:
    """Each test starts with no coalescing window open (bookings.webhooks.ring)."""
    from bookings.webhooks import reset_windows

    reset_windows()
    yield
    reset_windows()


@pytest.fixture
def world(db: None, request: pytest.FixtureRequest) -> World:
    """The named world (tests/world.py). In a test's transaction: this test's own copy of the
    world committed once per process (tests/world_state.py). In a transactional test it is built
    here, committed like everything the test does and flushed at its end; it is built here too
    when the committed world is absent (a test that asked for it through
    ``request.getfixturevalue``, which the switch before the test does not see)."""
    if is_transactional(request.node) or not STATE.present:
        return build_world()
    return STATE.copy()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The world tests first, the transactional ones last, in their order otherwise: each
    process builds the committed world and empties it again as seldom as it can."""
    items.sort(key=sort_key)


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> None:
    """Before a test's database fixture opens its transaction: the committed world there if the
    test takes it (and runs in a transaction), gone otherwise."""
    if fixturedef.argname != "_django_db_helper":
        return
    from pytest_django.django_compat import is_django_unittest

    if is_django_unittest(request):
        return
    with request.getfixturevalue("django_db_blocker").unblock():
        STATE.prepare(request.node)


# Transactional tests (live server, PostgreSQL races) commit for real.


# Data that migrations create (roles, rulebook v1, the chain head). A transactional test ends with
# a flush that empties every table; this puts the migrations' data back when the flush emits
# post_migrate, so the tests that run after this one in the same process still find it.
BASELINE_MIGRATIONS = {
    "vetting": "vetting.migrations.0002_roles_and_rulebook_v1",
    "audit": "audit.migrations.0002_chain_head",
}


def restore_baseline(sender: Any, app_config: Any = None, using: str = "default", **kwargs: Any):
    from django.apps import apps
    from django.db import connections

    name = BASELINE_MIGRATIONS.get(getattr(app_config, "label", ""))
    if name is None:
        return
    module = importlib.import_module(name)
    with connections[using].schema_editor() as editor:
        for operation in module.Migration.operations:
            if hasattr(operation, "code"):
                operation.code(apps, editor)


post_migrate.connect(restore_baseline, dispatch_uid="tests.restore_baseline", weak=False)


@pytest.fixture
def audit_rows_removed_after(transactional_db: None) -> Iterator[None]:
    """This test commits; the audit tables refuse DELETE, so empty them (triggers lifted for the
    moment) before the test database is flushed for the next test."""
    yield
    empty_audit_tables()
