"""How the officers' and auditors' CSV downloads (the decision log, the system events) are
written for a spreadsheet of the page's language: Excel takes the list separator from the
regional settings, and where the decimal separator is a comma (Swedish: "4000,00") the list
separator is a semicolon. So a Swedish page gives ``;``, an English one ``,``; the amounts in
the file are written in the same language (``web.auditlog._csv_amount``). The download starts
with a UTF-8 BOM, which Excel needs to read the file as UTF-8 (``web.views.audit.csv_download``).
The verifiable audit export (JSONL, and the API's CSV) is not this: it does not change with the
language."""

from __future__ import annotations

import csv
from typing import Any

from django.utils import formats


def csv_delimiter() -> str:
    """The list separator of a spreadsheet in the active language: ";" where numbers have a
    decimal comma (Swedish), "," otherwise."""
    return ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","


def csv_writer(buffer: Any) -> Any:
    """A CSV writer for a download in the active language (its list separator)."""
    return csv.writer(buffer, delimiter=csv_delimiter())
