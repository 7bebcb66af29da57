"""What the browser tests share: Debian's Chromium through Playwright, and the demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

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
