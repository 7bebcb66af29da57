from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from audit.export import FORMATS, audit_export
from audit.signing import SigningKeyMissing, public_key


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Exportera revisionskedjan för en period (hela dagar, lokal tid, första och sista dagen "
        "medräknade). JSONL har de kanoniska byten, hasharna, kontrollpunkterna och den publika "
        "nyckeln: kontrollera exporten med tools/verify_audit_export.py. Exporten registreras "
        "som en händelse."
    )

    def add_arguments(self, parser: Any) -> None:
        day = date.fromisoformat
        first, last = _("Första dagen (ÅÅÅÅ-MM-DD)."), _("Sista dagen (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--since", type=day, default=None, help=first)
        parser.add_argument("--until", type=day, default=None, help=last)
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="jsonl",
            dest="fmt",
            help=_("Filformat (standard: jsonl)."),
        )
        parser.add_argument(
            "--output", required=True, help=_("Filen att skriva ('-' för standard ut).")
        )

    def handle(
        self, *args: Any, since: date | None, until: date | None, fmt: str, output: str, **kw: Any
    ) -> None:
        if since and until and since > until:
            raise CommandError(_("--since är efter --until."))
        self._warn_without_key(fmt)
        target = None if output == "-" else _writable(Path(output))
        rng, chunks = audit_export(actor=SYSTEM, since=since, until=until, fmt=fmt)
        if target is None:
            for chunk in chunks:
                self.stdout.write(chunk.decode(), ending="")
            return
        try:
            with target.open("wb") as out:
                for chunk in chunks:
                    out.write(chunk)
        except OSError as exc:
            raise CommandError(
                _("--output: kan inte skriva %(path)s: %(error)s")
                % {"path": target, "error": exc.strerror or exc}
            ) from exc
        self.stderr.write(
            _("Exporterade #%(first)s–#%(last)s (%(count)s händelser) till %(output)s")
            % {"first": rng.first_seq, "last": rng.last_seq, "count": rng.count, "output": output}
        )

    def _warn_without_key(self, fmt: str) -> None:
        if fmt != "jsonl":
            return
        try:
            public_key()
        except SigningKeyMissing:
            self.stderr.write(
                _(
                    "Ingen signeringsnyckel konfigurerad (AUDIT_SIGNING_KEY eller "
                    "AUDIT_SIGNING_KEY_FILE): exporten signeras inte och dess huvud saknar "
                    "publik nyckel; verifiera kontrollpunkterna med --public-key eller "
                    "--verifier-key (GET /api/v1/audit/public-key). Revisorer som kör "
                    "--require-checkpoint och --require-signature, som sidan /revision/kedja/ "
                    "visar, underkänner en osignerad export: exportera där nyckeln finns."
                )
            )


def _writable(path: Path) -> Path:
    """The output file, checked before the export is made (and recorded): its folder must
    exist; a CommandError naming the path otherwise, not a traceback."""
    folder = path.parent.resolve()
    if not folder.is_dir():
        raise CommandError(
            _("--output: mappen %(folder)s finns inte (för %(path)s).")
            % {"folder": folder, "path": path}
        )
    if path.is_dir():
        raise CommandError(_("--output: %(path)s är en mapp; ange ett filnamn.") % {"path": path})
    return path
