"""manage.py granska_status: a monitoring plugin's exit codes and a JSON report. The details are
in the server's language (Swedish; English under LANGUAGE_CODE=en, here ``language="en"``); the
first line, the levels and the items' codes are the same in both."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from associations.models import StatutesVersion
from associations.tasks import read_statutes_version
from audit.checkpoints import run_verification, sign_checkpoint
from audit.context import SYSTEM
from audit.models import AuditEvent, Checkpoint
from audit.services import record_event
from ops.tasks import heartbeat
from tests.ops.test_status import queue_webhooks, signing_key  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def run(*args: str, language: str = "sv") -> tuple[int, str]:
    out = StringIO()
    try:
        with translation.override(language):
            call_command("granska_status", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def all_well(checkpoint: bool = True, verify: bool = True) -> None:
    for pk in StatutesVersion.objects.filter(reader_status="pending").values_list("pk", flat=True):
        read_statutes_version(pk)
    if verify:
        run_verification(record=True)
    if checkpoint:
        sign_checkpoint()
    heartbeat()


def test_critical_exits_2_and_names_the_item(world):
    code, out = run()
    assert code == 2
    assert out.splitlines()[0] == "GRANSKA CRITICAL"
    assert any(
        line.startswith("critical") and "worker_heartbeat" in line for line in out.splitlines()
    )
    assert "Inget hjärtslag från Celery-workern" in out and "No heartbeat" not in out
    code, english = run(language="en")
    assert code == 2 and english.splitlines()[0] == "GRANSKA CRITICAL"
    assert "No heartbeat from the Celery worker" in english and "hjärtslag" not in english


def test_the_json_report_keeps_its_keys_levels_and_codes_in_either_language(world):
    """Only the details follow the language; what a monitoring script reads does not."""
    (code_sv, sv), (code_en, en) = run("--json"), run("--json", language="en")
    report_sv, report_en = json.loads(sv), json.loads(en)
    assert code_sv == code_en == 2 and report_sv["status"] == report_en["status"] == "critical"
    for item_sv, item_en in zip(report_sv["items"], report_en["items"], strict=True):
        assert {**item_sv, "detail": ""} == {**item_en, "detail": ""}
        assert item_sv["detail"] != item_en["detail"]


def test_all_ok_exits_0(world):
    all_well()
    code, out = run()
    assert (code, out.splitlines()[0]) == (0, "GRANSKA OK"), out


def test_a_warning_exits_1_with_json(world, settings):
    all_well()
    queue_webhooks(world, 1)
    thresholds = settings.GRANSKA_STATUS_THRESHOLDS
    settings.GRANSKA_STATUS_THRESHOLDS = {**thresholds, "outbox_pending": (1, 5)}
    code, out = run("--json")
    report: dict[str, Any] = json.loads(out)
    assert code == 1 and report["status"] == "warning"
    assert [i["code"] for i in report["items"]] == [
        "webhook_outbox",
        "audit_verification",
        "audit_checkpoint",
        "worker_heartbeat",
        "statutes_reading",
    ]
    outbox = report["items"][0]
    assert outbox["status"] == "warning" and outbox["figures"]["pending"] == 1


def test_a_database_that_does_not_answer_is_critical(tmp_path):
    """Not a traceback (exit 1, which a monitoring plugin's runner reads as a warning)."""
    from tests.config.test_settings import manage

    missing = tmp_path / "missing" / "granska.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{missing}", "GRANSKA_VAR_DIR": str(tmp_path)}
    result = manage("granska_status", "--json", env=env)
    report = json.loads(result.stdout)
    assert result.returncode == 2 and report["status"] == "critical", result.stderr
    assert report["items"][0]["code"] == "database"


def checkpoint_line(out: str) -> str:
    return next(line for line in out.splitlines() if "audit_checkpoint" in line)


def test_no_checkpoint_yet_is_said_plainly_with_how_to_sign_one(world):
    all_well(checkpoint=False)
    assert not Checkpoint.objects.exists()
    code, out = run(language="en")
    line = checkpoint_line(out)
    assert code == 1 and line.startswith("warning"), out
    assert "No checkpoint has been signed yet" in line
    assert "manage.py audit_checkpoint" in line and "beat signs one every 60 min" in line
    assert "after the last checkpoint" not in line


def test_events_after_a_checkpoint_are_counted(world):
    all_well()
    with transaction.atomic():
        for n in range(4):
            record_event(actor=SYSTEM, action="test.unsigned", object_type="test", object_id=n)
    code, out = run(language="en")
    line = checkpoint_line(out)
    assert code == 0 and line.startswith("ok"), out
    assert "4 events after the last checkpoint, the oldest 0 min ago." in line


def line_of(out: str, code: str) -> str:
    return next(line for line in out.splitlines() if f" {code} " in line)


def test_a_plain_audit_verify_leaves_a_warning_that_says_how_to_record_one(world):
    """audit_verify without --record records nothing, so the item still warns: it says how."""
    all_well(verify=False)
    call_command("audit_verify", stdout=StringIO())
    assert not AuditEvent.objects.filter(action="audit.verified").exists()
    code, out = run(language="en")
    line = line_of(out, "audit_verification")
    assert code == 1 and line.startswith("warning"), out
    assert "No verification of the audit chain has been recorded yet." in line
    assert "manage.py audit_verify --record" in line and "Verify the whole chain now" in line


def test_one_event_after_the_checkpoint_is_singular(world):
    all_well()
    with transaction.atomic():
        record_event(actor=SYSTEM, action="test.unsigned", object_type="test")
    _code, out = run(language="en")
    assert "1 event after the last checkpoint, recorded 0 min ago." in checkpoint_line(out)


def test_every_line_counts_in_words_that_fit_the_number(world):
    """None pending: no age of the oldest; one: singular; several: plural."""
    all_well()
    _code, out = run(language="en")
    assert "No webhook messages pending. None failed for good" in line_of(out, "webhook_outbox")
    assert "No statutes versions are waiting" in line_of(out, "statutes_reading")
    assert "oldest" not in out and " 0 " not in out.replace("0 min ago", "")
    queue_webhooks(world, 1)
    StatutesVersion.objects.filter(pk=world.scouts.current_statutes().pk).update(
        reader_status="failed"
    )
    _code, out = run(language="en")
    assert "1 webhook message pending (0 min)." in line_of(out, "webhook_outbox")
    reading = line_of(out, "statutes_reading")
    assert "could not read 1 statutes version " in reading and "reads it again" in reading
    queue_webhooks(world, 1, name="Other")
    _code, out = run(language="en")
    assert "2 webhook messages pending (the oldest 0 min)." in line_of(out, "webhook_outbox")
