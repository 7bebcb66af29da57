"""A broker that is down delays tasks; it does not fail or stall the request that queues them
(docs/operations.md, section 2). The ops tester measured 5.4 s per booking request with the broker
down (Celery's default publish retries), and the worker exits for good after 100 failed
reconnections by default."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from kombu.exceptions import OperationalError

import associations.services as assoc_services
from associations.models import StatutesVersion
from config.celery import app
from tests.world import World

pytestmark = pytest.mark.django_db


def test_a_publish_retries_once_quickly_and_reconnection_never_gives_up() -> None:
    assert app.conf.task_publish_retry_policy["max_retries"] == 1
    assert app.conf.task_publish_retry_policy["interval_max"] <= 0.2
    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.broker_connection_retry is True
    assert app.conf.broker_connection_retry_on_startup is True
    assert app.conf.broker_connection_max_retries is None


def test_statutes_upload_with_the_broker_down_is_saved_not_a_500(
    world: World,
    monkeypatch: Any,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)

    def broker_down(pk: int) -> None:
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(assoc_services, "_queue_reading", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        version = assoc_services.statutes_add(
            association=world.spex,
            actor=world.handler,
            adopted_on=date(2024, 1, 1),
            text="Stadgar för Studentspexet. Föreningen är öppen för alla.",
        )
    assert StatutesVersion.objects.filter(pk=version.pk).exists()
