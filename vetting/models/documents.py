"""Inkomna handlingar of a case that have no other place: the application itself (the scanned
letter, the e-service's PDF), a supplement that came in on its own, any other document received.
Programmes, supplements asked for and responses stay on their own rows (casework)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.models.append_only import AppendOnlyModel


class IncomingDocument(AppendOnlyModel):
    """A document the authority received in a case. Never edited nor deleted (an inkommen
    handling is kept as it came in); its digest is recorded in the ``document.received`` event."""

    change_refused = "En inkommen handling kan inte ändras."
    delete_refused = "En inkommen handling kan inte tas bort."

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Ansökan")
        SUPPLEMENT = "supplement", _("Komplettering")
        OTHER = "other", _("Övrig inkommen handling")

    application = models.ForeignKey(
        "vetting.Application",
        on_delete=models.PROTECT,
        related_name="incoming_documents",
        verbose_name=_("ärende"),
    )
    kind = models.CharField(_("slag av handling"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fil"), upload_to="incoming/%Y/")
    # The name the upload had (its last part), shown and given to a download.
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The day it reached the municipality (Europe/Stockholm; the day the officer gives).
    received_on = models.DateField(_("inkom (datum)"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    registered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("inkommen handling")
        verbose_name_plural = _("inkomna handlingar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application_id} {self.received_on}"
