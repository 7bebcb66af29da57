"""The officers' and auditors' CSV downloads open as columns in a spreadsheet of the page's
language: a BOM, and ";" in Swedish (decimal comma), "," in English (web.csvformat)."""

from __future__ import annotations

import pytest

from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/revision/export.csv", "/revision/ovriga/export.csv"])
def test_swedish_csv_uses_semicolons_and_english_commas(world, login, url) -> None:
    drive(world, world.submit(), State.APPROVED)
    client = login(world.auditor)
    body = client.get(url).content.decode("utf-8")
    assert body.startswith("\ufeffseq;")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url).content.decode("utf-8")
    assert english.startswith("\ufeffseq,")


def test_every_column_of_the_decision_log_csv_is_documented() -> None:
    """docs/audit-format.md §6 has a row for each column of the log's CSV (by its Swedish
    header), so an auditor can read the file without guessing."""
    from pathlib import Path

    from django.utils import translation

    from web.auditlog import CSV_HEADER

    doc = (Path(__file__).resolve().parents[2] / "docs" / "audit-format.md").read_text()
    section = doc.split("## 6. Read access", 1)[1].split("## 7.", 1)[0]
    with translation.override("sv"):
        missing = [
            str(h) for h in CSV_HEADER if f"| `{h}`" not in section and f", `{h}`" not in section
        ]
    assert missing == []
