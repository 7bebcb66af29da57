"""The demo (`make run`) runs with DEBUG off and GRANSKA_DEMO=1, the environment the Makefile
gives it: an unknown address shows the site's own 404 page (not Django's technical page with
the settings), static files and the offline Swagger UI are served by WhiteNoise without
collectstatic, and nothing in the settings breaks a run over http://127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.config.child import ROOT, child, inherited

MAKEFILE = (ROOT / "Makefile").read_text()

# Run in a fresh process: settings are read once, from the environment.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

browser = Client(HTTP_HOST="127.0.0.1:8000")
docs = browser.get("/api/docs/")
scripts = [s for s in docs.content.decode().split('"') if s.endswith(".js")]
out = {
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "DEMO_MODE", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "WHITENOISE_USE_FINDERS",
        "GRANSKA_REPAYMENT_INSTRUCTIONS",
    )},
    "unknown": [browser.get("/no-such-page/").status_code,
                browser.get("/no-such-page/").content.decode()],
    "css": browser.get("/static/web/css/granska.css").status_code,
    "docs": [docs.status_code, scripts,
             [browser.get(s).status_code for s in scripts]],
}
print(json.dumps(out))
"""


def demo_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of `make run`, without variables of this test process that it lacks."""
    dropped = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "SESSION_", "CSRF_", "DJANGO_")
    return inherited(without=dropped) | {
        "GRANSKA_DEMO": "1",
        "DEBUG": "0",
        "GRANSKA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **extra,
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = child(["-c", PROBE], demo_env(tmp_path_factory.mktemp("demo")), timeout=180)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_make_run_runs_the_demo_with_debug_off() -> None:
    run = MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    commands = [line for line in run.splitlines() if "GRANSKA_DEMO=1" in line]
    assert len(commands) == 5
    # the demo data under a signed checkpoint from the start: the auditors' command
    # (--require-checkpoint) passes on an export made before beat signs its first
    assert any(line.endswith("manage.py audit_checkpoint") for line in commands)
    assert all("DEBUG=0" in line for line in commands)
    assert "DEBUG=1" not in MAKEFILE
    assert "http://127.0.0.1:$(PORT)/" in run and "Demo logins" in run


def test_the_demo_settings_work_over_plain_http(demo: dict[str, Any]) -> None:
    settings = demo["settings"]
    assert settings["DEBUG"] is False and settings["DEMO_MODE"] is True
    assert {"127.0.0.1", "localhost"} <= set(settings["ALLOWED_HOSTS"])
    assert not settings["SESSION_COOKIE_SECURE"] and not settings["CSRF_COOKIE_SECURE"]
    assert not settings["SECURE_SSL_REDIRECT"] and settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["WHITENOISE_USE_FINDERS"] is True


def test_the_demo_has_example_repayment_instructions(demo: dict[str, Any]) -> None:
    """A revocation with återkrav in the demo shows how to pay, not only "an invoice is sent"."""
    assert "bankgiro" in demo["settings"]["GRANSKA_REPAYMENT_INSTRUCTIONS"]


def test_an_unknown_address_shows_the_sites_404_page(demo: dict[str, Any]) -> None:
    status, page = demo["unknown"]
    assert status == 404
    assert 'id="not-found"' in page and "Sidan finns inte" in page
    assert "URLconf" not in page and "DEBUG = True" not in page
    assert not re.search(r"SECRET_KEY|INSTALLED_APPS", page)


def test_static_files_and_the_offline_swagger_ui_are_served(demo: dict[str, Any]) -> None:
    assert demo["css"] == 200
    status, scripts, script_status = demo["docs"]
    assert status == 200
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in scripts), scripts
    assert script_status and all(code == 200 for code in script_status)


def test_a_demo_with_allowed_hosts_set_needs_no_secret_key(tmp_path: Path) -> None:
    """The SECRET_KEY rule refuses a deployment without its own key, not the demo."""
    env = demo_env(tmp_path, ALLOWED_HOSTS="127.0.0.1,localhost")
    result = child(["manage.py", "check"], env)
    assert result.returncode == 0, result.stderr
