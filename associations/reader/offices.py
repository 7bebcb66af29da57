"""Offices: a clause about who may be elected to, or sit on, the board or another office
("endast kvinnor kan väljas till styrelsen", "styrelsen ska bestå av män", "till ordförande kan
endast väljas en kvinna"). Such a clause says nothing about who may become a member.

A clause is a part of a sentence between commas, colons, semicolons and "men", "medan",
"dock": the office and the eligibility words must both be in the clause of the group term.
"""

from __future__ import annotations

from .engine import compile_rx

OFFICE = compile_rx(
    r"\b(?:styrelse\w*|ordforande\w*|ledamot\w*|ledamoter\w*|sekreterare\w*|kassor\w*"
    r"|revisor\w*|valberedning\w*|fortroendeuppdrag\w*|uppdrag(?:et|en)?|funktionar\w*)\b"
)
# The sentences that may name an office (a superset of OFFICE, cheaper to search for).
OFFICE_ANCHOR = compile_rx(
    r"styrelse|ordforande|ledamot|sekreterare|kassor|revisor|valberedning|uppdrag|funktionar"
)
# Who may hold it: passive election or eligibility ("kan väljas", "väljs", "valbar"), or what
# it consists of; not the meeting's act ("årsmötet väljer styrelsen").
ELIGIBILITY = compile_rx(
    r"\b(?:valjas|valjs|valbar\w*|valjbar\w*|vald|valda|utses|utgor\w*\s+av"
    r"|besta\w*\s+av|(?:ska|skall|maste)\s+(?:\w+\s+)?vara)\b"
)
_SPLIT = compile_rx(r"[,;:]|\b(?:men|medan|dock)\b")


def office_clause(text: str, start: int, end: int, pos: int) -> tuple[int, int] | None:
    """The clause of the sentence ``start:end`` around ``pos`` when it is about an office
    (names one and who may hold it), else None."""
    low, high = start, end
    for brk in _SPLIT.finditer(text, start, end):
        if brk.end() <= pos:
            low = brk.end()
        elif brk.start() >= pos:
            high = brk.start()
            break
    if OFFICE.search(text, low, high) and ELIGIBILITY.search(text, low, high):
        return low, high
    return None
