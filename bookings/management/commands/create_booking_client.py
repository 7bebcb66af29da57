"""Register a booking system and print its credentials as JSON (the key is shown only once)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import SYSTEM
from bookings.models import Premises
from bookings.services import client_create
from vetting.errors import InvalidInput
from vetting.models import Administration


class Command(BaseCommand):
    help = "Skapa ett bokningssystem / Create a booking client. Prints client_id, api_key, secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--webhook-url", default="")
        parser.add_argument("--premises", nargs="*", default=[], help="Premises codes.")
        parser.add_argument("--administration", default="", help="Administration code.")

    def handle(self, *args: Any, **options: Any) -> None:
        premises = list(Premises.objects.filter(code__in=options["premises"]))
        missing = set(options["premises"]) - {p.code for p in premises}
        if missing:
            raise CommandError(f"Okända lokaler: {', '.join(sorted(missing))}")
        administration_id = None
        if options["administration"]:
            administration = Administration.objects.filter(code=options["administration"]).first()
            if administration is None:
                raise CommandError(f"Okänd förvaltning: {options['administration']}")
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
            raise CommandError(exc.message) from exc
        self.stdout.write(
            json.dumps(
                {
                    "client_id": creds.client.pk,
                    "api_key": creds.api_key,
                    "webhook_secret": creds.webhook_secret,
                }
            )
        )
