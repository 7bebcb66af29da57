"""The series of reference numbers (diarienummer) handed out to cases."""

from __future__ import annotations

from django.db import models


class ReferenceSequence(models.Model):
    """The last number handed out per prefix and year. Numbers are never reused."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last_value}"
