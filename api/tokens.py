"""Personal API tokens of officers (services: create, revoke, look up). Audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from audit.services import person_pseudonym, record_event
from bookings import keys
from vetting.services._core import ActorLike, audit_actor


def api_token_create(*, actor: ActorLike, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; the token itself is returned once and only its hash kept."""
    raw = keys.new_key(keys.OFFICER_TOKEN_PREFIX)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=keys.key_hash(raw), key_prefix=keys.display_prefix(raw)
        )
        record_event(
            actor=audit_actor(actor),
            action="api_token.created",
            object_type="api_token",
            object_id=token.pk,
            changes={
                "user": person_pseudonym(user),
                "key_prefix": token.key_prefix,
                "name": name,
            },
        )
    return token, raw


def api_token_revoke(*, actor: ActorLike, token: ApiToken) -> ApiToken:
    """Revoke the token, once: a token revoked already keeps its first revocation time and no
    second event is written (two administrators at once, a double post)."""
    with transaction.atomic():
        active = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True)
        changed = active.update(revoked_at=timezone.now())
        token.refresh_from_db(fields=["revoked_at"])
        if not changed:
            return token
        record_event(
            actor=audit_actor(actor),
            action="api_token.revoked",
            object_type="api_token",
            object_id=token.pk,
            changes={"user": person_pseudonym(token.user), "key_prefix": token.key_prefix},
        )
    return token


def user_for_token(raw: str) -> Any | None:
    token = (
        ApiToken.objects.filter(key_hash=keys.key_hash(raw), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not keys.key_matches(raw, token.key_hash) or not token.user.is_active:
        return None
    return token.user
