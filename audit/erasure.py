"""What an erasure (``audit.services.person_erase``) does to the account beyond its name: the
access it kept (removed, and what was removed recorded in the erasure's event), and the admin's
history (``django_admin_log.object_repr``), which names objects
as their ``__str__`` did when saved, several of them starting with their user's username."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr

# The objects whose ``__str__`` starts with their ``user``'s username, and what follows it
# (``Delegation``: "anna: grant ≤ 5000", ``ConflictOfInterest``: "anna – Förening",
# ``ApiToken``: "anna ab12…", ``Profile``: "anna").
USER_REPRS: tuple[tuple[str, str], ...] = (
    ("vetting.Delegation", ": "),
    ("vetting.ConflictOfInterest", " – "),
    ("api.ApiToken", " "),
    ("vetting.Profile", ""),
)


def revoke_access(user: Any) -> dict[str, Any]:
    """An erased account can do nothing: no admin access, superuser, roles, permissions or API
    tokens still open. Returns what was removed, for the erasure's event: whether it had admin
    access and was superuser, how many roles, permissions and open tokens it lost (kinds and
    counts only, no names)."""
    from django.utils import timezone

    tokens = apps.get_model("api", "ApiToken")._default_manager.filter(
        user=user, revoked_at__isnull=True
    )
    staff, superuser = (
        type(user)._default_manager.filter(pk=user.pk).values_list("is_staff", "is_superuser").get()
    )
    removed = {
        "is_staff": bool(staff),
        "is_superuser": bool(superuser),
        "groups": user.groups.count(),
        "user_permissions": user.user_permissions.count(),
        "api_tokens": tokens.update(revoked_at=timezone.now()),
    }
    user.is_staff = user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.clear()
    user.user_permissions.clear()
    return removed


def rename_in_admin_history(user: Any, old: str, pseudonym: str) -> None:
    """The admin's history names the account by its pseudonym: its own rows, and those of the
    objects above that belong to it, where their name starts with the old username (only
    these objects' rows: another object whose name merely contains the username is left)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(user)), object_id=str(user.pk)
    ).update(object_repr=pseudonym)
    renamed = Concat(
        Value(pseudonym), Substr("object_repr", len(old) + 1), output_field=CharField()
    )
    for label, after in USER_REPRS:
        model = apps.get_model(label)
        ids = [
            str(pk) for pk in model._default_manager.filter(user=user).values_list("pk", flat=True)
        ]
        if not ids:
            continue
        rows = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        )
        matching = (
            rows.filter(object_repr__startswith=old + after)
            if after
            else rows.filter(object_repr=old)
        )
        matching.update(object_repr=renamed)
