import json
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import translation

from ops.status import CRITICAL, LEVELS, OK, Item, overall, status_report

INSUFFICIENT_PRIVILEGE = "42501"
# Exit codes as monitoring plugins (Nagios, Icinga, Zabbix) read them.
EXIT_CODES = {level: code for code, level in enumerate(LEVELS)}


class Command(BaseCommand):
    help = (
        "Report the webhook outbox, audit verification and checkpoints, the Celery worker's "
        "heartbeat and statutes waiting to be read, each ok/warning/critical against the "
        "GRANSKA_STATUS_* thresholds. Exit 0 when all are ok, 1 on a warning, 2 on critical "
        "(also when the database does not answer)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )

    def handle(self, *args: Any, as_json: bool = False, **options: Any) -> None:
        with translation.override("en"):
            items = _report()
            result = overall(items)
            if as_json:
                self.stdout.write(_dumps(result, items))
            else:
                self.stdout.write(f"GRANSKA {result.upper()}")
                for item in items:
                    self.stdout.write(f"{item.status:<8} {item.code:<20} {item.detail}")
        if result != OK:
            sys.exit(EXIT_CODES[result])


def _report() -> list[Item]:
    """The items; a database that does not answer is itself critical (not a traceback, which
    a monitoring plugin's runner would read as exit 1, a mere warning)."""
    try:
        return status_report()
    except DatabaseError as exc:
        return [Item("database", CRITICAL, _database_problem(exc))]


def _database_problem(exc: DatabaseError) -> str:
    """What went wrong: a refused privilege (PostgreSQL's SQLSTATE 42501, e.g. a table an upgrade
    added without a grant) is said as such, with the table; the database did answer."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        first_line = str(cause).splitlines()[0] if str(cause) else "permission denied"
        return (
            f"The database refused the application's role: {first_line} "
            "(grant the role its rights, docs/operations.md section 2)"
        )
    return f"The database did not answer: {type(exc).__name__}"


def _dumps(result: str, items: list[Item]) -> str:
    return json.dumps({"status": result, "items": [item.as_dict() for item in items]}, indent=2)
