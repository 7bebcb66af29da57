"""Read again, through the reader's Celery task, every statutes version read by older rules or
that the reader could not read (FAILED: after a fix of the reader)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, ngettext

from associations.reader import RULES_VERSION
from associations.selectors import statutes_read_by_older_rules, statutes_reading_failed
from associations.tasks import read_statutes_version
from audit.commandhelp import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Köa en ny läsning av varje stadgeversion som stadgeläsaren läste med äldre regler eller "
        "inte kunde läsa (uppgiften associations.tasks.read_statutes_version; idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        versions = statutes_read_by_older_rules() | statutes_reading_failed()
        ids = list(versions.order_by("pk").values_list("pk", flat=True))
        for statutes_version_id in ids:
            read_statutes_version.delay(statutes_version_id)
        self.stdout.write(
            ngettext(
                "%(n)d stadgeversion köad att läsas med stadgeläsarens regler, version "
                "%(version)s.",
                "%(n)d stadgeversioner köade att läsas med stadgeläsarens regler, version "
                "%(version)s.",
                len(ids),
            )
            % {"n": len(ids), "version": RULES_VERSION}
        )
