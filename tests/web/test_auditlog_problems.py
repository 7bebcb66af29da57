"""The chain page words a broken chain from the verification record's structured problem
(``changes.problem``: code, first bad sequence number, checkpoint), in the page's language;
runs recorded before there was one are read from their English reason."""

from __future__ import annotations

from typing import Any

import pytest

from audit import checkpoints
from audit.context import SYSTEM
from audit.reconcile import Reconciliation
from audit.services import record_event
from audit.verify import ChainReport
from tests.web.test_page_texts import english

pytestmark = pytest.mark.django_db
CHAIN = "/revision/kedja/"


def _nightly_run_finds(monkeypatch: Any, seq: int, code: str, **details: Any) -> None:
    """Record a verification run (the nightly task's path) that found the chain broken."""
    report = ChainReport(head_seq=9, checkpoints=1)
    report.fail(seq, code, **details)
    monkeypatch.setattr(checkpoints, "verify_chain", lambda: report)
    monkeypatch.setattr(checkpoints, "reconciliation", Reconciliation)  # nothing found
    checkpoints.run_verification(record=True)


def _old_run(reasons: str, first_bad: int) -> None:
    """An audit.verified event as recorded before the problem was structured."""
    record_event(
        actor=SYSTEM,
        action="audit.verified",
        object_type="audit_chain",
        reasons=reasons,
        changes={"intact": False, "first_bad": first_bad, "head_seq": 9, "checkpoints": 1},
    )


def test_a_forged_checkpoint_is_named_in_swedish_and_english(world, login, monkeypatch) -> None:
    _nightly_run_finds(monkeypatch, 6, "checkpoint_signature", checkpoint=6)
    auditor = login(world.auditor)
    page = auditor.get(CHAIN).content.decode()
    assert "BRUTEN vid #6: kontrollpunkten vid #6: signaturen kan inte verifieras" in page
    assert "does not verify" not in page
    page = english(auditor).get(CHAIN).content.decode()
    assert "BROKEN at #6: checkpoint at #6: signature does not verify" in page


def test_the_page_reads_the_structure_not_the_english_line(world, login, monkeypatch) -> None:
    """The details come from the record's fields: a link broken at #4 names #5 as the linker."""
    _nightly_run_finds(monkeypatch, 4, "link_broken")
    page = login(world.auditor).get(CHAIN).content.decode()
    assert "BRUTEN vid #4: hashen för #4 är inte den som #5 länkar till" in page


def test_a_run_recorded_before_the_structure_is_still_worded(world, login) -> None:
    _old_run("BROKEN at #5: events missing at the end (head says #12)", 5)
    page = login(world.auditor).get(CHAIN).content.decode()
    assert "BRUTEN vid #5: händelser saknas i slutet (huvudet anger #12)" in page


def test_an_old_reason_the_page_does_not_know_is_shown_as_written(world, login) -> None:
    _old_run("BROKEN at #3: something else entirely", 3)
    page = login(world.auditor).get(CHAIN).content.decode()
    assert "BRUTEN vid #3: something else entirely" in page


@pytest.mark.parametrize(
    "problem", ["hash_mismatch", {"code": "link_broken", "seq": "x"}, {"code": ["x"], "seq": 4}]
)
def test_a_recorded_problem_of_another_shape_is_shown_as_written(world, login, problem) -> None:
    """The run is read back from the trail, which may have been altered: the page that shows the
    chain broken shows the run's own reason instead of failing."""
    record_event(
        actor=SYSTEM,
        action="audit.verified",
        object_type="audit_chain",
        reasons="BROKEN at #4: something else entirely",
        changes={"intact": False, "first_bad": 4, "head_seq": 9, "problem": problem},
    )
    response = login(world.auditor).get(CHAIN)
    assert response.status_code == 200
    assert "BRUTEN vid #4: something else entirely" in response.content.decode()
