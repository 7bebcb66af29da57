from datetime import datetime

from django.db import models
from django.utils import timezone
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


class BookingClient(models.Model):
    """A booking system that sends premises-rental requests over the API.

    Only a SHA-256 hash of the API key is kept; the key is shown once, when it is created or
    rotated. The webhook secret is kept as it is, since every delivery is signed with it.

    A rotation keeps the previous key (its hash) and the previous secret for a grace period, so
    the booking system can deploy the new ones without an outage: the previous key is accepted
    until ``previous_key_expires_at``, and webhooks are signed with both secrets until
    ``previous_webhook_secret_expires_at`` (Standard Webhooks allows several signatures).
    """

    name = models.CharField(_("namn"), max_length=200, unique=True)
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("nyckelns hash")
    )
    key_prefix = models.CharField(_("nyckelprefix"), max_length=16, editable=False)
    webhook_url = models.URLField(_("webhook-adress"), max_length=500, blank=True)
    webhook_secret = models.CharField(
        max_length=100, editable=False, verbose_name=_("webhook-hemlighet")
    )
    premises = models.ManyToManyField(
        Premises, blank=True, related_name="booking_clients", verbose_name=_("lokaler")
    )
    administration = models.ForeignKey(
        "vetting.Administration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booking_clients",
        verbose_name=_("förvaltning"),
        help_text=_("Klienten får boka alla aktiva lokaler i förvaltningen."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    key_rotated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nyckeln bytt"))
    # NULL, not "", when there is none: the partial index below then holds only the clients in a
    # rotation's grace, and the key lookup's equality on it implies NOT NULL (so it is used).
    previous_key_hash = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("föregående nyckels hash"),
    )
    previous_key_prefix = models.CharField(
        _("föregående nyckelprefix"), max_length=16, blank=True, editable=False
    )
    previous_key_expires_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("föregående nyckel gäller till")
    )
    webhook_secret_rotated_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("webhook-hemligheten bytt")
    )
    previous_webhook_secret = models.CharField(
        max_length=100, blank=True, editable=False, verbose_name=_("föregående webhook-hemlighet")
    )
    previous_webhook_secret_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("föregående webhook-hemlighet signerar till"),
    )
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bokningssystem")
        verbose_name_plural = _("bokningssystem")
        indexes = [
            models.Index(
                fields=["previous_key_hash"],
                condition=models.Q(previous_key_hash__isnull=False),
                name="bookingclient_previous_key",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_authenticated(self) -> bool:
        return True

    def previous_key_valid(self, now: datetime) -> bool:
        return self.previous_key_hash is not None and _before(now, self.previous_key_expires_at)

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets a webhook sent now is signed with: the current one, and during the grace
        after a rotation the previous one as well (new first)."""
        previous = self.previous_webhook_secret
        if previous and _before(now, self.previous_webhook_secret_expires_at):
            return [self.webhook_secret, previous]
        return [self.webhook_secret]


def _before(now: datetime, until: datetime | None) -> bool:
    return until is not None and now < until


class BookingRequest(models.Model):
    """A booking system's request, tied to the lokaluthyrning case it became."""

    client = models.ForeignKey(
        BookingClient,
        on_delete=models.PROTECT,
        related_name="booking_requests",
        db_index=False,  # the unique (client, external_ref) and the (client, change_seq) lead
        verbose_name=_("bokningssystem"),
    )
    external_ref = models.CharField(_("bokningssystemets referens"), max_length=100)
    application = models.OneToOneField(
        "vetting.Application",
        on_delete=models.PROTECT,
        related_name="booking_request",
        verbose_name=_("ärende"),
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("mottagen")
    )
    # Bumped in the transaction of every change; change_seq is the audit sequence number of the
    # change, so it grows in commit order (the audit chain head lock serialises writers).
    changed_at = models.DateTimeField(db_index=True, verbose_name=_("senast ändrad"))
    # No index of its own: every read of it is per client, (client, change_seq) (ADR 0005).
    change_seq = models.BigIntegerField(verbose_name=_("ändringsnummer"))

    class Meta:
        ordering = ["change_seq", "id"]
        verbose_name = _("bokningsförfrågan")
        verbose_name_plural = _("bokningsförfrågningar")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_ref"], name="booking_request_external_ref_per_client"
            )
        ]
        indexes = [models.Index(fields=["client", "change_seq"])]

    def __str__(self) -> str:
        return f"{self.client}: {self.external_ref}"


class IdempotencyRecord(models.Model):
    """The first answer to a client's Idempotency-Key, replayed for a retry of the same request."""

    client = models.ForeignKey(
        BookingClient,
        on_delete=models.CASCADE,
        related_name="idempotency_records",
        db_index=False,  # the unique (client, key) leads with it
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    # The answer as sent, as text: a replay must be byte for byte the first answer (PostgreSQL's
    # jsonb would reorder its keys).
    response_body = models.TextField()
    booking_request = models.ForeignKey(
        BookingRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # never looked up from this side; requests are never deleted (ADR 0005)
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"


class WebhookMessage(models.Model):
    """Outbox: one event for a client, written in the transaction of the change it reports."""

    class Status(models.TextChoices):
        PENDING = "pending", _("väntar")
        DELIVERED = "delivered", _("levererad")
        FAILED = "failed", _("misslyckad")

    msg_id = models.CharField(
        max_length=40, unique=True, editable=False, verbose_name=_("meddelande-id")
    )
    client = models.ForeignKey(
        BookingClient,
        on_delete=models.PROTECT,
        related_name="webhook_messages",
        verbose_name=_("bokningssystem"),
    )
    booking_request = models.ForeignKey(
        BookingRequest,
        on_delete=models.PROTECT,
        related_name="webhook_messages",
        db_index=False,  # the (booking_request, status, id) index leads with it
        verbose_name=_("bokningsförfrågan"),
    )
    event_type = models.CharField(max_length=64, verbose_name=_("händelse"))
    body = models.TextField(
        help_text=_("Den exakta JSON-kropp som signeras och skickas."), verbose_name=_("innehåll")
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        verbose_name=_("status"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    # No index: "due" (<= now) matches nearly every message ever sent; the status index finds
    # the pending ones (ADR 0005).
    next_attempt_at = models.DateTimeField(verbose_name=_("nästa försök"))
    retry_until = models.DateTimeField(
        help_text=_("Tillfälliga fel försöks igen till dess."),
        verbose_name=_("försök till och med"),
    )
    lease_until = models.DateTimeField(null=True, blank=True, verbose_name=_("låst till"))
    # Drawn by each claim: only the attempt holding the current lease records its outcome.
    lease_token = models.UUIDField(
        null=True, blank=True, editable=False, verbose_name=_("låsets token")
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("försök"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("levererad"))
    # When the message failed for good (granska_status counts those of the last 24 hours).
    failed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("misslyckades"))
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("senaste fel"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook-meddelande")
        verbose_name_plural = _("webhook-meddelanden")
        indexes = [models.Index(fields=["booking_request", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.msg_id} {self.event_type}"


class DeliveryAttempt(models.Model):
    """One attempt to deliver a webhook message, successful or not."""

    message = models.ForeignKey(
        WebhookMessage,
        on_delete=models.CASCADE,
        related_name="attempts_log",
        verbose_name=_("meddelande"),
    )
    attempted_at = models.DateTimeField(verbose_name=_("försökt"))
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("HTTP-status")
    )
    error = models.CharField(max_length=500, blank=True, verbose_name=_("fel"))
    duration_ms = models.PositiveIntegerField(default=0, verbose_name=_("tid (ms)"))
    success = models.BooleanField(default=False, verbose_name=_("lyckat"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("leveransförsök")
        verbose_name_plural = _("leveransförsök")

    def __str__(self) -> str:
        return f"{self.message_id} {self.status_code or self.error}"
