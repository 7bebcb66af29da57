"""When the name an applicant gave is the association's registered name in substance (ADR 0020):
case, spaces, punctuation and a legal or association form do not count; other words do."""

from __future__ import annotations

import pytest

from associations.names import name_key, names_differ


@pytest.mark.parametrize(
    "given",
    [
        "Royal Roppers",
        "royal roppers",
        "  ROYAL   ROPPERS ",
        "Royal Roppers IF",
        "Royal-Roppers",
        "Royal Roppers, ideell förening",
        "Föreningen Royal Roppers",
        "Royal Roppers ek. för.",
        "",  # no name given: nothing to compare
    ],
)
def test_the_same_name_in_substance(given: str) -> None:
    assert not names_differ(given, "Royal Roppers")


@pytest.mark.parametrize(
    "given", ["Helt Annat Namn", "Royal Rappers", "Royal Roppers Ungdom", "Röyal Roppers"]
)
def test_another_name(given: str) -> None:
    assert names_differ(given, "Royal Roppers")


def test_a_name_that_is_only_a_legal_form_keeps_it() -> None:
    assert name_key("IF") == "if"
    assert names_differ("IF", "AB")
