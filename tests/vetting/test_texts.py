"""The sentence a letter explains a shorter deadline with (FL 25 §) is a fixed text of
``vetting.texts``, completed by the officer's reason; the booking system's pages and the letter
print the one sentence."""

from __future__ import annotations

import bookings.selectors
import web.documents.communication
from vetting.texts import SHORT_DEADLINE_SENTENCE, short_deadline_text


def test_the_shorter_deadline_sentence_is_completed_by_the_reason() -> None:
    assert SHORT_DEADLINE_SENTENCE == "Svarstiden är kortare än normalt eftersom"
    reason = "evenemanget äger rum den 26 november."
    expected = f"Svarstiden är kortare än normalt eftersom {reason}"
    assert short_deadline_text(f"  {reason} ") == expected
    assert short_deadline_text("") == short_deadline_text("   ") == ""  # the normal time


def test_the_booking_pages_and_the_letter_print_the_one_sentence() -> None:
    assert bookings.selectors.short_deadline_text is short_deadline_text
    assert web.documents.communication.short_deadline_text is short_deadline_text
