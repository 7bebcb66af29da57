"""System-generated texts of the trail keep their message (ids and parameters), so that pages
show them in the reader's language; old events' known Swedish texts are translated too, and
anything else is shown as recorded."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.messages import (
    MESSAGE_KEY,
    catalogue_text,
    message_record,
    message_text,
    shown_reasons,
    swedish,
)

NOTE = format_lazy(
    _("Stadgeläsaren: {finding}."),
    finding=format_lazy(_("{head} och {last}"), head=format_lazy("{}", _("kön")), last="x"),
)


def test_a_message_is_recorded_as_json_and_rendered_in_either_language() -> None:
    record = message_record(NOTE)
    assert record["format"] == {"msgid": "Stadgeläsaren: {finding}."}
    assert message_text(record) == swedish(NOTE)
    with translation.override("en"):
        assert message_text(record) == str(NOTE)
        assert message_text(record).startswith("Statute reader: ")
    assert message_record("typed by a person") == "typed by a person"
    assert message_record(Decimal("12.50")) == "12.50"


def test_an_altered_or_unknown_record_falls_back_to_the_recorded_text() -> None:
    for record in ({"format": {"msgid": "{a}"}, "kwargs": {}}, {"other": 1}, 7, None):
        assert message_text(record) is None
    shown = shown_reasons("Skrivet av någon.", {MESSAGE_KEY: {"nonsense": True}})
    assert (shown.text, shown.lang) == ("Skrivet av någon.", "sv")


def test_an_old_event_s_known_swedish_text_is_translated() -> None:
    four_eyes = swedish(
        _(
            "Fyra ögon: du har handlagt, bedömt eller föreslagit beslut i ärendet och får "
            "därför inte besluta i det. En annan beslutsfattare måste fatta beslutet."
        )
    )
    with translation.override("en"):
        assert catalogue_text(four_eyes).startswith("Four-eyes:")
        assert catalogue_text("Föreningen hyllar våld i sitt program.") is None
        assert catalogue_text("") is None
        shown = shown_reasons(four_eyes, {})
        assert shown.lang == "" and shown.text.startswith("Four-eyes:")
    assert shown_reasons(four_eyes, {}) == shown_reasons(four_eyes, None)
    assert shown_reasons(four_eyes, {}).lang == "sv"
