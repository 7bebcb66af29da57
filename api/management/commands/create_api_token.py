"""Create a personal API token for an officer and print it (shown only once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.tokens import api_token_create
from audit.context import SYSTEM


class Command(BaseCommand):
    help = "Skapa en personlig API-token / Create a personal API token for USERNAME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Okänd användare: {options['username']}")
        _, raw = api_token_create(actor=SYSTEM, user=user, name=options["name"])
        self.stdout.write(raw)
