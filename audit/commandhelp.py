"""The audit commands' ``--help`` in the active language, like their output: Swedish source
texts, English in the catalogue. A command writes its description as ``help_text`` with
``gettext_lazy``; argparse wants text, so ``help`` is made from it when the parser is built (in
the language then active). Argument help is written with ``gettext`` in ``add_arguments``,
which runs at that moment too. Django's own options (``--verbosity``, ``--settings`` …) keep
Django's words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TranslatedHelpCommand(BaseCommand):
    help_text: StrOrPromise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help_text)
        return super().create_parser(prog_name, subcommand, **kwargs)
