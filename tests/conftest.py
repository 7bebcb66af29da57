import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_migrate
from django.utils import translation

from tests.world import World, build_world


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
def world(db: None) -> World:
    return build_world()


# Transactional tests (live server, PostgreSQL races) commit for real.


def _trigger_functions() -> tuple[Any, Any] | None:
    """create_triggers/drop_triggers of the audit migration that makes the trail append-only."""
    import audit.migrations as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"audit.migrations.{info.name}")
        if hasattr(module, "create_triggers") and hasattr(module, "drop_triggers"):
            return module.create_triggers, module.drop_triggers
    return None


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
    functions = _trigger_functions()
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
