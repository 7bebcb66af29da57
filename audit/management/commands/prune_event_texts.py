from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from audit.pruning import PruneRefused, event_texts_prune


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--before: %(value)s är inget datum (ÅÅÅÅ-MM-DD).") % {"value": repr(value)}
        ) from exc


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Gallra eller radera fritexterna i revisionshändelser som hålls utanför hashkedjan "
        "(format v2): i ett ärende, hos en förening och/eller i händelser före en dag. Texterna "
        "och deras nonce töms; en händelse audit.texts_pruned registrerar vilka händelser och "
        "grunden. Kedjan ändras inte och verifieras fortfarande."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--case", help=_("ärendets diarienummer, t.ex. KFN-2026-00017"))
        parser.add_argument("--association", type=int, help=_("föreningens id"))
        parser.add_argument("--before", help=_("händelser före denna dag (ÅÅÅÅ-MM-DD, lokal tid)"))
        parser.add_argument(
            "--ground", required=True, help=_("varför: t.ex. punkten i dokumenthanteringsplanen")
        )

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
