"""The admin site, for those who can use it: a superuser, or a staff user with at least one
permission. Django's own site lets in every active staff user, and one with no permission got an
empty index (the demo's auditor): such a user is now sent to the admin's login page, as anyone
else without access is, and the site menu offers no link to the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


def may_use_admin(user: Any) -> bool:
    """Whether the admin has anything for ``user`` (its permissions are cached on the user)."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return bool(user.is_superuser or user.get_all_permissions())


class GranskaAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)
