"""Rows kept as they were written (``vetting.models.append_only``): a decision, its
underrättelser and the inkomna handlingar are written once; saving one again or deleting one
is refused, each with its own message."""

from __future__ import annotations

import re

import pytest

from vetting.models import Decision, DecisionNotice, IncomingDocument
from vetting.models.append_only import AppendOnlyModel

REFUSALS = [
    (
        Decision,
        "Ett sparat beslut kan inte redigeras; fatta ett nytt beslut (ändring) i stället.",
        "Ett beslut kan inte tas bort.",
    ),
    (DecisionNotice, "En underrättelse kan inte ändras.", "En underrättelse kan inte tas bort."),
    (
        IncomingDocument,
        "En inkommen handling kan inte ändras.",
        "En inkommen handling kan inte tas bort.",
    ),
]


@pytest.mark.parametrize(("model", "changed", "deleted"), REFUSALS)
def test_a_written_row_is_neither_saved_again_nor_deleted(
    model: type[AppendOnlyModel], changed: str, deleted: str
) -> None:
    assert issubclass(model, AppendOnlyModel) and model._meta.abstract is False
    row = model(pk=1)  # written: it has its primary key (no query is made before the refusal)
    with pytest.raises(PermissionError, match=f"^{re.escape(changed)}$"):
        row.save()
    with pytest.raises(PermissionError, match=f"^{re.escape(changed)}$"):
        row.save(update_fields=["pk"])
    with pytest.raises(PermissionError, match=f"^{re.escape(deleted)}$"):
        row.delete()
    with pytest.raises(PermissionError, match=f"^{re.escape(deleted)}$"):
        model().delete()
