"""Personal API tokens of officers. Only a SHA-256 hash of the token is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=100, blank=True)
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("nyckelns hash")
    )
    key_prefix = models.CharField(max_length=16, editable=False, verbose_name=_("nyckelprefix"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.key_prefix}…"
