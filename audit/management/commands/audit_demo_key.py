from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Skriv en demonyckel (Ed25519) för att signera revisionskedjans kontrollpunkter, om "
        "filen inte redan finns."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--path",
            default="var/audit-signing-key.pem",
            help=_("Nyckelns fil (standard: var/audit-signing-key.pem)."),
        )

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        target = Path(path)
        if target.exists():
            self.stdout.write(
                _("Granskningsloggens signeringsnyckel: %(path)s (behålls)") % {"path": target}
            )
            return
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pem)
        target.chmod(0o600)
        self.stdout.write(
            _("Granskningsloggens signeringsnyckel: %(path)s (ny demonyckel)") % {"path": target}
        )
