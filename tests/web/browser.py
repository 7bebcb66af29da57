"""What the browser tests share: Debian's Chromium through Playwright, and the demo data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from associations.tasks import read_statutes_version
from vetting.models import Application

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "granska-demo"
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@contextmanager
def playwright(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Playwright's sync API, closing the database connections opened while it ran.

    It runs an event loop in this thread, and while one runs Django keeps its connections per
    context rather than per thread (asgiref's ``Local``): the connection the test body uses is
    not the thread's, nothing at teardown closes it, and PostgreSQL then refuses to drop the test
    database ("being accessed by other users"). The ORM calls stay synchronous, hence
    ``DJANGO_ALLOW_ASYNC_UNSAFE``, scoped to the fixture by ``monkeypatch``.
    """
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        try:
            yield p
        finally:
            connections.close_all()


IN_REVIEW_RENTAL = "Hyra av Stora salen för medlemsmöte"


def seed_demo(settings: Any) -> Application:
    """The demo data of `make run`; the statute reader has read the in-review rental's statutes
    (as the worker would), so its case page shows the reader's proposals. Returns that case."""
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    rental = Application.objects.get(subject=IN_REVIEW_RENTAL)
    statutes = rental.association.current_statutes()
    assert statutes is not None
    read_statutes_version(statutes.pk)
    return rental
