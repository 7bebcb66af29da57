"""The web process does not serve with the public fallback SECRET_KEY outside DEBUG and the demo
(config/wsgi.py): a deployment that forgot both SECRET_KEY and ALLOWED_HOSTS loaded the settings
with the key from the source, and gunicorn served behind a proxy that sends Host: 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.config.child import child, inherited


def load_wsgi(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import config.wsgi as gunicorn does, in a child with only these variables of ours."""
    ours = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "GRANSKA_DEMO", "DJANGO_SETTINGS_MODULE")
    return child(
        ["-c", "import config.wsgi"],
        inherited(without=ours) | {"GRANSKA_VAR_DIR": str(tmp_path), **env},
    )


def test_the_web_process_refuses_the_fallback_key(tmp_path: Path) -> None:
    result = load_wsgi(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set: the web process does not serve" in result.stderr


def test_the_web_process_starts_with_a_key_of_its_own(tmp_path: Path) -> None:
    result = load_wsgi(tmp_path, SECRET_KEY="k" * 20 + "Zq9xW4rT7yU2iO5pA8sD1fG3hJ6kL0")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("switch", [{"GRANSKA_DEMO": "1"}, {"DEBUG": "1"}])
def test_the_demo_and_debug_start_without_one(tmp_path: Path, switch: dict[str, str]) -> None:
    """make run (GRANSKA_DEMO=1) and a developer's DEBUG=1 keep working without a key."""
    result = load_wsgi(tmp_path, **switch)
    assert result.returncode == 0, result.stderr
