"""A routine 403 is logged as one warning line; real errors keep their traceback."""

from __future__ import annotations

import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied

from config.logs import RoutineRefusalFilter


@pytest.mark.django_db
def test_a_refused_page_logs_one_warning_without_traceback(world, caplog):
    from django.test import Client

    client = Client()
    client.force_login(world.handler)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/revision/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "/revision/" in records[0].getMessage()
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def record_for(exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        exc_info = sys.exc_info()
    return logging.LogRecord("django.request", logging.ERROR, "x", 1, "msg", None, exc_info)


def test_the_filter_drops_only_a_permission_denied_traceback():
    refusal, error = record_for(PermissionDenied("nope")), record_for(ValueError("bug"))
    assert RoutineRefusalFilter().filter(refusal) and RoutineRefusalFilter().filter(error)
    assert refusal.exc_info is None
    assert error.exc_info is not None and error.exc_info[0] is ValueError


def test_the_file_system_broker_connects_without_a_hostname_warning(caplog):
    """kombu warned "No hostname was supplied" on every connection to the default broker, which
    has no host (make run printed it while seeding the demo)."""
    from django.conf import settings
    from kombu import Connection

    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("only the file-system broker has no host")
    with caplog.at_level(logging.WARNING):
        Connection(settings.CELERY_BROKER_URL)._info()
    assert "No hostname" not in caplog.text
