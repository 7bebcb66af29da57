"""Every log line carries its time in UTC (ISO 8601), level and logger (ops report, defect 11:
bare messages from Django, Celery's local time without offset)."""

from __future__ import annotations

import logging
import logging.config
import re
from io import StringIO
from typing import Any

from django.conf import settings

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR django\.request: Internal Server Error: /x$"
)


def test_a_line_has_utc_time_level_and_logger() -> None:
    config: dict[str, Any] = settings.LOGGING
    handler = logging.StreamHandler(StringIO())
    formatter = logging.config.DictConfigurator(config).configure_custom(
        dict(config["formatters"]["utc"])
    )
    handler.setFormatter(formatter)
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server "
                               "Error: %s", ("/x",), None)  # fmt: skip
    record.created = 1795385652.384  # 2026-11-22T22:14:12.384Z, whatever TZ the process has
    record.msecs = 384.0
    line = formatter.format(record)
    assert LINE.match(line), line
    assert line.startswith("2026-11-22T22:14:12.384Z")


def test_the_console_uses_it_and_celery_keeps_it() -> None:
    config: dict[str, Any] = settings.LOGGING
    assert config["handlers"]["console"]["formatter"] == "utc"
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
