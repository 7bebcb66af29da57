"""The hot reads of the intake path (bookings.intake_selectors): the client by key hash and
everything a new booking request needs, in one query each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.context import SYSTEM
from bookings import keys
from bookings.intake_selectors import (
    _booking_request_sequence,
    active_client_by_key_hash,
    intake_context,
)
from bookings.services import Credentials, client_create, client_revoke
from tests.api.conftest import booking_body, client_for
from tests.factories import PremisesFactory
from tests.world import World
from vetting.errors import NoPublishedRulebook
from vetting.models import Rulebook
from vetting.services.intake import current_rulebook

pytestmark = pytest.mark.django_db


def context(creds: Credentials, **overrides: Any) -> Any:
    args = {"key": "k-1", "premises_code": "stora-salen", "org_number": "802000-0017"}
    args.update(overrides)
    if connection.vendor == "postgresql":
        _booking_request_sequence()  # looked up once per process, not per request
    with CaptureQueriesContext(connection) as queries:
        found = intake_context(creds.client, **args)
    assert len(queries) == 1
    return found


def test_client_by_key_hash_is_one_query_and_skips_revoked(creds: Credentials) -> None:
    digest = keys.key_hash(creds.api_key)
    with CaptureQueriesContext(connection) as queries:
        client = active_client_by_key_hash(digest)
    assert len(queries) == 1
    assert client is not None and client.pk == creds.client.pk
    assert (client.name, client.webhook_secret) == (creds.client.name, creds.webhook_secret)
    assert client.administration_id == creds.client.administration_id
    client_revoke(actor=SYSTEM, client=creds.client)
    assert active_client_by_key_hash(digest) is None
    assert active_client_by_key_hash(keys.key_hash("gk_unknown")) is None


def test_context_of_a_known_association_and_permitted_premises(
    world: World, creds: Credentials
) -> None:
    found = context(creds)
    assert found.key_used is False
    assert found.premises.pk == world.hall.pk and found.premises.capacity == world.hall.capacity
    assert found.premises.administration_id == world.kultur.pk
    assert found.association.pk == world.scouts.pk and found.association.name == world.scouts.name
    assert found.rulebook.pk == current_rulebook().pk
    assert found.rulebook.version == current_rulebook().version
    if connection.vendor == "postgresql":
        assert found.booking_request_id is not None
    else:
        assert found.booking_request_id is None


def test_premises_by_administration_by_list_or_not_at_all(world: World) -> None:
    by_admin = client_create(actor=SYSTEM, name="Förvaltningens", administration_id=world.kultur.pk)
    listed = client_create(actor=SYSTEM, name="Listans", premises=[world.hall])
    neither = client_create(actor=SYSTEM, name="Ingens", administration_id=world.social.pk)
    PremisesFactory(code="stangd", administration=world.kultur, active=False)
    assert context(by_admin).premises.pk == world.hall.pk
    assert context(listed).premises.pk == world.hall.pk
    assert context(neither).premises is None
    assert context(by_admin, premises_code="stangd").premises is None
    assert context(by_admin, premises_code="finns-inte").premises is None


def test_unknown_association_and_used_idempotency_key(creds: Credentials) -> None:
    assert context(creds, org_number="802000-9999").association is None
    response = client_for(creds).post(
        "/api/v1/booking-requests/", booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-used"
    )
    assert response.status_code == 201
    found = context(creds, key="k-used")
    assert found.key_used is True


def test_rulebook_is_the_newest_published_and_never_a_draft() -> None:
    def add(version: int, published: bool) -> Rulebook:
        return Rulebook.objects.create(
            version=version, title=f"v{version}", adopted_on=date(2026, 1, 1), published=published
        )

    Rulebook.objects.update(published=False)
    add(98, published=False)  # a draft, newer than every published version
    creds = client_create(actor=SYSTEM, name="Regler")
    assert context(creds).rulebook is None
    with pytest.raises(NoPublishedRulebook):
        current_rulebook()
    published = add(97, published=True)
    assert context(creds).rulebook.pk == published.pk == current_rulebook().pk
