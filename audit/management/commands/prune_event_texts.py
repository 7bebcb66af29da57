from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import SYSTEM
from audit.pruning import PruneRefused, event_texts_prune


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--before: %(value)s är inget datum (ÅÅÅÅ-MM-DD).") % {"value": repr(value)}
        ) from exc


class Command(BaseCommand):
    help = (
        "Prune (gallra) or erase the free texts of audit events kept outside the hash chain "
        "(format v2): of a case, of an association, and/or of events before a day. The texts "
        "and their nonces are blanked; one audit.texts_pruned event records which events and "
        "the ground. The chain is unchanged and still verifies."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--case", help="the case reference (diarienummer), e.g. KFN-2026-00017")
        parser.add_argument("--association", type=int, help="the association's id")
        parser.add_argument("--before", help="events before this day (YYYY-MM-DD, local time)")
        parser.add_argument("--ground", required=True, help="why: e.g. the item of the plan")

    def handle(self, *args: Any, **options: Any) -> None:
        before = _day(options["before"]) if options["before"] else None
        try:
            pruned = event_texts_prune(
                actor=SYSTEM,
                case_ref=options["case"] or None,
                association_id=options["association"],
                before=before,
                ground=options["ground"],
            )
        except PruneRefused as refused:
            raise CommandError(
                "; ".join(f"--{field}: {message}" for field, message in refused.errors.items())
            ) from refused
        self.stdout.write(
            _(
                "Gallrade texterna i %(events)s händelser (%(cases)s ärenden), registrerat som "
                "händelse #%(seq)s."
            )
            % {"events": len(pruned.seqs), "cases": len(pruned.cases), "seq": pruned.event_seq}
        )
