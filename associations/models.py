from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from associations.reader import RULES_VERSION
from associations.validators import validate_org_number


class Association(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("10 siffror med kontrollsiffra, lagras som NNNNNN-NNNN."),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("senast ändrad"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("förening")
        verbose_name_plural = _("föreningar")

    def __str__(self) -> str:
        return f"{self.name} ({self.org_number})"

    def current_statutes(self) -> StatutesVersion | None:
        return self.statutes_versions.order_by("-adopted_on", "-id").first()


def statutes_upload_path(instance: StatutesVersion, filename: str) -> str:
    return f"statutes/{instance.association_id}/{instance.sha256[:16]}-{filename}"


class StatutesVersion(models.Model):
    """One adopted version of an association's statutes, with its text kept for reading."""

    class ReaderStatus(models.TextChoices):
        PENDING = "pending", _("väntar")
        DONE = "done", _("läst")
        FAILED = "failed", _("kunde inte läsas")

    class DocumentKind(models.TextChoices):
        """What the statute reader found the document to be (``document_kind``)."""

        STATUTES = "statutes", _("stadgar")
        MINUTES = "minutes", _("protokoll")
        POLICY = "policy", _("policy")
        OTHER = "other", _("annat dokument")

    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="statutes_versions",
        verbose_name=_("förening"),
    )
    adopted_on = models.DateField(_("antagna"))
    file = models.FileField(_("fil"), upload_to=statutes_upload_path, blank=True)
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    content_type = models.CharField(max_length=100, blank=True, verbose_name=_("filtyp"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("text"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uppladdad"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    document_kind = models.CharField(max_length=20, blank=True, verbose_name=_("dokumentslag"))
    reader_status = models.CharField(
        max_length=10,
        choices=ReaderStatus.choices,
        default=ReaderStatus.PENDING,
        verbose_name=_("stadgeläsarens status"),
    )
    reader_findings = models.JSONField(
        default=dict, blank=True, verbose_name=_("stadgeläsarens fynd")
    )
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("läst"))
    # The reader's RULES_VERSION that made the stored reading; empty: read before versions were
    # recorded (by older rules), or not read yet.
    reader_version = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("stadgeläsarens regelversion")
    )

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("stadgeversion")
        verbose_name_plural = _("stadgeversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "sha256"], name="statutes_unique_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association.name}: stadgar {self.adopted_on}"

    @property
    def not_statutes(self) -> bool:
        """The reader has read the text and found it is not statutes (a policy, minutes ...):
        it must not pass as statutes (issue 6)."""
        return (
            self.reader_status == self.ReaderStatus.DONE
            and self.document_kind in self.DocumentKind.values
            and self.document_kind != self.DocumentKind.STATUTES
        )

    @property
    def read_by_older_rules(self) -> bool:
        """The stored reading was made by an older version of the reader's rules: it may lack
        what the reader finds now (``manage.py reread_statutes`` reads it again)."""
        return self.reader_status == self.ReaderStatus.DONE and (
            self.reader_version is None or self.reader_version < RULES_VERSION
        )

    def get_document_kind_display(self) -> str:
        kinds = self.DocumentKind
        return str(kinds(self.document_kind).label) if self.document_kind in kinds.values else ""
