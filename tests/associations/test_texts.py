"""Why an upload cannot be read, in the language of the page (the reader itself is English)."""

from __future__ import annotations

import pytest
from django.utils import translation

from associations.reader import UnreadableDocument
from associations.reader.extract import REASONS
from associations.texts import UNREADABLE, unreadable_message


def test_every_reason_has_a_swedish_message() -> None:
    assert set(UNREADABLE) == set(REASONS)


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_messages_are_swedish_and_translated_to_english(reason: str) -> None:
    exc = UnreadableDocument(reason, "stadgar.bin", format="BIN", error="detail")
    swedish = unreadable_message(exc)
    assert swedish.startswith("”stadgar.bin”") and "{" not in swedish
    with translation.override("en"):
        english = unreadable_message(exc)
    assert english.startswith("“stadgar.bin”") and english != swedish


def test_binary_file_in_both_languages() -> None:
    exc = UnreadableDocument("binary", "x.exe")
    assert unreadable_message(exc) == (
        "”x.exe” ser ut att vara en binärfil, inte text. "
        "Godtas: PDF med textlager, DOCX eller UTF-8-text (.txt, .md, .html)."
    )
    with translation.override("en"):
        assert unreadable_message(exc) == (
            "“x.exe” looks like a binary file, not text. "
            "Accepted: PDF with a text layer, DOCX or UTF-8 text (.txt, .md, .html)."
        )


def test_an_unknown_format_is_named_in_the_page_language() -> None:
    exc = UnreadableDocument("unsupported_format", "stadgar", format="unknown")
    assert "formatet (okänt) stöds inte" in unreadable_message(exc)
