"""The embedded (file-system) broker hands tasks to the worker promptly."""

from __future__ import annotations

import pytest
from django.conf import settings
from kombu import Connection


def test_the_file_system_broker_is_polled_ten_times_a_second():
    """kombu's default of one poll a second held each webhook chained behind another for up to a
    second: a backlog of 39 messages took 39 s to reach a receiver in the demo."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("only the file-system broker is polled")
    with Connection(
        settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    ) as conn:
        assert conn.transport.polling_interval == pytest.approx(0.1)
