"""Operational records: not part of the audit trail, no personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a periodic job last ran (one row per job name, overwritten each time)."""

    WORKER = "worker"

    name = models.CharField(_("namn"), max_length=40, primary_key=True)
    at = models.DateTimeField(_("senast"))

    class Meta:
        verbose_name = _("hjärtslag")
        verbose_name_plural = _("hjärtslag")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
