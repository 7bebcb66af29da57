"""docs/operations.md names only variables the settings document and commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
FENCED = re.compile(r"^```.*?^```", re.M | re.S)
CODE = re.compile(r"`([^`\n]+)`")
VARIABLE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
COMMAND = re.compile(r"manage\.py\s+([a-z_]+)")


def variables(text: str) -> set[str]:
    """Environment-variable names written as code: in code blocks, and inline (`NAME`,
    `NAME=...`, `"$NAME"`)."""
    blocks = FENCED.findall(text)
    inline = CODE.findall(FENCED.sub("", text))
    return {name for code in [*blocks, *inline] for name in VARIABLE.findall(code)}


def test_every_variable_named_is_in_env_example():
    named = variables(DOC)
    assert {"SECRET_KEY", "AUDIT_PREVIOUS_PUBLIC_KEYS", "GRANSKA_ACCESSIBILITY_CONTACT"} <= named
    assert "GRANSKA_STATUS_HEARTBEAT_CRITICAL_MINUTES" in named
    missing = sorted(name for name in named if f"\n{name}=" not in ENV_EXAMPLE)
    assert missing == []


def test_the_check_finds_a_variable_that_does_not_exist():
    assert variables("set `GRANSKA_NO_SUCH_SETTING=1`") == {"GRANSKA_NO_SUCH_SETTING"}
    assert variables("```sh\necho $GRANSKA_NO_SUCH_SETTING\n```\n`LOG_LEVEL`") == {
        "GRANSKA_NO_SUCH_SETTING",
        "LOG_LEVEL",
    }
    assert "\nGRANSKA_NO_SUCH_SETTING=" not in ENV_EXAMPLE


def test_every_command_named_exists():
    named = set(COMMAND.findall(DOC))
    assert {"migrate", "granska_status", "audit_verify", "erase_person"} <= named
    assert sorted(named - set(get_commands())) == []


def test_the_readme_links_it():
    assert "docs/operations.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_redis_outage_is_described():
    """What a Redis outage does to the API (ops report 14, defect 3)."""
    assert "fail open" in DOC and "API rate limits not counted" in DOC
    assert "Broker down" in DOC


def test_the_rotation_names_the_key_formats_and_the_check():
    """Defect 5: the base64 line of the PEM is a documented, accepted format; `check` reads it."""
    rotation = DOC[DOC.index("- **Rotation**") :]
    assert "MCowBQYDK2VwAyEA" in rotation and "public_key_base64" in rotation
    assert "manage.py check" in rotation and "audit.E002" in rotation


def test_the_two_role_set_up_has_its_grants():
    """Defect 4: the GRANTs, the default privileges for tables later migrations add, and which
    tables are append-only."""
    section = DOC[DOC.index("## 2.") : DOC.index("## 3.")]
    assert "ALTER DEFAULT PRIVILEGES FOR ROLE granska_owner" in section
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent, audit_checkpoint" in section
    assert "Exactly two tables are append-only" in section
    assert '"privileges"' in DOC


def test_the_processes_are_restarted_by_a_supervisor():
    """Defect 2: kombu can end the worker when Redis restarts; the supervisor restarts it."""
    section = DOC[DOC.index("## 1.") : DOC.index("## 2.")]
    assert "Restart=always" in section and "KillMode=mixed" in section
    assert "'NoneType' object has no attribute 'hostname'" in section


def test_retention_names_its_commands_and_what_has_none():
    """Defect 14: a gallring section naming the commands (each must exist, checked above) and
    what has no command yet."""
    section = DOC[DOC.index("### Retention (gallring)") : DOC.index("## 10.")]
    named = set(COMMAND.findall(section))
    wanted = {"clearsessions", "prune_event_texts", "erase_person", "axes_reset_failure_logs"}
    assert wanted <= named
    assert sorted(named - set(get_commands())) == []
    assert "No command yet" in section and "MEDIA_ROOT" in section


def test_the_minor_points_of_the_ops_report_are_answered():
    """Defects 6, 7, 9 and 15: tokens and booking systems by command, the organisation's set-up,
    the common diarium series, and one failed probe after a start."""
    assert {"create_api_token", "create_booking_client"} <= set(COMMAND.findall(DOC))
    setup = DOC[DOC.index("**The organisation**") : DOC.index("### The audit signing key")]
    for step in ("Förvaltningar", "administrations", "Delegationer", "Lokaler"):
        assert step in setup
    assert "leave the field empty to use the common series" in DOC
    assert "2–3 failed probes" in DOC
