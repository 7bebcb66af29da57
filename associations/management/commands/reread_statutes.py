"""Read again, through the reader's Celery task, every statutes version read by older rules or
that the reader could not read (FAILED: after a fix of the reader)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from associations.reader import RULES_VERSION
from associations.selectors import statutes_read_by_older_rules, statutes_reading_failed
from associations.tasks import read_statutes_version


class Command(BaseCommand):
    help = (
        "Läs om varje stadgeversion som lästes med äldre regler för stadgeläsaren eller som den "
        "inte kunde läsa / Queue a new reading of every statutes version read by older rules "
        "of the statute reader or that it could not read (the task "
        "associations.tasks.read_statutes_version; idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        versions = statutes_read_by_older_rules() | statutes_reading_failed()
        ids = list(versions.order_by("pk").values_list("pk", flat=True))
        for statutes_version_id in ids:
            read_statutes_version.delay(statutes_version_id)
        self.stdout.write(
            f"{len(ids)} statutes version(s) queued to be read by the reader's rules, "
            f"version {RULES_VERSION}."
        )
