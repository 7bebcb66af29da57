"""The audit commands' ``--help`` speaks the language of their output: Swedish, English through
the catalogue (``audit.commandhelp``). Before, every description and argument help was English
whatever the language. Django's own options keep Django's words; the standalone verifier
(``tools/verify_audit_export.py``, no Django) stays English."""

from __future__ import annotations

import pytest
from django.core.management import load_command_class
from django.utils import translation

# A part of each command's description and of one argument's help, Swedish and English.
HELP = {
    "audit_checkpoint": ("Signera nu en kontrollpunkt", "Sign a checkpoint", None),
    "audit_demo_key": ("Skriv en demonyckel", "Write a demo Ed25519", "--path"),
    "audit_export": ("Exportera revisionskedjan", "Export the audit trail", "--output"),
    "audit_verify": ("Verifiera revisionskedjan", "Verify the audit trail", "--record"),
    "erase_person": ("Radera en persons personuppgifter", "Erase a person's", "username"),
    "prune_event_texts": ("Gallra eller radera fritexterna", "Prune (gallra)", "--ground"),
}
ARGUMENT = {
    "--path": ("Nyckelns fil", "The key's file"),
    "--output": ("Filen att skriva", "File to write"),
    "--record": ("Registrera resultatet som en händelse.", "Record the result as an event."),
    "username": ("Kontots användarnamn.", "The account's username."),
    "--ground": ("varför: t.ex. punkten i", "why: e.g. the item of"),
}


def _help(name: str, language: str) -> str:
    with translation.override(language):
        command = load_command_class("audit", name)
        text = command.create_parser("manage.py", name).format_help()
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(HELP))
def test_the_help_is_swedish_and_english_in_the_catalogue(name: str) -> None:
    swedish, english, argument = HELP[name]
    sv, en = _help(name, "sv"), _help(name, "en")
    assert swedish in sv and english not in sv
    assert english in en and swedish not in en
    if argument:
        arg_sv, arg_en = ARGUMENT[argument]
        assert arg_sv in sv and arg_en in en, argument


def test_audit_verify_says_its_findings_are_in_the_servers_language() -> None:
    """Its result line, notes and findings follow the language (``audit.findings``); the event
    ``--record`` writes keeps them in English and as fields. Before, the help said the findings
    were printed in English."""
    sv, en = _help("audit_verify", "sv"), _help("audit_verify", "en")
    assert "Resultatet, anmärkningarna och avvikelserna skrivs på serverns språk" in sv
    assert "engelska" in sv and "avvikelserna skrivs på engelska" not in sv
    assert "The result, the notes and the findings are written in the server's language" in en
    assert "findings in English, as they are recorded" not in en
