from django.db import models
from django.utils.translation import gettext_lazy as _


class Premises(models.Model):
    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    address = models.CharField(_("adress"), max_length=300)
    capacity = models.PositiveIntegerField(_("kapacitet"))
    administration = models.ForeignKey(
        "vetting.Administration",
        on_delete=models.PROTECT,
        related_name="premises",
        verbose_name=_("förvaltning"),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokal")
        verbose_name_plural = _("lokaler")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
