"""Every management command of Granska's own apps has its ``--help`` in the active language
(``audit.commandhelp.TranslatedHelpCommand``): a Swedish description and argument help, English
through the catalogue. Before, only the audit commands did; the others' help was English or
both languages at once ("Skapa … / Create …"), and some arguments had none. Django's own options
(``--verbosity``, ``--settings`` …) keep Django's words and are not checked."""

from __future__ import annotations

import argparse

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand
from django.utils import translation

from audit.commandhelp import TranslatedHelpCommand

APPS = ("api", "associations", "audit", "bookings", "ops", "vetting", "web")
DJANGO_OPTIONS = {a.dest for a in BaseCommand().create_parser("manage.py", "x")._actions}
OURS = sorted((app, name) for name, app in get_commands().items() if app in APPS)


def _parser(app: str, name: str, language: str) -> argparse.ArgumentParser:
    with translation.override(language):
        return load_command_class(app, name).create_parser("manage.py", name)


def _own_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Each of the command's own arguments and its help ("" when it has none)."""
    return {a.dest: a.help or "" for a in parser._actions if a.dest not in DJANGO_OPTIONS}


def test_every_command_of_ours_is_checked() -> None:
    names = {name for _app, name in OURS}
    assert {"audit_verify", "granska_status", "create_api_token", "seed_demo"} <= names
    assert len(OURS) >= 13


@pytest.mark.parametrize(("app", "name"), OURS, ids=[name for _app, name in OURS])
def test_the_help_is_swedish_with_english_in_the_catalogue(app: str, name: str) -> None:
    assert isinstance(load_command_class(app, name), TranslatedHelpCommand)
    sv, en = _parser(app, name, "sv"), _parser(app, name, "en")
    assert sv.description and en.description and sv.description != en.description
    assert en.description not in sv.description  # not both languages at once
    sv_help, en_help = _own_help(sv), _own_help(en)
    for dest, text in sv_help.items():
        assert text, f"{name} {dest}: no help"
        assert text != en_help[dest], f"{name} {dest}: not translated: {text!r}"
        assert en_help[dest] not in text, f"{name} {dest}: English in the Swedish help"
    assert "/ " not in " ".join(sv_help.values())  # "Svenska / English"
