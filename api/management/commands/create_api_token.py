"""Create a personal API token for an officer and print it (shown only once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.tokens import api_token_create
from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Skapa en personlig API-token för handläggaren USERNAME och skriv ut den (den visas "
        "bara en gång)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("Handläggarens användarnamn."))
        parser.add_argument("--name", default="", help=_("Vad token används till."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            unknown = _("Okänd användare: %(username)s") % {"username": options["username"]}
            raise CommandError(unknown)
        _token, raw = api_token_create(actor=SYSTEM, user=user, name=options["name"])
        self.stdout.write(raw)
