"""What happens inside a case: assessments, requests to the applicant, escalations, the
kommunicering; the decisions are in ``vetting.models.decisions``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vetting.models.kinds import Outcome


class Assessment(models.Model):
    """The assessment of one criterion, with its evidence. Never edited: a new one supersedes."""

    class EvidenceKind(models.TextChoices):
        STATUTE_QUOTE = "statute_quote", _("Citat ur stadgarna")
        DOCUMENT = "document", _("Dokument")
        FACT = "fact", _("Konstaterat sakförhållande")
        NONE = "none", _("Inget underlag")

    application = models.ForeignKey(
        "vetting.Application",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("ärende"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("förening"),
    )
    statutes_version = models.ForeignKey(
        "associations.StatutesVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("stadgeversion"),
    )
    criterion = models.ForeignKey(
        "vetting.Criterion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("kriterium"),
    )
    outcome = models.CharField(_("bedömning"), max_length=20, choices=Outcome.choices)
    evidence_kind = models.CharField(
        _("underlag"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.NONE
    )
    evidence_text = models.TextField(_("underlag (citat eller faktum)"), blank=True)
    evidence_start = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("citatets början")
    )
    evidence_end = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("citatets slut")
    )
    evidence_document = models.FileField(
        upload_to="evidence/%Y/", blank=True, verbose_name=_("underlag (dokument)")
    )
    # The name the upload had (its last part), shown and given to a download; "" for a file
    # stored before names were recorded (shown by its stored name, web.views.files).
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    comment = models.TextField(_("kommentar"), blank=True)
    reader_rule = models.CharField(
        max_length=80, blank=True, verbose_name=_("stadgeläsarens regel")
    )
    followed_reader = models.BooleanField(
        null=True, blank=True, verbose_name=_("följde stadgeläsaren")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("bedömd av"),
    )
    assessed_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("bedömd"))

    class Meta:
        ordering = ["criterion__position", "-assessed_at", "-id"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=["fail", "doubt"]) | ~Q(evidence_kind="none"),
                name="assessment_fail_or_doubt_needs_evidence",
            ),
            models.CheckConstraint(
                condition=Q(evidence_start__isnull=True) | Q(evidence_end__gte=F("evidence_start")),
                name="assessment_evidence_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.outcome}"

    # A statute quote of several passages (an accepted reader proposal that rests on more than
    # one): each verbatim, joined by this line; the span (evidence_start/end) is the first's.
    PASSAGE_BREAK = "\n[…]\n"

    @property
    def passages(self) -> list[str]:
        """The evidence text as shown: a statute quote's passages, else the text as one."""
        if self.evidence_kind == self.EvidenceKind.STATUTE_QUOTE:
            return self.evidence_text.split(self.PASSAGE_BREAK)
        return [self.evidence_text]

    @property
    def has_evidence(self) -> bool:
        """Rests on evidence: a kind of evidence, and its text or a document. Every assessment
        recorded now has it; older passes may not, and stay as recorded (not reused)."""
        return self.evidence_kind != self.EvidenceKind.NONE and bool(
            self.evidence_text.strip() or self.evidence_document
        )


class SupplementRequest(models.Model):
    application = models.ForeignKey(
        "vetting.Application", on_delete=models.PROTECT, related_name="supplement_requests"
    )
    what = models.TextField(_("vad som ska kompletteras"))
    due = models.DateField(_("senast"))
    # Why the deadline is shorter than the minimum (FL 25 §: a reasonable time;
    # vetting.services.response_time): printed for the applicant and recorded in the event; ""
    # for a normal deadline.
    short_deadline_reason = models.TextField(_("skäl till kortare svarstid"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    # What the applicant sent (e.g. through its booking system); the handler then registers the
    # supplement as received (receive_supplement) or asks again.
    delivered_at = models.DateTimeField(_("inkom"), null=True, blank=True)
    delivered_text = models.TextField(_("inkommen text"), blank=True)
    # Sent through the booking system, or the scanned letter the handler registered.
    delivered_file = models.FileField(_("inkommen fil"), upload_to="supplements/%Y/", blank=True)
    # The name the upload had (its last part), shown and given to a download; "" for a file
    # stored before names were recorded (shown by its stored name, web.views.files).
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    # The day the supplement reached the municipality (Europe/Stockholm): a delivery's day, or
    # the day the handler gives for one that came by post. Whether it came in time is judged by
    # this day, not by when it was registered.
    received_on = models.DateField(_("inkom (datum)"), null=True, blank=True)
    # The statutes version the handler registered this supplement's file as
    # (vetting.services.supplement_statutes); null while it is not registered.
    registered_statutes = models.ForeignKey(
        "associations.StatutesVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerad som stadgeversion"),
    )
    # The case's facts the request's letter (the föreläggande, FL 20 §) prints, as they were
    # when it was sent (vetting.facts.document_facts); {} for a request made before the letter
    # existed: it had none, and its write-off does not say the applicant was told the consequence.
    facts = models.JSONField(_("uppgifter som de skickades"), default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.what[:40]}"

    @property
    def late(self) -> bool:
        """Received after the day of its deadline (the deadline's own day counts)."""
        return self.received_on is not None and self.received_on > self.due


class ProgramReview(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("Programmet godtas")
        FAIL = "fail", _("Programmet godtas inte")

    application = models.ForeignKey(
        "vetting.Application", on_delete=models.PROTECT, related_name="program_reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("skäl till granskning"))
    due = models.DateField(_("programmet senast"))
    # Why the deadline is shorter than the minimum (FL 25 §: a reasonable time;
    # vetting.services.response_time): printed for the applicant and recorded in the event; ""
    # for a normal deadline.
    short_deadline_reason = models.TextField(_("skäl till kortare svarstid"), blank=True)
    program_file = models.FileField(upload_to="programs/%Y/", blank=True)
    # The name the upload had (its last part), shown and given to a download; "" for a file
    # stored before names were recorded (shown by its stored name, web.views.files).
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    program_text = models.TextField(blank=True)
    program_received_at = models.DateTimeField(null=True, blank=True)  # when it was registered
    # The day the program reached the municipality (Europe/Stockholm): a booking system's upload's
    # day, or the day the officer gives for one that came by post or e-mail. Whether it came in
    # time is judged by this day (migration 0018 filled older rows from program_received_at).
    program_received_on = models.DateField(_("programmet inkom"), null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    result_notes = models.TextField(blank=True)
    # A programme not accepted: the criterion it breaks (not PROGRAM_REVIEW itself); a fail of
    # NO_VIOLENT_EXTREMISM needs the escalation first (vetting.services.program_review).
    breached_criterion = models.CharField(
        _("kriterium som programmet strider mot"), max_length=40, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Programgranskning {self.application_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def late(self) -> bool:
        """Received after the day of its deadline (the deadline's own day counts)."""
        return self.program_received_on is not None and self.program_received_on > self.due


class Escalation(models.Model):
    """A referral to the security coordinator. ``notes`` are restricted (see selectors)."""

    class Conclusion(models.TextChoices):
        NO_LINK = "no_link", _("Ingen koppling till våldsbejakande miljö")
        LINK = "link", _("Koppling till våldsbejakande miljö konstaterad")

    application = models.ForeignKey(
        "vetting.Application", on_delete=models.PROTECT, related_name="escalations"
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("skäl"))
    notes = models.TextField(_("anteckningar (begränsad åtkomst)"), blank=True)
    conclusion = models.CharField(max_length=10, choices=Conclusion.choices, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Eskalering {self.application_id}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None


class Communication(models.Model):
    """Kommunicering (FL 25 §): an adverse proposal sent to the applicant, and the response; or
    (``purpose`` revocation, ADR 0015) the intended revocation of a decided grant, its grounds
    and återkrav (``proposed_amount``), before a decision maker may revoke it."""

    class Purpose(models.TextChoices):
        PROPOSAL = "proposal", _("förslag till beslut")
        REVOCATION = "revocation", _("avsett återkallande")

    application = models.ForeignKey(
        "vetting.Application", on_delete=models.PROTECT, related_name="communications"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    due = models.DateField(_("svar senast"))
    # Why the deadline is shorter than the minimum (FL 25 §: a reasonable time;
    # vetting.services.response_time): printed for the applicant and recorded in the event; ""
    # for a normal deadline.
    short_deadline_reason = models.TextField(_("skäl till kortare svarstid"), blank=True)
    purpose = models.CharField(
        _("kommunicering av"), max_length=20, choices=Purpose.choices, default=Purpose.PROPOSAL
    )
    # The proposal as it was sent, and the material it rests on: the letter is rebuilt from
    # these, and a decision after the response may not be worse for the applicant than this.
    proposal_text = models.TextField()
    proposed_outcome = models.CharField(_("föreslaget utfall"), max_length=20, blank=True)
    proposed_amount = models.DecimalField(
        _("föreslaget belopp"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    criteria = models.JSONField(_("åberopade kriterier"), default=list, blank=True)
    material = models.JSONField(_("underlag"), default=list, blank=True)
    # The case's facts the letter prints (party, contact, event, amount, administration) as they
    # were when it was sent (vetting.facts.document_facts); {} for a letter sent before they were
    # kept, which prints the case as it is now.
    facts = models.JSONField(_("uppgifter som de skickades"), default=dict, blank=True)
    response = models.TextField(_("yttrande"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)  # when it was registered
    # Whether the response objects to what was communicated (as the officer registering it
    # read it): only an objecting one needs the decision's ``response_considered`` (FL 32 §, JO);
    # one that agrees is printed as having nothing to object. True for every response registered
    # before this was asked (each was then treated as objecting).
    response_contests = models.BooleanField(_("yttrandet invänder"), default=True)
    # The day the response reached the municipality (Europe/Stockholm; by post: the day the
    # handler gives), by which its deadline is judged; and the scanned letter, if any.
    response_received_on = models.DateField(_("yttrandet inkom"), null=True, blank=True)
    response_file = models.FileField(_("yttrandet (fil)"), upload_to="responses/%Y/", blank=True)
    # The name the upload had (its last part), shown and given to a download; "" for a file
    # stored before names were recorded (shown by its stored name, web.views.files).
    original_filename = models.CharField(
        max_length=255, blank=True, verbose_name=_("ursprungligt filnamn")
    )
    # An intended revocation the authority decided not to carry out (``drop_revocation``, ADR
    # 0022): when, by whom and why; the letter telling the applicant so is rebuilt from these.
    # What was sent (above) stays as it was: audit_verify reconciles it against its event.
    dropped_at = models.DateTimeField(_("avslutad utan återkallelse"), null=True, blank=True)
    dropped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("avslutad av"),
    )
    drop_reasons = models.TextField(_("skäl att inte återkalla"), blank=True)
    # The drop is a decision (session 12): the delegation it was taken under, and its point and
    # nämnd as they were then (``vetting.facts.delegation_facts``), which the letter prints as a
    # decision does; none for a drop recorded before session 13.
    drop_delegation = models.ForeignKey(
        "vetting.Delegation",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("delegation för avslutet"),
    )
    drop_facts = models.JSONField(_("delegation vid avslutet"), default=dict, blank=True)

    def __str__(self) -> str:
        return f"Kommunicering {self.application_id}"

    @property
    def is_revocation(self) -> bool:
        return self.purpose == self.Purpose.REVOCATION

    @property
    def response_late(self) -> bool:
        """The response came after the day of its deadline (the deadline's own day counts)."""
        return self.response_received_on is not None and self.response_received_on > self.due
