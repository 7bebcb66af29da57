"""The operators' status: each item ok, warning or critical against the thresholds in settings
(GRANSKA_STATUS_THRESHOLDS, docs/operations.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ops import selectors

OK, WARNING, CRITICAL = "ok", "warning", "critical"
LEVELS = (OK, WARNING, CRITICAL)


@dataclass(frozen=True)
class Item:
    code: str
    status: str
    detail: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": self.status,
            "detail": self.detail,
            "figures": self.figures,
        }


def level(value: float | None, threshold: str) -> str:
    """ok, warning or critical for a figure against the (warning, critical) pair in settings."""
    if value is None:
        return OK
    warning, critical = settings.GRANSKA_STATUS_THRESHOLDS[threshold]
    return CRITICAL if value >= critical else WARNING if value >= warning else OK


def worst(*statuses: str) -> str:
    return max(statuses, key=LEVELS.index, default=OK)


def age_seconds(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def minutes(seconds: int | None) -> float | None:
    return None if seconds is None else seconds / 60


def status_report(now: datetime | None = None) -> list[Item]:
    now = now or timezone.now()
    return [
        outbox_item(now),
        verification_item(now),
        checkpoint_item(now),
        heartbeat_item(now),
        statutes_item(now),
    ]


def overall(items: list[Item]) -> str:
    return worst(*(item.status for item in items))


def outbox_item(now: datetime) -> Item:
    box = selectors.outbox(now)
    oldest = age_seconds(box.oldest_pending_at, now)
    status = worst(
        level(box.pending, "outbox_pending"),
        level(minutes(oldest), "outbox_oldest_minutes"),
        level(box.failed_last_24h, "outbox_failed_24h"),
    )
    detail = f"{_pending_text(box.pending, oldest)} {_failed_text(box.failed_last_24h)}"
    figures = {
        "pending": box.pending,
        "oldest_pending_age_seconds": oldest,
        "failed_last_24h": box.failed_last_24h,
    }
    return Item("webhook_outbox", status, detail, figures)


def _pending_text(pending: int, oldest: int | None) -> str:
    """How many webhook messages wait, and the oldest's age when any does."""
    if not pending:
        return _("Inga webhook-meddelanden väntar.")
    return ngettext(
        "{n} webhook-meddelande väntar ({age} min).",
        "{n} webhook-meddelanden väntar (det äldsta {age} min).",
        pending,
    ).format(n=pending, age=round(minutes(oldest) or 0))


def _failed_text(failed: int) -> str:
    if not failed:
        return _("Inget har misslyckats för gott det senaste dygnet.")
    return ngettext(
        "{n} har misslyckats för gott det senaste dygnet.",
        "{n} har misslyckats för gott det senaste dygnet.",
        failed,
    ).format(n=failed)


def verification_item(now: datetime) -> Item:
    run = selectors.last_verification()
    if run is None:  # audit_verify without --record (or nothing run): nothing to read here
        detail = _(
            "Ingen verifiering av revisionskedjan är registrerad ännu. Registrera en med "
            "manage.py audit_verify --record (eller knappen ”Verifiera hela kedjan nu” på "
            "kedjans sida); en verifiering utan --record registreras inte. Annars registrerar "
            "beat en varje natt."
        )
        return Item("audit_verification", WARNING, detail, {"age_seconds": None, "intact": None})
    age = age_seconds(run.at, now)
    status = level((age or 0) / 3600, "verification_hours")
    if not run.intact:
        status, detail = CRITICAL, _("Den senaste verifieringen fann revisionskedjan bruten.")
    elif run.findings:
        status = worst(status, WARNING)
        detail = ngettext(
            "Kedjan är hel men avstämningen har {n} avvikelse.",
            "Kedjan är hel men avstämningen har {n} avvikelser.",
            run.findings,
        ).format(n=run.findings)
    else:
        detail = _("Kedjan var hel vid den senaste verifieringen.")
    figures = {"age_seconds": age, "intact": run.intact, "findings": run.findings}
    return Item("audit_verification", status, f"{detail} ({_age_text(age)})", figures)


def checkpoint_item(now: datetime) -> Item:
    state = selectors.checkpoint_state()
    unsigned = age_seconds(state.unsigned_since, now)
    status = level(minutes(unsigned), "checkpoint_minutes")
    if state.signed_at is None:  # none signed yet: there is no "after the last checkpoint"
        status, detail = _no_checkpoint(state.head_seq, unsigned, status)
    elif state.head_seq > state.seq:
        detail = _after_checkpoint(state.head_seq - state.seq, unsigned)
    else:
        detail = _("Den senaste kontrollpunkten täcker hela kedjan.")
    figures = {
        "age_seconds": age_seconds(state.signed_at, now),
        "checkpoint_seq": state.seq,
        "head_seq": state.head_seq,
        "oldest_unsigned_age_seconds": unsigned,
    }
    return Item("audit_checkpoint", status, detail, figures)


def _after_checkpoint(events: int, unsigned: int | None) -> str:
    return ngettext(
        "{n} händelse efter den senaste kontrollpunkten, registrerad {age}.",
        "{n} händelser efter den senaste kontrollpunkten, den äldsta {age}.",
        events,
    ).format(n=events, age=_age_text(unsigned))


def _no_checkpoint(events: int, unsigned: int | None, status: str) -> tuple[str, str]:
    """No checkpoint signed yet: a warning (or worse, by the oldest event's age) as long as the
    chain has events, saying how to sign one; an empty chain has nothing to sign."""
    if not events:
        return status, _("Ingen kontrollpunkt är signerad ännu; kedjan har inga händelser.")
    detail = ngettext(
        "Ingen kontrollpunkt är signerad ännu: kedjans enda händelse täcks inte (registrerad "
        "{age}). Signera en nu med manage.py audit_checkpoint; annars signerar beat en var "
        "{interval} min.",
        "Ingen kontrollpunkt är signerad ännu: inga av kedjans {n} händelser täcks (den äldsta "
        "{age}). Signera en nu med manage.py audit_checkpoint; annars signerar beat en var "
        "{interval} min.",
        events,
    )
    interval = settings.AUDIT_CHECKPOINT_INTERVAL_MINUTES
    return worst(status, WARNING), detail.format(
        n=events, age=_age_text(unsigned), interval=interval
    )


def heartbeat_item(now: datetime) -> Item:
    age = age_seconds(selectors.worker_heartbeat(), now)
    if age is None:
        detail = _("Inget hjärtslag från Celery-workern är registrerat (körs worker och beat?).")
        return Item("worker_heartbeat", CRITICAL, detail, {"age_seconds": None})
    detail = _("Senaste hjärtslag från Celery-workern: {age}.").format(age=_age_text(age))
    status = level(minutes(age), "heartbeat_minutes")
    return Item("worker_heartbeat", status, detail, {"age_seconds": age})


def statutes_item(now: datetime) -> Item:
    backlog = selectors.statutes_waiting()
    oldest = age_seconds(backlog.oldest_at, now)
    detail = _waiting_text(backlog.count)
    if backlog.failed:  # a reader bug on some text: see the worker's log, then reread_statutes
        detail += " " + ngettext(
            "Stadgeläsaren kunde inte läsa {n} stadgeversion (se workerns logg; manage.py "
            "reread_statutes läser den igen).",
            "Stadgeläsaren kunde inte läsa {n} stadgeversioner (se workerns logg; manage.py "
            "reread_statutes läser dem igen).",
            backlog.failed,
        ).format(n=backlog.failed)
    figures = {"waiting": backlog.count, "oldest_waiting_age_seconds": oldest}
    figures["failed"] = backlog.failed
    status = level(minutes(oldest), "statutes_oldest_minutes")
    return Item(
        "statutes_reading", worst(status, WARNING if backlog.failed else OK), detail, figures
    )


def _waiting_text(count: int) -> str:
    if not count:
        return _("Inga stadgeversioner väntar på att läsas.")
    return ngettext(
        "{n} stadgeversion väntar på att läsas.", "{n} stadgeversioner väntar på att läsas.", count
    ).format(n=count)


def _age_text(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 3600:
        return _("{n} min sedan").format(n=seconds // 60)
    return _("{n} h sedan").format(n=round(seconds / 3600, 1))
