"""A decision is named by its number in the case everywhere the officer and the auditor read it
(the log, the CSV, the document, the PDF's file name); its database id only in addresses."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.test_documents import _corrected_same_day
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def test_the_log_names_a_correction_by_its_number_in_the_case(world, login) -> None:
    drive(world, world.submit(subject="Ett annat ärende"), State.APPROVED)  # an earlier id
    app, _old, new = _corrected_same_day(world)
    assert new.pk != 2  # the id and the number differ, or the test proves nothing
    client = login(world.auditor)
    page = client.get(f"/revision/?case={app.reference}").content.decode()
    assert (
        f'<a href="/arenden/{app.reference}/beslut/{new.pk}/">{app.reference} beslut 2</a>' in page
    )
    assert f"{app.reference} beslut 1</a>" in page
    assert "Beslutsdokument nr" not in page
    document = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    assert "Beslutets nummer i ärendet</dt><dd>2" in document
    pdf = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/pdf/")
    assert f'filename="beslut-{app.reference}-2.pdf"' in pdf["Content-Disposition"]
    body = client.get(f"/revision/export.csv?case={app.reference}&decisions_only=on")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r[-1] for r in rows[1:]) == ["1", "2"]
