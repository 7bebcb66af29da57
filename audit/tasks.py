"""Beat tasks of the audit trail: hourly checkpoints, nightly verification (both idempotent)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from audit.checkpoints import run_verification, summary
from audit.checkpoints import sign_checkpoint as _sign_checkpoint


@shared_task(name="audit.tasks.sign_checkpoint")
def sign_checkpoint() -> int | None:
    """Sign the chain head; returns the checkpoint's sequence number, or None if nothing new."""
    checkpoint = _sign_checkpoint()
    return checkpoint.seq if checkpoint else None


@shared_task(name="audit.tasks.verify_chain")
def verify_chain() -> dict[str, Any]:
    """Verify the chain, checkpoints and reconciliation, and record the result as an event."""
    report = run_verification(record=True)
    return {"intact": report.intact, "first_bad": report.first_bad, "summary": summary(report)}
