"""Admin for booking systems: every change goes through services or AuditedAdmin (audited)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
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
from vetting.admin_scope import ScopedAdminMixin, by_administration
from vetting.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@admin.register(Premises)
class PremisesAdmin(ScopedAdminMixin, AuditedAdmin):
    visibility = by_administration("administration")
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


def _grace_url_name(name: str) -> str:
    return f"bookings_bookingclient_{name.replace('-', '_')}"


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


@dataclass(frozen=True)
class GraceEnd:
    """Ending a rotation's grace now: a button on the client's page, with a confirmation page."""

    label: StrOrPromise
    running: Callable[[BookingClient, datetime], datetime | None]  # the grace's end, or None
    explanation: StrOrPromise
    done: StrOrPromise
    none: StrOrPromise
    service: Callable[..., BookingClient]


def _secret_grace(client: BookingClient, now: datetime) -> datetime | None:
    signing = len(client.signing_secrets(now)) > 1
    return client.previous_webhook_secret_expires_at if signing else None


def _key_grace(client: BookingClient, now: datetime) -> datetime | None:
    return client.previous_key_expires_at if client.previous_key_valid(now) else None


GRACE_ENDS = {
    "end-previous-secret": GraceEnd(
        label=_("Sluta signera med den gamla hemligheten nu"),
        running=_secret_grace,
        explanation=_(
            "Webhooks till %(name)s signeras med både den nya och den gamla hemligheten till "
            "%(until)s. Efter detta signeras de bara med den nya: mottagaren måste redan ha "
            "driftsatt den nya hemligheten, annars avvisar den meddelandena."
        ),
        done=_("Webhooks till %(name)s signeras nu bara med den nya hemligheten."),
        none=_("Ingen övergångstid pågår: ingen gammal hemlighet signerar webhooks."),
        service=services.client_revoke_previous_secret,
    ),
    "revoke-previous-key": GraceEnd(
        label=_("Återkalla den gamla API-nyckeln nu"),
        running=_key_grace,
        explanation=_(
            "Den gamla API-nyckeln för %(name)s fungerar till %(until)s. Efter detta avvisas den "
            "genast (401): bokningssystemet måste redan använda den nya nyckeln."
        ),
        done=_("Den gamla API-nyckeln för %(name)s fungerar inte längre."),
        none=_("Ingen övergångstid pågår: ingen gammal API-nyckel fungerar."),
        service=services.client_revoke_previous_key,
    ),
}


@admin.register(BookingClient)
class BookingClientAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visibility = by_administration("administration")
    form = BookingClientForm
    change_form_template = "admin/bookings/bookingclient/change_form.html"
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

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.end_grace_view)
        urls = [
            path(f"<path:object_id>/{name}/", view, {"name": name}, name=_grace_url_name(name))
            for name in GRACE_ENDS
        ]
        return [*urls, *super().get_urls()]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """The buttons that end a running grace (none on a revoked client: nothing works)."""
        client = self.get_object(request, object_id)
        buttons = []
        may_change = client is not None and self.has_change_permission(request, client)
        if client is not None and may_change and client.revoked_at is None:
            now = timezone.now()
            buttons = [
                (reverse(f"admin:{_grace_url_name(name)}", args=[client.pk]), end.label)
                for name, end in GRACE_ENDS.items()
                if end.running(client, now) is not None
            ]
        extra = {**(extra_context or {}), "grace_buttons": buttons}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def end_grace_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        """GET: what ending the grace means, to confirm; POST: end it through the service."""
        client = self.get_object(request, object_id)
        if client is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, client):
            raise PermissionDenied
        end = GRACE_ENDS[name]
        until = end.running(client, timezone.now())
        change_page = reverse("admin:bookings_bookingclient_change", args=[client.pk])
        if until is None or client.revoked_at is not None:
            self.message_user(request, end.none, messages.INFO)
            return redirect(change_page)
        values = {"name": client.name, "until": _when(until)}
        if request.method == "POST":
            end.service(actor=request.user, client=client)
            self.message_user(request, end.done % values, messages.SUCCESS)
            return redirect(change_page)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": client,
            "title": end.label,
            "explanation": end.explanation % values,
            "change_page": change_page,
        }
        return render(request, "admin/bookings/bookingclient/end_grace.html", context)

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

    @admin.action(
        permissions=["change"], description=_("Byt API-nyckel (den gamla fungerar en övergångstid)")
    )
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        self._rotate_keys(request, queryset, revoke_previous=False)

    @admin.action(permissions=["change"], description=_("Byt API-nyckel och spärra den gamla nu"))
    def rotate_key_revoke_previous(
        self, request: HttpRequest, queryset: QuerySet[BookingClient]
    ) -> None:
        self._rotate_keys(request, queryset, revoke_previous=True)

    def _rotate_keys(
        self, request: HttpRequest, queryset: QuerySet[BookingClient], *, revoke_previous: bool
    ) -> None:
        for client in queryset:
            try:
                key = services.client_rotate_key(
                    actor=request.user, client=client, revoke_previous=revoke_previous
                )
            except DomainError as exc:
                self.message_user(request, f"{client.name}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, key_rotated_message(client, key), messages.WARNING)

    @admin.action(permissions=["change"], description=_("Spärra föregående API-nyckel nu"))
    def revoke_previous_key(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        """Through the service, for the clients whose previous key still works; says so when
        none does (the service records nothing then)."""
        now = timezone.now()
        running = [client for client in queryset if client.previous_key_valid(now)]
        for client in running:
            services.client_revoke_previous_key(actor=request.user, client=client)
        if running:
            self.message_user(request, _("Föregående nycklar spärrade."), messages.SUCCESS)
        else:
            self.message_user(request, GRACE_ENDS["revoke-previous-key"].none, messages.INFO)

    @admin.action(permissions=["change"], description=_("Byt webhook-hemlighet"))
    def rotate_webhook_secret(
        self, request: HttpRequest, queryset: QuerySet[BookingClient]
    ) -> None:
        for client in queryset:
            try:
                secret = services.client_rotate_webhook_secret(actor=request.user, client=client)
            except DomainError as exc:
                self.message_user(request, f"{client.name}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, secret_rotated_message(client, secret), messages.WARNING)

    @admin.action(permissions=["change"], description=_("Spärra"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[BookingClient]) -> None:
        """Names the booking systems revoked now (their keys get 401 from now on) and those
        that already were."""
        revoked, already = [], []
        for client in queryset:
            if client.revoked_at is None:
                services.client_revoke(actor=request.user, client=client)
                revoked.append(client.name)
            else:
                already.append(client.name)
        if revoked:
            names = ", ".join(revoked)
            text = ngettext(
                "Spärrade %(names)s: dess API-nycklar nekas nu (401).",
                "Spärrade %(names)s: deras API-nycklar nekas nu (401).",
                len(revoked),
            )
            self.message_user(request, text % {"names": names}, messages.SUCCESS)
        if already:
            text = gettext("Redan spärrade: %(names)s.") % {"names": ", ".join(already)}
            self.message_user(request, text, messages.INFO)


@admin.register(BookingRequest)
class BookingRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visibility = by_administration("application__administration")
    list_display = ["external_ref", "client", "application", "changed_at"]
    list_filter = ["client"]
    list_select_related = ["client", "application"]
    readonly_fields = ["client", "external_ref", "application", "created_at", "changed_at"]
    exclude = ["change_seq"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the client's record of its request; withdrawal is the way out


class DeliveryAttemptInline(ScopedAdminMixin, admin.TabularInline):
    visibility = by_administration("message__booking_request__application__administration")
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["attempted_at", "status_code", "error", "duration_ms", "success"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visibility = by_administration("booking_request__application__administration")
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
    # Newest first (the id follows creation and is indexed): the pending and failed messages
    # one redelivers are the recent ones, not on the last page.
    ordering = ["-id"]
    exclude = ["lease_until"]
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the outbox and its attempts are the delivery record

    @admin.action(permissions=["change"], description=_("Skicka igen"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookMessage]) -> None:
        """Each message through the service; one it refuses is named with the reason."""
        queued = 0
        for message in queryset:
            try:
                webhooks.webhook_redeliver(actor=request.user, message=message)
            except DomainError as exc:
                self.message_user(request, f"{message.msg_id}: {exc.message}", messages.ERROR)
            else:
                queued += 1
        if queued:
            self.message_user(request, _("Köade för ny leverans."), messages.SUCCESS)
