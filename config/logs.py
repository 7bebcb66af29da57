"""Logging filters: a routine refusal is one warning line, not a traceback.

Django's ``django.request`` logger logs a 403 with the PermissionDenied as ``exc_info``.
A refused action is routine (docs/operations.md §8: tracebacks are for unhandled errors),
so the filter keeps the record and drops its traceback.
"""

import logging
import time

from django.core.exceptions import PermissionDenied

# Every process's lines (web, worker, beat): time in UTC, ISO 8601 with milliseconds and Z,
# level, logger, message (docs/operations.md §8).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class UTCFormatter(logging.Formatter):
    """``2026-11-22T22:14:12.384Z``: UTC whatever TZ Django sets for the process, so lines of
    web, worker and beat sort and compare as they are."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"


class RoutineRefusalFilter(logging.Filter):
    """Drop the traceback of a record whose exception is a PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and isinstance(exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
