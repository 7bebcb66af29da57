from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import SYSTEM
from audit.export import FORMATS, audit_export
from audit.signing import SigningKeyMissing, public_key


class Command(BaseCommand):
    help = (
        "Export the audit trail for a period (inclusive days, local time). JSONL carries the "
        "canonical bytes, hashes, checkpoints and public key: check it with "
        "tools/verify_audit_export.py. The export is recorded as an event."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--since", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--until", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=FORMATS, default="jsonl", dest="fmt")
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")

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
                    "AUDIT_SIGNING_KEY_FILE): exportens huvud saknar publik nyckel; verifiera den "
                    "med --public-key eller --verifier-key (GET /api/v1/audit/public-key)."
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
