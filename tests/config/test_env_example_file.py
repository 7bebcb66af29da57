"""`.env.example` works as systemd's ``EnvironmentFile=`` and ``docker --env-file``, which take
each ``NAME=value`` literally: comments only on lines of their own (ops report, defect 12:
``DEBUG=0   # never 1 in production`` made DEBUG the whole text and the settings raise)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.config.test_settings import ROOT, manage

ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def environment_file(text: str) -> dict[str, str]:
    """As systemd reads it: blank lines and lines starting with # or ; are skipped; the rest is
    NAME=value, the value taken as it is (no inline comments)."""
    values = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        match = ASSIGNMENT.match(line)
        assert match, f"not NAME=value: {line!r}"
        values[match[1]] = match[2]
    return values


def test_no_value_carries_a_comment_or_trailing_blanks():
    values = environment_file((ROOT / ".env.example").read_text(encoding="utf-8"))
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL"} <= set(values)
    bad = {name: v for name, v in values.items() if "#" in v or v != v.strip()}
    assert bad == {}
    assert values["DEBUG"] == "0"


def test_the_settings_load_from_it_as_an_environment_file(tmp_path: Path):
    values = environment_file((ROOT / ".env.example").read_text(encoding="utf-8"))
    values.update(
        GRANSKA_VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECRET_KEY="x" * 50,
    )
    result = manage("check", env=dict(values))
    assert result.returncode == 0, result.stderr[-2000:]
