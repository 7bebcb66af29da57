"""Decisions and their notices: the decision as it was made, immutable (a correction or a
revocation is a new decision that replaces it), and each underrättelse of it (FL 33 §)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vetting.models.append_only import AppendOnlyModel
from vetting.models.casework import Communication
from vetting.models.kinds import AppealRoute, DecisionOutcome, HearingException


class Decision(AppendOnlyModel):
    """A decision. Immutable once written; a correction is a new decision that replaces it."""

    change_refused = (
        "Ett sparat beslut kan inte redigeras; fatta ett nytt beslut (ändring) i stället."
    )
    delete_refused = "Ett beslut kan inte tas bort."

    application = models.ForeignKey(
        "vetting.Application",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("ärende"),
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=DecisionOutcome.choices)
    amount_granted = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("beviljat belopp")
    )
    reasons = models.TextField(_("motivering"))
    criteria = models.JSONField(_("kriterier"), default=list)
    rulebook = models.ForeignKey(
        "vetting.Rulebook", on_delete=models.PROTECT, related_name="+", verbose_name=_("regelverk")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("beslutad av"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handläggare"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("föreslaget av"),
    )
    delegation = models.ForeignKey(
        "vetting.Delegation",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("delegation"),
    )
    decided_at = models.DateTimeField(verbose_name=_("beslutad"))
    appeal_route = models.CharField(
        max_length=20, choices=AppealRoute.choices, verbose_name=_("överklagandeväg")
    )
    appeal_instructions = models.TextField(verbose_name=_("överklagandehänvisning"))
    revocation_clause = models.TextField(blank=True, verbose_name=_("återkallelseförbehåll"))
    no_conflict_confirmed = models.BooleanField(verbose_name=_("ej jävig (bekräftat)"))
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    kind = models.CharField(max_length=20, default="decision", verbose_name=_("beslutstyp"))
    # The case's facts the decision prints (party, contact, event, amount, administration, the
    # delegation's point) as they were when it was made (vetting.facts.document_facts); {} for a
    # decision made before they were kept, which prints the case as it is now.
    facts = models.JSONField(_("uppgifter som de skickades"), default=dict, blank=True)
    # How the applicant was heard, as the decision recorded it (FL 25 §, 37 §): whether it was
    # taken on a communicated proposal, and what a correction's or revocation's decision maker
    # wrote of the hearing. Kept here, not only in the audit event, so that the document reads
    # the decision alone (migration 0015 filled older rows from their events).
    after_communication = models.BooleanField(
        default=False, verbose_name=_("beslutat efter kommunicering")
    )
    applicant_heard = models.TextField(
        blank=True, verbose_name=_("sökandens möjlighet att yttra sig")
    )
    # A revocation's återkrav: by when it is to be paid back, and how, as the municipality's
    # instructions said at the decision (GRANSKA_REPAYMENT_INSTRUCTIONS; blank: an invoice is
    # sent). Both blank when nothing is reclaimed (ADR 0013).
    repayment_due = models.DateField(null=True, blank=True, verbose_name=_("återbetalas senast"))
    repayment_instructions = models.TextField(blank=True, verbose_name=_("betalningsanvisning"))
    # A revocation's hearing (ADR 0015): the kommunicering of the intended revocation it
    # followed, or, without one, the FL 25 § exception its decision maker named (with
    # ``applicant_heard`` saying why); "recorded_before" for revocations made before hearings
    # were kept (migration 0017).
    revocation_hearing = models.ForeignKey(
        Communication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommunicering av återkallandet"),
    )
    hearing_exception = models.CharField(
        max_length=20,
        blank=True,
        choices=HearingException.choices,
        verbose_name=_("undantag från kommunicering"),
    )
    # After a kommunicering the applicant answered: how the decision deals with the response
    # (JO: the reasons address the party's objections); printed under "Sökandens synpunkter och
    # nämndens bedömning". "" when no response came in, and for decisions made before.
    response_considered = models.TextField(_("bemötande av sökandens yttrande"), blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=F("handler")) & ~Q(decided_by=F("proposed_by")),
                name="decision_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(no_conflict_confirmed=True), name="decision_no_conflict_confirmed"
            ),
        ]

    def __str__(self) -> str:
        return f"Beslut {self.application_id}: {self.outcome}"

    @property
    def amount_awarded(self) -> Decimal | None:
        """The amount the decision grants; None for a revocation, whose amount is reclaimed."""
        return None if self.kind == "revocation" else self.amount_granted

    @property
    def amount_reclaimed(self) -> Decimal | None:
        """A revocation's återkrav (stored in ``amount_granted``); None for other decisions."""
        return self.amount_granted if self.kind == "revocation" else None


class DecisionNotice(AppendOnlyModel):
    """Underrättelse (FL 33 §): the decision, with how to appeal, was sent to the applicant.
    Append-only; a decision may be sent more than once (another channel, a resend)."""

    change_refused = "En underrättelse kan inte ändras."
    delete_refused = "En underrättelse kan inte tas bort."

    class Channel(models.TextChoices):
        LETTER = "letter", _("Brev")
        EMAIL = "email", _("E-post")
        E_SERVICE = "e_service", _("E-tjänst")
        BOOKING_SYSTEM = "booking_system", _("Bokningssystemet")
        IN_PERSON = "in_person", _("Personligen")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="notices")
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("sätt"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("mottagare"), max_length=300)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("underrättelse")
        verbose_name_plural = _("underrättelser")

    def __str__(self) -> str:
        return f"Underrättelse om beslut {self.decision_id}"
