"""Logging filters: a routine refusal is one warning line, not a traceback.

Django's ``django.request`` logger logs a 403 with the PermissionDenied as ``exc_info``.
A refused action is routine (docs/operations.md §8: tracebacks are for unhandled errors),
so the filter keeps the record and drops its traceback.
"""

import logging

from django.core.exceptions import PermissionDenied


class RoutineRefusalFilter(logging.Filter):
    """Drop the traceback of a record whose exception is a PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and isinstance(exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
