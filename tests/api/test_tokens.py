"""Officers' API tokens: revoked once."""

from __future__ import annotations

import pytest

from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke
from audit.context import SYSTEM
from audit.models import AuditEvent
from tests.world import World

pytestmark = pytest.mark.django_db


def test_token_revoked_twice_keeps_its_first_revocation(world: World) -> None:
    """Revoking was a blind write of the admin's stale instance: two administrators at once
    overwrote the revocation time and the trail recorded two revocations."""
    token, _ = api_token_create(actor=SYSTEM, user=world.handler)
    seen_by_a, seen_by_b = ApiToken.objects.get(pk=token.pk), ApiToken.objects.get(pk=token.pk)
    api_token_revoke(actor=world.admin, token=seen_by_a)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert first is not None
    assert api_token_revoke(actor=world.admin, token=seen_by_b).revoked_at == first
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
