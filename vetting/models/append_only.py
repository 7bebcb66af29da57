"""Rows kept as they were written: a decision, its underrättelser and the inkomna handlingar. A
row is written once; saving it again or deleting it through the model is refused, each model
with its own message (the audit trail's rows have their own rule, ``audit.models``)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyModel(models.Model):
    """Refuses ``save()`` of a row already written and every ``delete()``. Abstract and without
    fields: the concrete models and their migrations are as before."""

    # What the refusals say (PermissionError), set by each model.
    change_refused: ClassVar[str]
    delete_refused: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(self.change_refused)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.delete_refused)
