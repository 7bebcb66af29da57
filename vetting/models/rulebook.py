"""The democracy criteria as data, versioned. Published versions are never edited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rulebook(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    adopted_on = models.DateField(_("antagen"))
    adopted_by = models.CharField(_("antagen av"), max_length=200, blank=True)
    published = models.BooleanField(_("publicerad"), default=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("regelverk")
        verbose_name_plural = _("regelverk")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Criterion(models.Model):
    class Basis(models.TextChoices):
        STATUTES = "statutes", _("Stadgar (återanvänds)")
        CASE = "case", _("Ärendet")

    rulebook = models.ForeignKey(
        Rulebook, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("regelverk")
    )
    code = models.CharField(_("kod"), max_length=40)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"))
    source = models.CharField(_("källa"), max_length=300)
    kinds = models.JSONField(_("gäller ärendeslag"), default=list)
    basis = models.CharField(_("bedöms på"), max_length=10, choices=Basis.choices)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("ordning"))

    class Meta:
        ordering = ["rulebook", "position"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="criterion_code_per_rulebook")
        ]

    def __str__(self) -> str:
        return f"{self.code} (v{self.rulebook.version})"

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds
