"""Rotate a booking system's API key and/or webhook secret and print the new ones as JSON (shown
only once), with until when the previous ones still work; stderr tells the integrator what to do.
``--revoke-previous`` alone ends the running graces now, without a new key or secret (the old
one leaked, or the booking system has deployed the new one).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from bookings.models import BookingClient
from bookings.services import (
    client_revoke_previous_key,
    client_revoke_previous_secret,
    client_rotate_key,
    client_rotate_webhook_secret,
)

KEY_PROCEDURE = gettext_lazy(
    "Den gamla API-nyckeln fungerar till %(until)s: driftsätt den nya i bokningssystemet före dess."
)
KEY_REVOKED = gettext_lazy("Den gamla API-nyckeln fungerar inte längre.")
SIGNING_PROCEDURE = gettext_lazy(
    "Till %(until)s bär varje webhook två signaturer i webhook-signature (den nya hemligheten "
    "först, sedan den gamla): driftsätt den nya hemligheten hos mottagaren före dess och godta "
    "ett meddelande om någon signatur stämmer."
)
SIGNING_NEW_ONLY = gettext_lazy("Webhooks signeras bara med den nya hemligheten.")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Byt ett bokningssystems API-nyckel och/eller webhook-hemlighet (de gamla fungerar en "
        "övergångstid) och skriv ut de nya som JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client", help=_("Bokningssystemets namn eller id."))
        parser.add_argument("--key", action="store_true", help=_("Ny API-nyckel."))
        parser.add_argument(
            "--webhook-secret", action="store_true", help=_("Ny webhook-hemlighet.")
        )
        parser.add_argument(
            "--revoke-previous",
            action="store_true",
            help=_(
                "Den gamla slutar gälla genast (t.ex. om den läckt); ensam: avsluta pågående "
                "övergångstider utan nytt byte."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        revoke = options["revoke_previous"]
        if not (options["key"] or options["webhook_secret"] or revoke):
            raise CommandError(_("Ange --key och/eller --webhook-secret, eller --revoke-previous."))
        client = self._client(options["client"])
        if not (options["key"] or options["webhook_secret"]):
            self._end_graces(client)
            return
        output: dict[str, Any] = {"client_id": client.pk}
        notes: list[str] = []
        if options["key"]:
            output["api_key"] = client_rotate_key(
                actor=SYSTEM, client=client, revoke_previous=revoke
            )
            until = client.previous_key_expires_at
            output["previous_key_valid_until"] = _iso(until)
            notes.append(KEY_PROCEDURE % {"until": _iso(until)} if until else str(KEY_REVOKED))
        if options["webhook_secret"]:
            output["webhook_secret"] = client_rotate_webhook_secret(
                actor=SYSTEM, client=client, revoke_previous=revoke
            )
            until = client.previous_webhook_secret_expires_at
            output["previous_secret_valid_until"] = _iso(until)
            notes.append(
                SIGNING_PROCEDURE % {"until": _iso(until)} if until else str(SIGNING_NEW_ONLY)
            )
        for note in notes:
            self.stderr.write(note)
        self.stdout.write(json.dumps(output))

    def _end_graces(self, client: BookingClient) -> None:
        """End the previous key's and the previous secret's grace now (each only if running)."""
        client_revoke_previous_key(actor=SYSTEM, client=client)
        client_revoke_previous_secret(actor=SYSTEM, client=client)
        self.stderr.write(str(KEY_REVOKED))
        self.stderr.write(str(SIGNING_NEW_ONLY))
        output = {"client_id": client.pk, "previous_key_valid_until": None}
        self.stdout.write(json.dumps({**output, "previous_secret_valid_until": None}))

    def _client(self, name_or_id: str) -> BookingClient:
        clients = BookingClient.objects.filter(revoked_at__isnull=True)
        client = clients.filter(name=name_or_id).first()
        if client is None and name_or_id.isdigit():
            client = clients.filter(pk=int(name_or_id)).first()
        if client is None:
            raise CommandError(
                _("Inget aktivt bokningssystem heter eller har id %(client)s.")
                % {"client": repr(name_or_id)}
            )
        return client
