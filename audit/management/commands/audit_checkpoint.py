from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            where = (
                _("kontrollpunkt #%(seq)s") % {"seq": newest.seq}
                if newest
                else _("inga händelser än")
            )
            self.stdout.write(_("Inget nytt att signera (%(where)s).") % {"where": where})
            return
        self.stdout.write(
            _("Signerade kontrollpunkt #%(seq)s (%(hash)s…).")
            % {"seq": checkpoint.seq, "hash": checkpoint.hash[:16]}
        )
