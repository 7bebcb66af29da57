"""Whether the name an applicant gave is, in substance, the registered name of the association
its organisation number belongs to (ADR 0020).

The organisation number decides the party; the name only warns. Names vary in form ("Royal
Roppers IF", "Royal roppers", "Föreningen Royal Roppers"), so two names are the same in
substance when they are equal after:

* Unicode normalisation (NFKC) and case folding;
* every character that is not a letter or a digit read as a space (punctuation, hyphens,
  quotes), and runs of spaces as one;
* the words of a legal or association form (``LEGAL_FORMS``) dropped where they stand first or
  last, as often as they do ("Ideella föreningen Kören", "Kören ek. för.").

Letters keep their diacritics: "Mörkö" and "Morko" differ.
"""

from __future__ import annotations

import unicodedata

# Legal and association forms a name may carry or leave out, as normalised words.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(form.split())
    for form in (
        "ideell förening",
        "ideella föreningen",
        "ekonomisk förening",
        "ekonomiska föreningen",
        "ek för",
        "förening",
        "föreningen",
        "idrottsförening",
        "idrottsföreningen",
        "idrottsklubb",
        "idrottsklubben",
        "if",
        "ik",
        "ab",
        "aktiebolag",
        "stiftelse",
        "stiftelsen",
    )
)


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def _without_forms(words: list[str]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        for form in sorted(LEGAL_FORMS, key=len, reverse=True):
            n = len(form)
            if len(words) > n and tuple(words[-n:]) == form:
                words, changed = words[:-n], True
            elif len(words) > n and tuple(words[:n]) == form:
                words, changed = words[n:], True
    return words


def name_key(name: str) -> str:
    """The name as compared: ``"Royal Roppers IF"`` and ``"royal-roppers"`` both give
    ``"royal roppers"``. A name that is only a legal form keeps it."""
    return " ".join(_without_forms(_words(name)))


def names_differ(given: str, registered: str) -> bool:
    """True when a name was given and it is not the registered name in substance."""
    return bool(given.strip()) and name_key(given) != name_key(registered)
