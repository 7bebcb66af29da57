import sys
from typing import Any

from django.core.management.base import BaseCommand

from audit.checkpoints import run_verification, summary


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every hash, link and checkpoint signature, then reconcile cases, "
        "decisions and delegations against it. Exit 0 when intact; 1 naming the first broken "
        "sequence number; 2 when the chain is intact but reconciliation has findings."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--record", action="store_true", help="Record the result as an event.")

    def handle(self, *args: Any, record: bool, **options: Any) -> None:
        report = run_verification(record=record)
        line = summary(report)
        if not report.intact:
            self.stderr.write(line)
            sys.exit(1)
        if report.findings:
            self.stderr.write(line)
            for finding in report.findings:
                self.stderr.write(f"  {finding}")
            sys.exit(2)
        self.stdout.write(line)
