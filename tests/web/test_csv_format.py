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
