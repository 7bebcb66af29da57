"""Administrations, who belongs to them, delegations and declared conflicts of interest (jäv)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vetting.models.kinds import Kind


def default_reference_prefix() -> str:
    """The municipality's common diarium series (GRANSKA_REFERENCE_PREFIX): what every
    administration had when the prefix was added (migration 0022), and from migration 0029 the
    series of each administration without a prefix of its own (a blank ``reference_prefix``)."""
    return str(settings.GRANSKA_REFERENCE_PREFIX)


REFERENCE_PREFIX_RE = r"\A[A-Z0-9]{1,10}\Z"
reference_prefix_validator = RegexValidator(
    REFERENCE_PREFIX_RE,
    _("Prefixet ska vara 1–10 versaler (A–Z) eller siffror, t.ex. KFN."),
)


class Administration(models.Model):
    """A förvaltning. Officers see the cases of their own administrations only. Its contact
    details are printed in every letter and decision, so the applicant knows where to reply;
    an empty one falls back to the municipality's (``vetting.facts.administration_contact``)."""

    code = models.SlugField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    board_name = models.CharField(
        _("nämnd"),
        max_length=200,
        blank=True,
        help_text=_(
            "Den nämnd som förvaltningens beslutsfattare beslutar på delegation från, t.ex. "
            "”Kultur- och fritidsnämnden”. Skrivs i besluten (6 kap. 37 § kommunallagen)."
        ),
    )
    postal_address = models.CharField(
        _("postadress"),
        max_length=300,
        blank=True,
        help_text=_(
            "Dit sökande skickar yttranden med post, t.ex. ”Box 123, 123 45 Exempelstad”. "
            "Tomt: kommunens (GRANSKA_MUNICIPALITY_ADDRESS)."
        ),
    )
    email = models.EmailField(
        _("e-post"),
        blank=True,
        help_text=_("Dit sökande skickar yttranden med e-post. Tomt: kommunens."),
    )
    phone = models.CharField(
        _("telefon"), max_length=40, blank=True, help_text=_("Tomt: kommunens.")
    )
    # The administration's own diarium: its cases are numbered PREFIX-YEAR-NNNNN, one series
    # per prefix and year (vetting.services.intake). A new prefix numbers the new cases only.
    # Blank: no diarium of its own, the municipality's common series (GRANSKA_REFERENCE_PREFIX),
    # which every administration without one shares; a prefix of its own is no other's
    # (the constraint below, and ``clean`` naming the field: ADR 0024).
    reference_prefix = models.CharField(
        _("diarieprefix"),
        max_length=10,
        blank=True,
        default="",
        validators=[reference_prefix_validator],
        help_text=_(
            "Början på diarienumren för förvaltningens ärenden, t.ex. SN i SN-2026-00042: "
            "1–10 versaler eller siffror, inte någon annan förvaltnings. Tomt: kommunens "
            "gemensamma serie (GRANSKA_REFERENCE_PREFIX). En ändring gäller bara ärenden som "
            "registreras efter den."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("förvaltning")
        verbose_name_plural = _("förvaltningar")
        constraints = [
            models.UniqueConstraint(
                fields=["reference_prefix"],
                condition=~Q(reference_prefix=""),
                name="administration_reference_prefix_unique",
                violation_error_message=_(
                    "Diarieprefixet (reference_prefix) används redan av en annan förvaltning."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A prefix set or changed must be no other administration's, nor the common series'
        (``reference_prefix_problem``): an error at ``reference_prefix``, for every form and
        ``full_clean``, not the admin's form only."""
        from vetting.services.reference import reference_prefix_problem

        super().clean()
        problem = reference_prefix_problem(self.reference_prefix, administration=self)
        if problem:
            raise ValidationError({"reference_prefix": problem})


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("användare"),
    )
    administrations = models.ManyToManyField(
        Administration, blank=True, related_name="members", verbose_name=_("förvaltningar")
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profiler")

    def __str__(self) -> str:
        return str(self.user)


class Delegation(models.Model):
    """A right to decide (delegationsordning): for a user or a group, for kinds, up to an amount."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("användare"),
    )
    group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("grupp"),
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("förvaltning"),
    )
    kinds = models.JSONField(_("ärendeslag"), default=list)
    max_amount = models.DecimalField(
        _("högsta belopp (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tomt: utan beloppsgräns."),
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    note = models.CharField(_("delegationspunkt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegationer")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False, group__isnull=True))
                | (Q(user__isnull=True, group__isnull=False)),
                name="delegation_user_xor_group",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="delegation_valid_range",
            ),
        ]

    def __str__(self) -> str:
        who = self.user or self.group
        return f"{who}: {', '.join(self.kinds)} ≤ {self.max_amount or '∞'}"

    def covers(self, kind: str, amount: Decimal | None) -> bool:
        if kind not in self.kinds:
            return False
        return self.max_amount is None or (amount or Decimal(0)) <= self.max_amount


class ConflictOfInterest(models.Model):
    """A declared jäv (KL 6:28-32) of a person towards an association."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conflicts",
        verbose_name=_("användare"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="conflicts",
        verbose_name=_("förening"),
    )
    reason = models.CharField(_("grund"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("anmäld"))
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("jävsanmälan återtagen")
    )

    class Meta:
        verbose_name = _("jävsanmälan")
        verbose_name_plural = _("jävsanmälningar")

    def __str__(self) -> str:
        return f"{self.user} – {self.association}"


__all__ = ["Administration", "ConflictOfInterest", "Delegation", "Kind", "Profile"]
