import json
import sys
from typing import Any

from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from ops.status import CRITICAL, LEVELS, OK, Item, overall, status_report

INSUFFICIENT_PRIVILEGE = "42501"
# Exit codes as monitoring plugins (Nagios, Icinga, Zabbix) read them.
EXIT_CODES = {level: code for code, level in enumerate(LEVELS)}


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Rapportera webhook-kön, revisionskedjans verifiering och kontrollpunkter, "
        "Celery-workerns hjärtslag och stadgar som väntar på att läsas, var och en ok/warning/"
        "critical mot gränserna i GRANSKA_STATUS_*. Slutkod 0 när allt är ok, 1 vid en varning, "
        "2 vid critical (också när databasen inte svarar). Texterna skrivs på serverns språk; "
        "första raden (GRANSKA OK/WARNING/CRITICAL), nivåerna och punkternas koder är desamma "
        "på alla språk."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("Skriv rapporten som JSON.")
        )

    def handle(self, *args: Any, as_json: bool = False, **options: Any) -> None:
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
        return _(
            "Databasen nekade applikationens roll: %(error)s (ge rollen dess rättigheter, "
            "docs/operations.md avsnitt 2)"
        ) % {"error": first_line}
    return _("Databasen svarade inte: %(error)s") % {"error": type(exc).__name__}


def _dumps(result: str, items: list[Item]) -> str:
    return json.dumps({"status": result, "items": [item.as_dict() for item in items]}, indent=2)
