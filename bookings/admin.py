"""Admin for booking systems: every change goes through services or AuditedAdmin (audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings import services, webhooks
from bookings.models import (
    BookingClient,
    BookingRequest,
    DeliveryAttempt,
    Premises,
    WebhookMessage,
)
from bookings.webhook_transport import check_webhook_url
from vetting.admin_audit import AuditedAdmin
from vetting.errors import InvalidInput


@admin.register(Premises)
class PremisesAdmin(AuditedAdmin):
    list_display = ["code", "name", "capacity", "administration", "active"]
    list_filter = ["administration", "active"]
    search_fields = ["code", "name"]


class BookingClientForm(forms.ModelForm):
    def clean_webhook_url(self) -> str:
        """The service's check, as a field error (not a 500 when saving)."""
        url = str(self.cleaned_data.get("webhook_url") or "")
        if url != self.instance.webhook_url:
            try:
                check_webhook_url(url)
            except InvalidInput as exc:
                raise forms.ValidationError(exc.errors["webhook_url"]) from exc
        return url


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def key_rotated_message(client: BookingClient, key: str) -> str:
    """What the administrator passes on to the booking system: the new key, and until when the
    old one works (the integrator deploys the new key before then)."""
    values = {"name": client.name, "key": key}
    if client.previous_key_expires_at is None:
        return _("Ny nyckel för %(name)s (visas bara nu): %(key)s. Den gamla nyckeln fungerar "
                 "inte längre.") % values  # fmt: skip
    values["until"] = _when(client.previous_key_expires_at)
    return (
        _(
            "Ny nyckel för %(name)s (visas bara nu): %(key)s. Den gamla nyckeln fungerar till "
            "%(until)s: driftsätt den nya i bokningssystemet före dess."
        )
        % values
    )


def secret_rotated_message(client: BookingClient, secret: str) -> str:
    """The new secret, and until when webhooks carry a signature with the old one too."""
    values = {"name": client.name, "secret": secret}
    if client.previous_webhook_secret_expires_at is None:
        return _("Ny webhook-hemlighet för %(name)s: %(secret)s. Webhooks signeras bara med "
                 "den nya.") % values  # fmt: skip
    values["until"] = _when(client.previous_webhook_secret_expires_at)
    return (
        _(
            "Ny webhook-hemlighet för %(name)s: %(secret)s. Till %(until)s signeras varje webhook "
            "med både den nya och den gamla hemligheten (två signaturer i webhook-signature): "
            "driftsätt den nya hos mottagaren före dess och godta ett meddelande om någon signatur "
            "stämmer."
        )
        % values
    )


@admin.register(BookingClient)
class BookingClientAdmin(admin.ModelAdmin):
    form = BookingClientForm
    list_display = [
        "name", "key_prefix", "previous_key_status", "webhook_url", "administration", "revoked_at",
    ]  # fmt: skip
    readonly_fields = [
        "key_prefix", "created_at", "key_rotated_at", "previous_key_status",
        "webhook_secret_rotated_at", "previous_secret_status", "revoked_at",
    ]  # fmt: skip
    fields = ["name", "webhook_url", "administration", "premises", *readonly_fields]
    filter_horizontal = ["premises"]
    actions = [
        "rotate_key", "rotate_key_revoke_previous", "revoke_previous_key",
        "rotate_webhook_secret", "revoke",
    ]  # fmt: skip

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created with `manage.py create_booking_client`, which shows the key once

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Through the service, which writes the audit event (premises included)."""
        data = form.cleaned_data
        values = services.ClientSettings(
            name=data["name"],
            webhook_url=data["webhook_url"],
            administration_id=data["administration"].pk if data["administration"] else None,
            premises=frozenset(p.pk for p in data["premises"]),
        )
        services.client_update(actor=request.user, client=obj, values=values)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The premises were set by ``client_update``."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("föregående nyckel"))
    def previous_key_status(self, client: BookingClient) -> str:
        """The previous key's prefix and until when it works, while it does."""
        if not client.previous_key_valid(timezone.now()):
            return "–"
        assert client.previous_key_expires_at is not None
        return _("%(prefix)s… fungerar till %(until)s") % {
            "prefix": client.previous_key_prefix,
            "until": _when(client.previous_key_expires_at),
        }

    @admin.display(description=_("föregående webhook-hemlighet"))
    def previous_secret_status(self, client: BookingClient) -> str:
        until = client.previous_webhook_secret_expires_at
        if len(client.signing_secrets(timezone.now())) < 2 or until is None:
            return "–"
        return _("signerar också till %(until)s") % {"until": _when(until)}

    @admin.action(description=_("Byt API-nyckel (den gamla fungerar en övergångstid)"))
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        self._rotate_keys(request, queryset, revoke_previous=False)

    @admin.action(description=_("Byt API-nyckel och spärra den gamla nu"))
    def rotate_key_revoke_previous(
        self, request: HttpRequest, queryset: QuerySet[BookingClient]
    ) -> None:
        self._rotate_keys(request, queryset, revoke_previous=True)

    def _rotate_keys(
        self, request: HttpRequest, queryset: QuerySet[BookingClient], *, revoke_previous: bool
    ) -> None:
        for client in queryset:
            key = services.client_rotate_key(
                actor=request.user, client=client, revoke_previous=revoke_previous
            )
            self.message_user(request, key_rotated_message(client, key), messages.WARNING)

    @admin.action(description=_("Spärra föregående API-nyckel nu"))
    def revoke_previous_key(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        for client in queryset:
            services.client_revoke_previous_key(actor=request.user, client=client)
        self.message_user(request, _("Föregående nycklar spärrade."), messages.SUCCESS)

    @admin.action(description=_("Byt webhook-hemlighet"))
    def rotate_webhook_secret(
        self, request: HttpRequest, queryset: QuerySet[BookingClient]
    ) -> None:
        for client in queryset:
            secret = services.client_rotate_webhook_secret(actor=request.user, client=client)
            self.message_user(request, secret_rotated_message(client, secret), messages.WARNING)

    @admin.action(description=_("Spärra"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        for client in queryset.filter(revoked_at__isnull=True):
            services.client_revoke(actor=request.user, client=client)
        self.message_user(request, _("Spärrade."), messages.SUCCESS)


@admin.register(BookingRequest)
class BookingRequestAdmin(admin.ModelAdmin):
    list_display = ["external_ref", "client", "application", "changed_at"]
    list_filter = ["client"]
    list_select_related = ["client", "application"]
    readonly_fields = ["client", "external_ref", "application", "created_at", "changed_at"]
    exclude = ["change_seq"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the client's record of its request; withdrawal is the way out


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["attempted_at", "status_code", "error", "duration_ms", "success"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = ["msg_id", "client", "event_type", "status", "attempts", "created_at"]
    list_filter = ["status", "client", "event_type"]
    list_select_related = ["client"]
    readonly_fields = [
        "msg_id",
        "client",
        "booking_request",
        "event_type",
        "body",
        "status",
        "created_at",
        "next_attempt_at",
        "retry_until",
        "attempts",
        "delivered_at",
        "failed_at",
        "last_error",
    ]
    exclude = ["lease_until"]
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the outbox and its attempts are the delivery record

    @admin.action(description=_("Skicka igen"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookMessage]) -> None:
        for message in queryset:
            webhooks.webhook_redeliver(actor=request.user, message=message)
        self.message_user(request, _("Köade för ny leverans."), messages.SUCCESS)
