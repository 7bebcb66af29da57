from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError("--since is after --until")
        self._warn_without_key(fmt)
        rng, chunks = audit_export(actor=SYSTEM, since=since, until=until, fmt=fmt)
        if output == "-":
            for chunk in chunks:
                self.stdout.write(chunk.decode(), ending="")
            return
        with Path(output).open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        self.stderr.write(
            f"Exported #{rng.first_seq}–#{rng.last_seq} ({rng.count} events) to {output}"
        )

    def _warn_without_key(self, fmt: str) -> None:
        if fmt != "jsonl":
            return
        try:
            public_key()
        except SigningKeyMissing:
            self.stderr.write(
                "No signing key configured (AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE): the "
                "export's header carries no public key; verify it with --public-key or "
                "--verifier-key (GET /api/v1/audit/public-key)."
            )
