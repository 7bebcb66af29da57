"""What an erasure (``audit.services.person_erase``) does to the account beyond its name: the
access it kept (removed, and what was removed recorded in the erasure's event), the failed
logins recorded under its old username, and the admin's history
(``django_admin_log.object_repr``), which names objects as their ``__str__`` did when saved,
several of them starting with their user's username."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from audit.context import Actor

# The objects whose ``__str__`` starts with their ``user``'s username, and what follows it
# (``Delegation``: "anna: grant ≤ 5000", ``ConflictOfInterest``: "anna – Förening",
# ``ApiToken``: "anna ab12…", ``Profile``: "anna").
USER_REPRS: tuple[tuple[str, str], ...] = (
    ("vetting.Delegation", ": "),
    ("vetting.ConflictOfInterest", " – "),
    ("api.ApiToken", " "),
    ("vetting.Profile", ""),
)


def revoke_access(user: Any, actor: Actor) -> dict[str, Any]:
    """An erased account can do nothing: no admin access, superuser, roles, permissions, open
    API tokens, delegations in force or to come, or logged-in sessions. ``user`` is the account
    row the erasure locked (its flags as locked). Returns what was removed, for the erasure's
    event: whether it had admin access and was superuser, how many roles, permissions, open
    tokens, delegations and sessions it lost (kinds and counts only, no names).

    Each token is revoked and each delegation ended through its service, with its own event
    naming the erasure's actor (``api.tokens.api_token_revoke``,
    ``vetting.services.reference.delegation_end``: in force until the end of the erasure's day,
    so what was decided under it that day stays covered; one not yet in force is withdrawn).
    Their rows are locked before the first event: the writers of a token or a delegation lock
    its row and then the chain, and so does this (ADR 0005), nothing being locked after it.

    Left as they are, on purpose: jäv declarations (history: they explain past recusals); the
    account's administrations (``Profile``: no access without a role, and they show the
    administrations' administrators the erased person's jäv declarations and account); the cases
    it is assigned to as handler (the handler stays on the case so that a take-over records
    from whom, as for a jävig handler, ADR 0002; the work queue lists it to be taken over,
    ``web.selectors.handler_inactive``, and another handler, who confirms no jäv, takes it:
    erasure cannot choose one). A password reset link is void with
    the password made unusable."""
    from api.tokens import api_token_revoke
    from vetting.services.reference import delegation_end

    today = timezone.localdate()
    tokens = list(
        apps.get_model("api", "ApiToken")
        ._default_manager.select_for_update()
        .filter(user=user, revoked_at__isnull=True)
        .order_by("pk")
    )
    # FOR NO KEY UPDATE: a decision's foreign key takes FOR KEY SHARE on its delegation row.
    delegations = list(
        apps.get_model("vetting", "Delegation")
        ._default_manager.select_for_update(no_key=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today), user=user)
        .order_by("pk")
    )
    removed = {
        "is_staff": bool(user.is_staff),
        "is_superuser": bool(user.is_superuser),
        "groups": user.groups.count(),
        "user_permissions": user.user_permissions.count(),
        "sessions": end_sessions(user),
    }
    user.is_staff = user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.clear()
    user.user_permissions.clear()
    # The events, last: every row they change is locked above.
    for token in tokens:
        token.user = user
        api_token_revoke(actor=actor, token=token)
    ended = [delegation_end(actor=actor, delegation=d, last_day=today) for d in delegations]
    return {**removed, "api_tokens": len(tokens), "delegations": sum(map(bool, ended))}


def end_sessions(user: Any) -> int:
    """End the sessions logged in as the account (Django's, by the user id they carry); returns
    how many. They were void already (the unusable password changes the session's hash, and an
    inactive account is not logged in), but they would hold the account's id until they expire.
    A session store that cannot be listed (cache, signed cookies) is left to that."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    sessions = store.get_model_class()._default_manager.filter(expire_date__gt=timezone.now())
    own, decode = str(user._meta.pk.value_to_string(user)), store().decode
    keys = [
        key
        for key, data in sessions.values_list("session_key", "session_data").iterator()
        if decode(data).get(SESSION_KEY) == own
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


def forget_login_failures(username: str) -> None:
    """The failed logins recorded under the old username (django-axes: lockouts, and their logs
    if enabled) are deleted: they name the person (username, address, browser), and no account
    has that name any more, so a lockout of it protects nothing."""
    for name in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
        apps.get_model("axes", name)._default_manager.filter(username=username).delete()


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
