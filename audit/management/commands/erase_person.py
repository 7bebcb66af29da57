from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit.context import SYSTEM
from audit.services import ErasureRefused, person_erase


class Command(BaseCommand):
    help = (
        "Erase a person's personal data (GDPR): the account must be inactive. The name behind "
        "the pseudonym is blanked, the account keeps no name (the username becomes the "
        "pseudonym); the audit trail is unchanged and records the erasure by pseudonym."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            person = person_erase(user=user, actor=SYSTEM)
        except ErasureRefused as refused:
            raise CommandError(str(refused.message)) from refused
        self.stdout.write(f"Erased {username!r}: now pseudonym {person.pseudonym}.")
