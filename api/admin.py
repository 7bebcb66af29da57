from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.tokens import api_token_revoke
from vetting.admin_scope import ScopedAdminMixin, by_owner


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visibility = by_owner("user")
    list_display = ["user", "name", "key_prefix", "created_at", "revoked_at"]
    readonly_fields = ["user", "name", "key_prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created with `manage.py create_api_token`, which shows the token once

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # revoked (audited), never deleted

    @admin.action(permissions=["change"], description=_("Spärra"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)
        self.message_user(request, _("Spärrade."), messages.SUCCESS)
