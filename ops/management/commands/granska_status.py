import json
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from ops.status import LEVELS, OK, overall, status_report

# Exit codes as monitoring plugins (Nagios, Icinga, Zabbix) read them.
EXIT_CODES = {level: code for code, level in enumerate(LEVELS)}


class Command(BaseCommand):
    help = (
        "Report the webhook outbox, audit verification and checkpoints, the Celery worker's "
        "heartbeat and statutes waiting to be read, each ok/warning/critical against the "
        "GRANSKA_STATUS_* thresholds. Exit 0 when all are ok, 1 on a warning, 2 on critical."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )

    def handle(self, *args: Any, as_json: bool = False, **options: Any) -> None:
        with translation.override("en"):
            items = status_report()
            result = overall(items)
            if as_json:
                self.stdout.write(_dumps(result, items))
            else:
                self.stdout.write(f"GRANSKA {result.upper()}")
                for item in items:
                    self.stdout.write(f"{item.status:<8} {item.code:<20} {item.detail}")
        if result != OK:
            sys.exit(EXIT_CODES[result])


def _dumps(result: str, items: list[Any]) -> str:
    return json.dumps({"status": result, "items": [item.as_dict() for item in items]}, indent=2)
