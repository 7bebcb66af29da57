"""Criteria by title, as the auditors' pages and the case timeline name them: an event records
the codes of the criteria it concerns (``AuditEvent.criteria``, an assessment's criterion), the
pages show their titles (Swedish, as the rulebook writes them). The codes stay in the event and
its hash, in the CSV export next to the title, and in the JSONL export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vetting.models import Criterion


@dataclass
class CriterionTitles:
    by_version: dict[tuple[int, str], str] = field(default_factory=dict)
    latest: dict[str, str] = field(default_factory=dict)  # by code: the latest version's title

    def title(self, code: Any, version: Any = None) -> str:
        """The title of the criterion ``code`` in rulebook ``version`` (else the latest
        version's); the code itself when no rulebook knows it."""
        code = str(code)
        found = self.by_version.get((version, code)) if isinstance(version, int) else None
        return found or self.latest.get(code) or code

    def titles(self, codes: Iterable[Any], version: Any = None) -> list[str]:
        return [self.title(code, version) for code in codes]

    def of(self, event: Any) -> list[str]:
        """The titles of the criteria an event records, in its order ([] for none)."""
        codes = getattr(event, "criteria", None)
        if not isinstance(codes, list):
            return []
        return self.titles(codes, getattr(event, "rulebook_version", None))


def criterion_titles() -> CriterionTitles:
    """Every criterion's title, in one query whatever the page (the rulebooks are short)."""
    rows = Criterion.objects.order_by("rulebook__version", "position").values_list(
        "rulebook__version", "code", "title"
    )
    names = CriterionTitles()
    for version, code, title in rows:
        names.by_version[(version, code)] = title
        names.latest[code] = title
    return names
