from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.checkpoints import sign_checkpoint
from audit.commandhelp import TranslatedHelpCommand
from audit.models import Checkpoint


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Signera nu en kontrollpunkt för revisionskedjans topp (som beat gör varje timme), så "
        "att en export som görs direkt efteråt har den med. Gör ingenting om den senaste "
        "kontrollpunkten redan täcker toppen."
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
