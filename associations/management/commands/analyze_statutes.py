"""Read statutes files and print what the statute reader finds, with evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations.reader import QUESTIONS, UnreadableDocument, extract_text, read_statutes
from audit.commandhelp import TranslatedHelpCommand


def analyze_file(path: Path) -> dict[str, Any]:
    """``{"file", "document_kind", "findings"}`` for one file; raises UnreadableDocument."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument("unopenable", path.name, error=exc.strerror or "") from exc
    text = extract_text(data, path.name)
    return {"file": str(path), **read_statutes(text).to_dict()}


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Läs stadgar (PDF, DOCX, text, Markdown) och visa vad stadgeläsaren hittar, med belägg."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            type=Path,
            metavar="FILE",
            help=_("Stadgefilerna att läsa (PDF, DOCX, text, Markdown)."),
        )
        parser.add_argument(
            "--json", action="store_true", help=_("Skriv resultatet som en JSON-lista.")
        )

    def handle(self, *args: Any, files: list[Path], json: bool, **options: Any) -> None:
        results, errors = [], []
        for path in files:
            try:
                results.append(analyze_file(path))
            except UnreadableDocument as exc:
                errors.append(f"{path}: {exc}")
        if json:
            self.stdout.write(_dumps(results))
        else:
            for result in results:
                self._print_table(result)
        if errors:
            raise CommandError(_("Kunde inte läsa:") + "\n  " + "\n  ".join(errors))

    def _print_table(self, result: dict[str, Any]) -> None:
        self.stdout.write(f"{result['file']}: {result['document_kind']}")
        for question in QUESTIONS:
            finding = result["findings"][question]
            quote = finding["evidence"][0]["quote"][:70] if finding["evidence"] else ""
            self.stdout.write(
                f"  {question:<38} {finding['value']:<14} [{finding['rule']}] {quote}"
            )


def _dumps(results: list[dict[str, Any]]) -> str:
    return json.dumps(results, ensure_ascii=False, indent=2)
