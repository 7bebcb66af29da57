"""System-generated texts of the trail, shown in the reader's language.

An event's ``reasons`` keep what the system said in Swedish (the record, covered by the hash),
however the text was made: a refusal ("Fyra ögon: …"), the comment of an accepted statute-reader
proposal ("Stadgeläsaren: …"), the note of a closed program review. Such a text is a translatable
message (``gettext_lazy``, ``format_lazy`` of them); ``message_record`` keeps its structure
(message ids and parameters) as JSON in the event's ``changes["reasons_message"]``, and
``message_text`` renders that in the active language. Text a person typed has no record and is
shown as typed.

Events recorded before the record existed are rendered from their Swedish text when it is a
whole message of the catalogue (``catalogue_text``: a fixed refusal, a fixed note); any other is
shown as recorded. Nothing stored is ever changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

MESSAGE_KEY = "reasons_message"


def message_record(text: Any) -> Any:
    """``text`` as JSON that ``message_text`` renders in any language: a message id as
    ``{"msgid": …}``, a formatted message as ``{"format": …, "args": […], "kwargs": {…}}`` of
    records, anything else (a name, an amount, a date) as its Swedish text."""
    if isinstance(text, Promise):
        call: Any = text.__reduce__()[1]  # the lazy call: function, arguments, result classes
        func, args, kwargs = call[:3]
        if func is gettext and len(args) == 1 and isinstance(args[0], str):
            return {"msgid": args[0]}
        if getattr(func, "__name__", "") == "_format_lazy" and args:
            return {
                "format": message_record(args[0]),
                "args": [message_record(a) for a in args[1:]],
                "kwargs": {str(k): message_record(v) for k, v in kwargs.items()},
            }
    if isinstance(text, str):
        return str(text)
    with translation.override("sv"):
        return str(text)


def message_text(record: Any) -> str | None:
    """The record's text in the active language; None when it is not one (altered, or of a
    shape this version does not know): the caller shows the recorded text instead."""
    if isinstance(record, str):
        return record
    if not isinstance(record, Mapping):
        return None
    if isinstance(record.get("msgid"), str):
        return gettext(record["msgid"])
    template = message_text(record.get("format"))
    args, kwargs = record.get("args", []), record.get("kwargs", {})
    if template is None or not isinstance(args, list) or not isinstance(kwargs, Mapping):
        return None
    values = [message_text(a) for a in args]
    named = {str(k): message_text(v) for k, v in kwargs.items()}
    if None in values or None in named.values():
        return None
    try:
        return template.format(*values, **named)
    except (IndexError, KeyError, ValueError):
        return None


def catalogue_text(text: str) -> str | None:
    """A recorded Swedish text that is a whole message of the catalogue, in the active language;
    None when the catalogue does not know it (or the language is Swedish)."""
    translated = gettext(text) if text else text
    return translated if translated != text else None


@dataclass(frozen=True)
class ShownText:
    text: str
    lang: str  # "sv" when shown as recorded, "" when in the page's language


def shown_reasons(recorded: str, changes: Any) -> ShownText:
    """An event's reasons as a page shows them: from its message record in the page's
    language, else a known message translated, else as recorded (Swedish)."""
    record = changes.get(MESSAGE_KEY) if isinstance(changes, Mapping) else None
    text = message_text(record) if record is not None else None
    if text is None:
        text = catalogue_text(recorded)
    if text is None:
        return ShownText(recorded, "sv")
    swedish = (translation.get_language() or "sv").startswith("sv")
    return ShownText(text, "sv" if swedish else "")


def swedish(text: Any) -> str:
    """The text as the trail records it: in Swedish, whatever the page's language."""
    with translation.override("sv"):
        return str(text)
