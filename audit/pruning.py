"""Pruning (gallring) and erasure of the free texts kept outside the chain (format v2, ADR 0027).

``event_texts_prune`` blanks the side texts of the chosen events (text and nonce: after that,
nobody can confirm a guessed text by its commitment), keeps each row as a tombstone saying when
and by which event, and records one ``audit.texts_pruned`` event listing the events and the
ground, in the same transaction. The chain is not touched: verification accepts a missing text
where that event covers it (``audit.texts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import Actor
from audit.models import EventText
from audit.selectors import day_start
from audit.services import _actor_may_erase, chain_lock, record_event
from audit.texts import PRUNE_ACTION

MAX_GROUND = 500


class PruneRefused(Exception):
    """Pruning refused: ``errors`` names each field and why (in the active language)."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Pruned:
    event_seq: int  # the audit.texts_pruned event
    seqs: list[int]  # the events whose texts were pruned
    cases: list[str]


def _check(
    actor: Actor, case_ref: str | None, association_id: int | None, before: date | None, ground: str
) -> None:
    if not _actor_may_erase(actor):
        raise PruneRefused({"actor": _("Bara administratörer kan gallra texter i loggen.")})
    errors: dict[str, Any] = {}
    if not (case_ref or association_id is not None or before):
        errors["case"] = _("Ange ett ärende, en förening eller ett datum att gallra före.")
    if before and before > timezone.localdate():
        errors["before"] = _("Datumet får inte ligga i framtiden.")
    if not ground.strip():
        errors["ground"] = _("Ange grunden för gallringen (t.ex. dokumenthanteringsplanens punkt).")
    elif len(ground) > MAX_GROUND:
        errors["ground"] = _("Grunden får vara högst 500 tecken.")
    if errors:
        raise PruneRefused(errors)


def _unpruned(
    case_ref: str | None, association_id: int | None, before: date | None
) -> QuerySet[EventText]:
    """The texts not yet pruned of a case, an association and/or before a day."""
    rows = EventText.objects.filter(pruned_at__isnull=True)
    if case_ref:
        rows = rows.filter(event__case_ref=case_ref)
    if association_id is not None:
        rows = rows.filter(event__association_id=association_id)
    if before:
        rows = rows.filter(event__occurred_at__lt=day_start(before))
    return rows


def _nothing(case_ref: str | None, before: date | None) -> PruneRefused:
    field = "case" if case_ref else "before" if before else "association"
    return PruneRefused({field: _("Det finns inga texter att gallra.")})


def event_texts_prune_count(
    *,
    actor: Actor,
    case_ref: str | None = None,
    association_id: int | None = None,
    before: date | None = None,
    ground: str,
) -> int:
    """How many texts ``event_texts_prune`` with the same arguments would prune now (its
    confirmation step), refused by the same rules (``PruneRefused``, also when there are none).
    Writes nothing."""
    _check(actor, case_ref, association_id, before, ground)
    count = _unpruned(case_ref, association_id, before).count()
    if not count:
        raise _nothing(case_ref, before)
    return count


def event_texts_prune(
    *,
    actor: Actor,
    case_ref: str | None = None,
    association_id: int | None = None,
    before: date | None = None,
    ground: str,
) -> Pruned:
    """Prune the side texts of the events of a case, of an association and/or before a day
    (filters combine); only administrators, superusers and the system (``may_erase_persons``).
    The ground (e.g. the item of the dokumenthanteringsplan) is recorded, never any text."""
    _check(actor, case_ref, association_id, before, ground)
    rows = _unpruned(case_ref, association_id, before)
    with transaction.atomic():
        chain_lock()  # the one lock order: the chain, then other rows (ADR 0005)
        locked = rows.select_for_update(of=("self",))  # FOR UPDATE on the texts only
        found = list(locked.values_list("pk", "event_id", "event__case_ref", "field"))
        if not found:
            raise _nothing(case_ref, before)
        seqs = sorted({row[1] for row in found})
        cases = sorted({row[2] for row in found if row[2]})
        event = record_event(
            actor=actor,
            action=PRUNE_ACTION,
            object_type="event_texts",
            case_ref=case_ref or "",
            association_id=association_id,
            changes={
                "ground": ground.strip(),
                "seqs": seqs,
                "cases": cases,
                "fields": sorted({row[3] for row in found}),
                "filter": {"case": case_ref or None, "association": association_id,
                           "before": before},
            },
        )  # fmt: skip
        EventText.objects.filter(pk__in=[row[0] for row in found]).update(
            text="", nonce="", pruned_at=event.occurred_at, pruned_by=event.seq
        )
    return Pruned(event.seq, seqs, cases)
