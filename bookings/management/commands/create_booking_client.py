"""Register a booking system and print its credentials as JSON (the key is shown only once).
Its refusals speak the default language (``LANGUAGE_CODE``), as management commands do."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from bookings.models import Premises
from bookings.selectors import premises_for_client
from bookings.services import client_create
from vetting.errors import InvalidInput
from vetting.models import Administration

NOTHING_TO_BOOK = gettext_lazy(
    "Varning: bokningssystemet kan inte boka någon lokal (GET /api/v1/premises/ är tom); ge det "
    "lokaler med --premises KOD eller en förvaltning med --administration KOD (eller i admin)."
)
WEBHOOK_HINT = gettext_lazy(
    "En lokal mottagare för test: sätt GRANSKA_WEBHOOK_ALLOW_HTTP=1 och "
    "GRANSKA_WEBHOOK_ALLOW_PRIVATE=1, som make run gör."
)


def _codes(model: Any) -> str:
    """Every code of ``model`` (premises, administrations), for a message naming the valid ones."""
    return ", ".join(model.objects.order_by("code").values_list("code", flat=True)) or "–"


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Registrera ett bokningssystem och skriv ut client_id, api_key och webhook_secret som "
        "JSON (nyckeln visas bara en gång)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=_("Bokningssystemets namn."))
        parser.add_argument(
            "--webhook-url",
            default="",
            help=_("Adressen som webhooks skickas till (tom: inga webhooks)."),
        )
        parser.add_argument(
            "--premises",
            action="extend",
            nargs="+",
            default=[],
            metavar="CODE",
            help=_("Lokal som systemet får boka (kan upprepas)."),
        )
        parser.add_argument(
            "--administration",
            default="",
            metavar="CODE",
            help=_("Förvaltning vars alla lokaler systemet får boka."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        premises = list(Premises.objects.filter(code__in=options["premises"]))
        missing = set(options["premises"]) - {p.code for p in premises}
        if missing:
            raise CommandError(
                _("Okända lokaler: {missing}. Giltiga koder: {codes}.").format(
                    missing=", ".join(sorted(missing)), codes=_codes(Premises)
                )
            )
        administration_id = None
        if options["administration"]:
            administration = Administration.objects.filter(code=options["administration"]).first()
            if administration is None:
                raise CommandError(
                    _("Okänd förvaltning: {code}. Giltiga koder: {codes}.").format(
                        code=options["administration"], codes=_codes(Administration)
                    )
                )
            administration_id = administration.pk
        try:
            creds = client_create(
                actor=SYSTEM,
                name=options["name"],
                webhook_url=options["webhook_url"],
                premises=premises,
                administration_id=administration_id,
            )
        except InvalidInput as exc:
            hint = f" ({WEBHOOK_HINT})" if "webhook_url" in exc.errors else ""
            raise CommandError(f"{exc.message}{hint}") from exc
        if not premises_for_client(creds.client).exists():
            self.stderr.write(str(NOTHING_TO_BOOK))
        self.stdout.write(
            json.dumps(
                {
                    "client_id": creds.client.pk,
                    "api_key": creds.api_key,
                    "webhook_secret": creds.webhook_secret,
                }
            )
        )
