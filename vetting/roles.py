"""Roles are Django groups with these names."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

HANDLER = "handläggare"
DECISION_MAKER = "beslutsfattare"
SECURITY = "säkerhetssamordnare"
AUDITOR = "revisor"
ADMINISTRATOR = "administratör"
ALL_ROLES = (HANDLER, DECISION_MAKER, SECURITY, AUDITOR, ADMINISTRATOR)
# What the pages call each role (the group names are fixed Swedish codes).
LABELS = {
    HANDLER: _("Handläggare"),
    DECISION_MAKER: _("Beslutsfattare"),
    SECURITY: _("Säkerhetssamordnare"),
    AUDITOR: _("Revisor"),
    ADMINISTRATOR: _("Administratör"),
}


def role_names(user: Any) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_granska_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._granska_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    return bool(role_names(user).intersection(roles))
