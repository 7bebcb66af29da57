"""Reads: which cases a user may see (the one rule of the pages, the API and the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vetting import roles
from vetting.models import Application


def sees_all_cases(user: Any) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or roles.has_role(user, roles.AUDITOR, roles.ADMINISTRATOR)
    )


def administration_ids(user: Any) -> list[int]:
    cached = getattr(user, "_granska_admin_ids", None)
    if cached is None:
        profile = getattr(user, "profile", None)
        cached = list(profile.administrations.values_list("id", flat=True)) if profile else []
        user._granska_admin_ids = cached
    return cached


def visible_administration_ids(user: Any) -> list[int] | None:
    """The administrations whose cases (and what belongs to them) ``user`` may see: None for
    all (superusers, auditors, administrators); an officer's own; none for anyone else, even
    with administrations in the profile (e.g. one whose role was removed on changing jobs).
    The one rule of the pages, the API and the admin (vetting.admin_scope)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if sees_all_cases(user):
        return None
    if not roles.has_role(user, roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY):
        return []
    return administration_ids(user)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Officers see the cases of their administrations; auditors and administrators all; a
    user with no officer role none (``visible_administration_ids``)."""
    qs = Application.objects.all()
    ids = visible_administration_ids(user)
    if ids is None:
        return qs
    return qs.filter(administration_id__in=ids) if ids else qs.none()
