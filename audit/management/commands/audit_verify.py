import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import run_verification, summary


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every hash, link and checkpoint signature, then reconcile cases, "
        "decisions, kommuniceringar, notices, assessments and delegations against it. Exit 0 "
        "when intact; 1 naming the first broken sequence number; 2 when the chain is intact but "
        "reconciliation has findings. Notes say what reconciliation could not check in full."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--record", action="store_true", help="Record the result as an event.")

    def handle(self, *args: Any, record: bool, **options: Any) -> None:
        try:
            report = run_verification(record=record)
        except ImproperlyConfigured as exc:  # a key that cannot be read: said, not a traceback
            raise CommandError(str(exc)) from exc
        line = summary(report)
        if not report.intact:
            self.stderr.write(line)
            sys.exit(1)
        if report.findings:
            self.stderr.write(line)
            for finding in report.findings:
                self.stderr.write(f"  {finding}")
            self._notes(report.notes, self.stderr)
            sys.exit(2)
        self.stdout.write(line)
        self._notes(report.notes, self.stdout)

    def _notes(self, notes: list[str], out: Any) -> None:
        """What reconciliation could not check in full (e.g. assessments recorded before evidence
        digests): said, not failed on."""
        for note in notes:
            out.write(f"  note: {note}")
