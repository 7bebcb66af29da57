"""Democratic structure: is the members' meeting the highest body, and does each member
have one vote?

*Highest body.* A sentence naming the "högsta beslutande organ" (or instans,
församling, myndighet) is parsed for the body it names: the noun right after
"... organ är" or, failing that, the nearest noun before the phrase. A members'
meeting (årsmöte, stämma, kongress, fullmäktige ...) gives ``yes``; a board, council or
leader gives ``no``; a negated claim names the body given in its place ("Årsmötet är
inte ... organ; det är styrelsen"). A sentence limited to the time between meetings ("mellan
årsmötena är styrelsen ...") is not a claim about the highest body. A board that
appoints itself gives ``no``.

*One vote.* "Varje medlem har en röst" (and paraphrases) gives ``yes``; an assembly of
delegates (ombud), members voting through delegates, votes weighted by membership
numbers or shares or extra votes for some members (the board), a proxy holder for many
members, or transferable votes of member units give ``no``. A proxy for a single member
("får företrädas av ombud") is neither.
"""

from __future__ import annotations

import re

from .engine import Hit, Rule, all_hits, candidates, compile_rx, evidence, gated, rule
from .lexicon import BOARD_NOUN, MEETING_NOUN, UNIT_NOUN
from .model import Finding
from .normalize import Normalized

SUPREME_ANCHOR = compile_rx(
    r"hogsta|ytterst\s+beslut|overordnade|medlemmarnas\s+(?:ratt|beslutanderatt|inflytande)"
    r"|beslutanderatt"
    r"|sjalv|utses\s+av|tillsatts\s+av|utser|kompletter"
)
VOTE_ANCHOR = compile_rx(r"rost|ombud|delegat|mandat|fullmakt|foretrada")

_HIGHEST = compile_rx(
    r"\b(?:hogsta|overordnade|ytterst)\s+(?:beslutande\s+|beslutsfattande\s+)?(?:organ(?:et)?"
    r"|instans(?:en)?|forsamling(?:en)?|myndighet(?:en)?|beslutsorgan(?:et)?)\b"
    r"|\bytterst\s+beslutande\b"
)
_BETWEEN_MEETINGS = compile_rx(
    r"\bmellan\s+(?:\w+\s+){0,2}?\w*(?:moten|motena|stammor|stammorna|stammorna|kongresser"
    r"|kongresserna|sammantraden)\b|\bnar\s+(?:\w+\s+){0,3}?(?:inte|ej)\s+(?:ar\s+)?"
    r"(?:samlat|samlad|sammantrader|pagar)|\bunder\s+tiden\s+mellan|\bda\s+(?:\w+\s+){0,3}?"
    r"(?:inte|ej)\s+(?:ar\s+)?(?:samlat|samlad)|\bi\s+avvaktan\s+pa"
)
_AFTER_IS = compile_rx(
    r"\s*(?:(?:i|inom|for)\s+(?:\w+\s+){1,2}?)?(?:,\s*)?(?:ar|utgors\s+av|blir|:|=|-)\s+"
)
_BODY = compile_rx(rf"(?P<meeting>{MEETING_NOUN})|(?P<board>{BOARD_NOUN})")
_NEGATION = compile_rx(r"\s*\b(?:inte|ej|icke|aldrig)\b")
_INSTEAD = compile_rx(
    rf"(?:\butan|[;:,-]\s*(?:utan\s+)?det\s+(?:ar|gor))\s+(?:\w+\s+){{0,2}}?"
    rf"(?:(?P<meeting>{MEETING_NOUN})|(?P<board>{BOARD_NOUN}))"
)
# The subject of "... är/utgör (föreningens) högsta ...", right before the phrase.
_SUBJECT = compile_rx(
    rf"(?:(?P<meeting>{MEETING_NOUN})|(?P<board>{BOARD_NOUN}))(?:\s*,\s*(?:som|vilket|vilken))?"
    r"\s+(?:ar|utgor|blir|fungerar\s+som)\s+(?:\w+\s+){0,3}?$"
)

SUPREME_RULES: tuple[Rule, ...] = (
    rule(
        "MS_MEMBERS_DECIDE_AT_MEETING",
        r"\bmedlemmarnas\s+(?:ratt\s+att\s+besluta|beslutanderatt|inflytande)\b.{0,80}?\butov"
        r"\w*\s+(?:pa|vid|genom)\s+(?:\w+\s+)?\w*(?:mote|motet|moten|stamma|stamman|stammor)\b"
        r"|\bbeslutanderatt\w*\s+(?:i\s+\w+\s+)?utovas\s+av\s+(?:dess\s+|\w+s\s+)?medlemmar\w*\s+"
        r"(?:pa|vid|genom)\s+\w*(?:mote|moten|motet|motena|stamma|stamman|stammor)\b",
    ),
)
SELF_APPOINTED_RULES: tuple[Rule, ...] = (
    rule(
        "MS_BOARD_APPOINTS_ITSELF",
        r"\bstyrelse\w*\s+(?:\w+\s+){0,3}?(?:utser|valjer|tillsatter|kompletterar|forstarker"
        r"|nyvaljer|utse|valja|tillsatta|komplettera)\s+(?:\w+\s+){0,2}?(?:sig\s+sjalv|sjalv\s+"
        r"sina|sina\s+egna|sin\s+egen|sina\s+eftertradare|sin\s+eftertradare|nya\s+(?:styrelse)?"
        r"ledamoter|styrelseledamoter|sina\s+ledamoter|ledamoter\s+i\s+styrelsen)"
        r"|\bsjalv(?:kompletterande|rekryterande|fornyande|valjande)\b",
        unless=r"fyllnad|vakan|avgar|avgang|forhinder|ersattare|\bintill\b|till\s+nasta"
        r"|inom\s+sig|adjunger",
    ),
    rule(
        "MS_BOARD_APPOINTED_BY_OTHERS",
        r"\bstyrelse(?:n|ns)?\s+(?:\w+\s+)?(?:ledamoter\s+)?(?:utses|tillsatts|valjs|utnamns)\s+"
        r"(?:\w+\s+){0,2}?av\s+(?:\w+\s+)?\w*(?:huvudman|huvudmannen|grundaren|grundarna"
        r"|stiftaren|stiftarna|radet|ledningen|forbundsstyrelsen|riksstyrelsen|ordforanden)\b",
        unless=r"fyllnad|vakan|forhinder|ersattare|\bintill\b",
    ),
)

VOTE_NO_RULES: tuple[Rule, ...] = (
    rule(
        "OV_DELEGATE_ASSEMBLY",
        r"\b\w*(?:stamma|stamman|kongress|kongressen|fullmaktige|representantskap|representantskapet"
        r"|motet|mote)\s+(?:\w+\s+){0,2}?(?:bestar|utgors|ska\s+besta|skall\s+besta)\s+(?:\w+\s+)"
        r"{0,2}?(?:av|utav)\s+(?:\w+\s+){0,4}?(?:ombud\w*|delegat\w*|representanter|fullmaktige"
        r"|ledamoter)\b",
    ),
    rule(
        "OV_VOTES_HELD_BY_DELEGATES",
        r"\brostratt\w*\s+(?:\w+\s+){0,4}?(?:tillkommer|har|innehas\s+av|utovas\s+av)\s+(?:endast"
        r"\s+|enbart\s+|bara\s+)?(?:de\s+)?(?:valda\s+)?(?:ombud\w*|delegat\w*|representanter"
        r"|fullmaktige)|\b(?:endast|enbart|bara)\s+(?:ombud\w*|delegat\w*)\s+(?:\w+\s+){0,3}?"
        r"(?:har|ager|innehar)\s+rostratt",
        unless=r"fullmakt|foretrad|forfall|for\s+den\s+medlem",
    ),
    rule(
        "OV_UNITS_SEND_DELEGATES",
        rf"\b(?:varje|alla|samtliga|respektive)\s+(?:\w+\s+){{0,2}}?{UNIT_NOUN}.{{0,90}}?\b(?:"
        r"har\s+ratt\s+att|far"
        r"|ska|skall|ager\s+ratt\s+att|kan|utser|valjer|sander)\s+(?:\w+\s+){0,3}?(?:utse|valja"
        r"|sanda|skicka|representeras\s+av|ombud|delegat)\b.{0,40}?(?:ombud|delegat\w*|represent"
        r"\w*)",
    ),
    rule(
        "OV_WEIGHTED_VOTES",
        r"\b(?:rost|roster|ombud|mandat)\s+(?:per|for\s+varje|for\s+varje\s+fullt)\s+(?:paborja"
        r"\w*\s+\w+|\d+\s*(?:-?tal\s+)?\w+|(?:\w+\s+)?(?:andel|andelar|insats|insatser|aktie"
        r"|aktier|hundratal|tiotal|femtiotal))|\b(?:rostetal\w*|antal\s+roster|antalet\s+roster"
        r"|roster(?:na)?)\s+(?:\w+\s+){0,3}?(?:i\s+forhallande\s+till|i\s+proportion\s+till"
        r"|proportionellt\s+mot|beraknas\s+efter|fordelas\s+efter|baserat\s+pa|efter\s+"
        r"(?:antal|medlemsantal|storlek))|\b(?:har|ager|tilldelas)\s+(?:tva|tre|fyra|fem|sex|sju"
        r"|atta|nio|tio|\d+|dubbla|flera)\s+(?:\(\d+\)\s+)?roster\b"
        r"|\b(?:har|ager|tilldelas)\s+(?:dock|alltid|dessutom|daremot|darutover)\s+(?:tva|tre|fyra"
        r"|fem|\d+|dubbla|flera|extra)\s+(?:\(\d+\)\s+)?roster\b",
        unless=r"lika\s+rostetal|utslag|styrelsemot\w*|styrelsesammantrad\w*|styrelsens\s+(?:mote"
        r"|moten|sammantrade\w*)|\b(?:i|inom)\s+styrelsen\b|\bstyrelsen\s+har\b",
    ),
    rule(
        "OV_PROXY_FOR_MANY",
        r"\b(?:foretrada|representera|rosta\s+for|fora\s+(?:\w+\s+)?talan\s+for|inneha|ha)\s+"
        r"(?:\w+\s+){0,2}?(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|femton|tjugo"
        r"|[2-9]|\d{2,}|flera|obegransat\s+antal)\s+(?:\(\d+\)\s+)?(?:andra\s+|ovriga\s+)?"
        r"(?:medlemmar|personer|roster|fullmakter)\b",
        also=r"fullmakt|ombud|foretrad|represent",
        unless=r"\bstyrelse\w*\s+(?:\w+\s+){0,3}?(?:bestar|ska\s+besta)",
    ),
    rule(
        "OV_VOTES_THROUGH_DELEGATES",
        r"\bmedlem(?:mar|marna)\s+(?:\w+\s+){0,2}?(?:rostar|utovar\s+(?:sin|sina|dess)\s+rostratt"
        r"|representeras)\s+(?:\w+\s+){0,3}?(?:genom|via|av|med)\s+(?:\w+\s+){0,2}?(?:ombud\w*"
        r"|delegat\w*|representanter)",
        unless=r"fullmakt|forfall|\bfar\s+|\bkan\s+|juridisk|\binte\b|\bej\b",
    ),
    rule(
        "OV_TRANSFERABLE_VOTES",
        r"\b(?:overlata|overfora|overlatas|overforas|overlater)\s+(?:\S+\s+){0,2}?(?:rost|roster"
        r"|rost\(er\)|rostratt|mandat)",
        also=UNIT_NOUN,
        unless=r"\bmedlem(?:men)?\s+(?:far|kan)",
    ),
)
VOTE_YES_RULES: tuple[Rule, ...] = (
    rule(
        "OV_EACH_MEMBER_ONE_VOTE",
        r"\b(?:(?:varje|var|envar|samtliga|alla|en)\s+)?(?:\w+\s+){0,3}?(?:medlem|medlemmar|person"
        r"|personer|deltagare|rostberattigad|rostberattigade|narvarande|medlemsrostberattigad)\s+"
        r"(?:\w+\s+){0,3}?(?:har|ager|innehar|tilldelas|har\s+ratt\s+till)\s+(?:rostratt\s+med\s+)?"
        r"(?:endast\s+|bara"
        r"\s+|hogst\s+|maximalt\s+|inte\s+mer\s+an\s+|blott\s+)?(?:en|ett|1)\s*(?:\((?:1|en)\)"
        r"\s*)?rost\b"
        r"|\b(?:har|ager|innehar)\s+(?:varje|var|envar|samtliga|alla)\s+(?:\w+\s+){0,5}?(?:medlem"
        r"|medlemmar|person|personer|deltagare|rostberattigad|rostberattigade)\s+(?:\w+\s+){0,5}?"
        r"(?:endast\s+|bara\s+|hogst\s+)?(?:en|ett|1)\s*(?:\((?:1|en)\)\s*)?rost\b"
        r"|\bvar\s*sin\s+rost\b|\brostratt\s+med\s+en\s+(?:\(1\)\s+)?rost\s+(?:tillkommer|har)\s+"
        r"(?:varje|var|envar|samtliga|alla)\s+(?:\w+\s+){0,2}?(?:medlem|medlemmar|rostberattigad\w*)\b|\ben\s+rost\s+(?:var|vardera)\b"
        r"|\ben\s+medlem\s*[,;:-]*\s*en\s+rost\b|\ben\s+(?:\(1\)\s+)?rost\s+per\s+(?:\w+\s+)?(?:medlem|person"
        r"|rostberattigad)\b|\blika\s+rostratt\b|\brostratt(?:en)?\s+ar\s+lika\b",
        unless=r"\bombud|\bdelegat|styrelseledamot|\bledamot\b",
    ),
)


VOTE_NO_RULES = gated(
    VOTE_NO_RULES,
    {
        "OV_DELEGATE_ASSEMBLY": "ombud|delegat|represent|fullmaktige|ledamoter",
        "OV_VOTES_HELD_BY_DELEGATES": "ombud|delegat|represent|fullmaktige",
        "OV_UNITS_SEND_DELEGATES": "ombud|delegat|represent",
        "OV_WEIGHTED_VOTES": "per|varje|rostetal|antal|roster",
        "OV_TRANSFERABLE_VOTES": "overlat|overfor",
        "OV_PROXY_FOR_MANY": "medlemmar|personer|roster|fullmakter",
        "OV_VOTES_THROUGH_DELEGATES": "ombud|delegat|represent",
    },
)


def analyse_supreme(doc: Normalized) -> Finding:
    sentences = candidates(doc, SUPREME_ANCHOR)
    self_appointed = all_hits(SELF_APPOINTED_RULES, doc, sentences)
    meeting, board = _highest_bodies(doc, sentences)
    if board or self_appointed:
        hits = board or self_appointed
        return Finding("no", hits[0].rule, evidence(doc, hits))
    meeting = meeting or all_hits(SUPREME_RULES, doc, sentences)
    if meeting:
        return Finding("yes", meeting[0].rule, evidence(doc, meeting))
    return Finding("unclear", "MS_NOT_STATED")


def _highest_bodies(doc: Normalized, sentences: list[int]) -> tuple[list[Hit], list[Hit]]:
    meeting: list[Hit] = []
    board: list[Hit] = []
    for index in sentences:
        start, end = doc.sentences[index]
        match = _HIGHEST.search(doc.text, start, end)
        if match is None or _BETWEEN_MEETINGS.search(doc.text, start, end):
            continue
        kind = _named_body(doc.text, start, end, match)
        if kind == "meeting":
            meeting.append(Hit("MS_MEETING_IS_HIGHEST", match.start(), match.end(), index))
        elif kind == "board":
            board.append(Hit("MS_BOARD_IS_HIGHEST", match.start(), match.end(), index))
    return meeting, board


def _named_body(text: str, start: int, end: int, match: re.Match[str]) -> str | None:
    """Which body the "högsta beslutande organ" phrase names: 'meeting', 'board' or None.

    A negated claim names the body after it instead ("Årsmötet är inte föreningens högsta
    beslutande organ; det är styrelsen", "… organ är inte årsmötet utan styrelsen")."""
    after = _AFTER_IS.match(text, match.end(), end)
    if after is not None:
        if _NEGATION.match(text, after.end(), end):
            return _instead(text, after.end(), end)
        body = _BODY.search(text, after.end(), min(end, after.end() + 60))
        if body is not None and body.start() - after.end() < 30:
            return body.lastgroup
    window = max(start, match.start() - 100)
    subject = _SUBJECT.search(text, window, match.start())
    if subject is not None:  # "Årsmötet, som är föreningens högsta ..." / "X är ... högsta"
        if _NEGATION.search(text, subject.start(), match.start()):
            return _instead(text, match.end(), end)
        return subject.lastgroup
    bodies = list(_BODY.finditer(text, window, match.start()))
    if bodies and _NEGATION.search(text, bodies[-1].end(), match.start()):
        return _instead(text, match.end(), end)
    return bodies[-1].lastgroup if bodies else None


def _instead(text: str, pos: int, end: int) -> str | None:
    """The body a negated claim names in its place ("utan styrelsen", "; det är styrelsen")."""
    other = _INSTEAD.search(text, pos, end)
    return other.lastgroup if other is not None else None


def analyse_vote(doc: Normalized) -> Finding:
    sentences = candidates(doc, VOTE_ANCHOR)
    delegated = all_hits(VOTE_NO_RULES, doc, sentences)
    if delegated:
        return Finding("no", delegated[0].rule, evidence(doc, delegated))
    one_vote = all_hits(VOTE_YES_RULES, doc, sentences)
    if one_vote:
        return Finding("yes", one_vote[0].rule, evidence(doc, one_vote))
    return Finding("unclear", "OV_NOT_STATED")
