from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import sign_checkpoint
from audit.models import Checkpoint


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the audit chain's head now (as the hourly beat task does), so an "
        "export made at once carries it. Does nothing if the newest checkpoint covers the head."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = sign_checkpoint()
        except ImproperlyConfigured as exc:  # missing, unreadable or not a key
            raise CommandError(str(exc)) from exc
        if checkpoint is None:
            newest = Checkpoint.objects.order_by("-seq").first()
            where = f"checkpoint #{newest.seq}" if newest else "no events yet"
            self.stdout.write(f"Nothing new to sign ({where}).")
            return
        self.stdout.write(f"Signed checkpoint #{checkpoint.seq} ({checkpoint.hash[:16]}…).")
