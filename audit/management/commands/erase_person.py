from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from audit.services import ErasureRefused, person_erase


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Radera en persons personuppgifter (GDPR); kontot måste vara inaktivt. Namnet bakom "
        "pseudonymen töms och kontot behåller inget namn (användarnamnet blir pseudonymen) och "
        "ingen åtkomst; revisionskedjan ändras inte och registrerar raderingen med pseudonymen."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", help=_("Kontots användarnamn."))

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            # After an erasure the account is named by its pseudonym and the old username is
            # kept nowhere (not even hashed): so "already erased" cannot be told from "never
            # existed" by the old name; the message says both.
            raise CommandError(
                _(
                    "Ingen användare med användarnamnet %(username)s. Om personen redan har "
                    "raderats heter kontot nu pseudonymen (det gamla användarnamnet sparas inte)."
                )
                % {"username": repr(username)}
            )
        try:
            person = person_erase(user=user, actor=SYSTEM)
        except ErasureRefused as refused:
            raise CommandError(str(refused.message)) from refused
        self.stdout.write(
            _("Raderade %(username)s: nu pseudonymen %(pseudonym)s.")
            % {"username": repr(username), "pseudonym": person.pseudonym}
        )
