"""The browser tests' own support (tests/web/browser.py)."""

from __future__ import annotations

import pytest
from django.db import connections

from tests.web.browser import MARKS, playwright

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_playwright_closes_the_connections_opened_under_its_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under Playwright's loop the ORM gets a connection of its own (per context, not per
    thread); left open, PostgreSQL refuses to drop the test database at the end of the run."""
    if connections["default"].vendor == "sqlite":
        pytest.skip(
            "Django never closes an in-memory SQLite test database; the PostgreSQL run has it"
        )
    with playwright(monkeypatch):
        inner = connections["default"]
        inner.ensure_connection()
        assert inner.connection is not None
    assert inner.connection is None
