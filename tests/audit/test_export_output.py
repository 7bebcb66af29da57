"""``audit_export --output`` to a folder that does not exist is a CommandError naming the path,
not a FileNotFoundError traceback (ops report, defect 13: the daily off-site job meets it), and
nothing is exported (nor recorded) when the file cannot be written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_missing_folder_is_named(record: Any, tmp_path: Path) -> None:
    record(1)
    before = AuditEvent.objects.count()
    target = tmp_path / "offsite" / "x.jsonl"
    with pytest.raises(CommandError, match=r"mappen .*offsite finns inte"):
        call_command("audit_export", "--output", str(target))
    assert AuditEvent.objects.count() == before  # no export recorded
    assert not target.exists()


def test_a_folder_as_the_output_is_named(record: Any, tmp_path: Path) -> None:
    record(1)
    with pytest.raises(CommandError, match="är en mapp; ange ett filnamn"):
        call_command("audit_export", "--output", str(tmp_path))


def test_an_existing_folder_still_gets_the_export(record: Any, tmp_path: Path) -> None:
    record(1)
    target = tmp_path / "x.jsonl"
    call_command("audit_export", "--output", str(target))
    assert target.read_bytes()
