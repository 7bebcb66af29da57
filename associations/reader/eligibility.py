"""Eligibility: is who may be elected to the board or another office limited by a protected
ground ("endast kvinnor kan väljas till styrelsen")? That is not a membership condition (the
membership may be open to all) but may be discrimination in the association's activities: a
flag for the officer (``DE_*``), never a rejection.

The group terms and their neutralisers are those of membership (``groups``: "oavsett kön",
"kvinnor och män", the association's own name); only protected grounds count, and only in a
clause about an office (``offices.office_clause``) that does not also say who is admitted as a
member.
"""

from __future__ import annotations

from .engine import candidates, compile_rx, flag_finding
from .groups import GROUP_TERMS, terms_in
from .membership import about_office
from .model import Finding
from .normalize import Normalized
from .offices import ELIGIBILITY, OFFICE_ANCHOR

PROTECTED = tuple(term for term in GROUP_TERMS if term.protected is not None)
# A sentence about an office without an eligibility word or a protected term is skipped (speed).
_ANY_PROTECTED = compile_rx("|".join(f"(?:{term.pattern.pattern})" for term in PROTECTED))
_NEEDED = (ELIGIBILITY, _ANY_PROTECTED)
# The rule of a restricted office, by the membership rule of the same ground.
RULES = {
    "DC_SEX": "DE_SEX",
    "DC_GENDER_IDENTITY": "DE_GENDER_IDENTITY",
    "DC_ORIGIN": "DE_ORIGIN",
    "DC_CITIZENSHIP": "DE_CITIZENSHIP",
    "DC_RELIGION": "DE_RELIGION",
    "DC_ORIENTATION": "DE_ORIENTATION",
}


def analyse(doc: Normalized) -> Finding:
    """The finding for discriminatory_eligibility_condition: ``DE_<ground>`` (every ground found
    in ``Finding.grounds``) or ``DE_NONE``."""
    found = [
        group
        for index in candidates(doc, OFFICE_ANCHOR)
        if all(rx.search(doc.text, *doc.sentences[index]) for rx in _NEEDED)
        for group in terms_in(doc, index, PROTECTED)
        if about_office(doc, group.hit)
    ]
    if not found:
        return Finding("no", "DE_NONE")
    return flag_finding(doc, [(RULES[g.term.protected or ""], g.hit) for g in found])
