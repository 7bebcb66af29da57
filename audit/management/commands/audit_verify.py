import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.checkpoints import run_verification
from audit.commandhelp import TranslatedHelpCommand
from audit.verification_words import report_findings, report_notes, report_summary


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Verifiera revisionskedjan: varje hash, länk och kontrollpunkts signatur; stäm sedan av "
        "ärenden, beslut, kommuniceringar, underrättelser, bedömningar, inkomna handlingar, "
        "delegationer och fritexter utanför kedjan mot den. Slutkod 0 när kedjan är hel; 1 med "
        "det första brutna numret; 2 när kedjan är hel men avstämningen har fynd. "
        "Anmärkningarna säger vad avstämningen inte kunde kontrollera fullt ut. Resultatet, "
        "anmärkningarna och avvikelserna skrivs på serverns språk; händelsen som --record "
        "registrerar behåller dem på engelska och som fält."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--record", action="store_true", help=_("Registrera resultatet som en händelse.")
        )

    def handle(self, *args: Any, record: bool, **options: Any) -> None:
        try:
            report = run_verification(record=record)
        except ImproperlyConfigured as exc:  # a key that cannot be read: said, not a traceback
            raise CommandError(str(exc)) from exc
        line = report_summary(report, with_hash=True)
        if not report.intact:
            self.stderr.write(line)
            sys.exit(1)
        if report.findings:
            self.stderr.write(line)
            for finding in report_findings(report):
                self.stderr.write(f"  {finding}")
            self._notes(report_notes(report), self.stderr)
            sys.exit(2)
        self.stdout.write(line)
        self._notes(report_notes(report), self.stdout)

    def _notes(self, notes: list[str], out: Any) -> None:
        """What reconciliation could not check in full (e.g. assessments recorded before evidence
        digests): said, not failed on."""
        for note in notes:
            out.write("  " + _("anmärkning: %(note)s") % {"note": note})
