"""Membership: is it open to everyone who supports the purpose, and is it limited by a
protected ground (sex, origin, citizenship, religion, sexual orientation)?

The clause parser works in three steps (rule ids in RULES.md):

1. *Membership-condition sentences* are recognised by their construction
   (``MC_*``: "medlem kan den bli som ...", "som medlem antas ...", "föreningen är
   öppen för ...", "rätt att bli medlem ...", "medlemskap kan beviljas ...").
2. In those sentences, *group terms* are looked up (``groups.py``): students, residents,
   women, citizens, believers, ... A term is ignored when it is negated or generalised
   ("oavsett kön", "inte", "främst", "även"), when it is the object of support
   ("stödja kvinnor ..."), or when it is part of the association's own name.
3. Elsewhere in membership sentences, *procedures* are looked up: approval by the board,
   recommendation, refusal at discretion; a *right* to membership or refusal *only* on
   narrow grounds ("får avslås endast om ...") cancels approval and refusal.

A group restriction always wins over an open clause (closed), then conditions
(conditional), then open clauses (open); otherwise the text is unclear.
"""

from __future__ import annotations

from collections.abc import Sequence

from .engine import (
    Hit,
    Rule,
    all_hits,
    candidates,
    compile_rx,
    evidence,
    first_hits,
    flag_finding,
    rule,
    rule_ids,
)
from .groups import CONDITION_TERMS, GROUP_TERMS, GroupHit, terms_in
from .model import Finding
from .normalize import Normalized
from .offices import office_clause
from .procedures import (
    APPLICATION_CUE,
    APPROVAL_RULES,
    FOLLOW_ON_APPROVAL,
    FOLLOW_ON_UNLESS,
    NOT_CONDITION,
    OPEN_RULES,
    RIGHT,
    RIGHT_RULES,
)

ANCHOR = compile_rx(
    r"medlem|intrade|oppe[nt]\s+(?:endast\s+|enbart\s+|bara\s+)?for|sammanslutning|valkomn|invalj|bestar\s+av|rekryter"
    r"|ska\s+(?:innehalla|omfatta|utgoras)|skall\s+(?:innehalla|omfatta|utgoras)"
    r"|omfattar\s+(?:endast|enbart|bara)|organiserar\s+(?:endast|enbart|bara)"
    r"|innehaller\s+(?:endast|enbart|bara)"
)

_ORG = (
    r"(?:forening(?:en)?|\w+foreningen|organisationen|klubben|karen|nationen|sallskapet"
    r"|forbundet|partiet|\w*avdelningen|laget|byalaget|\w*jouren|samfundet|forsamlingen"
    r"|natverket|gemenskapen)"
)
# Words one of which each construction needs (a fast pre-check, see engine.Rule).
_CONDITION_GATES = {
    "MC_MEMBER_CAN_BECOME": "bli",
    "MC_CAN_BECOME_MEMBER": "bli",
    "MC_ADMITTED_AS_MEMBER": "anta|upptas|upptagas|upptar|intas|valkomnas|raknas|invaljas|valjas",
    "MC_MEMBER_IS": "de|alla|envar|och|varje|person|fysisk|enskild|som",
    "MC_OPEN_FOR": "oppe",
    "MC_RIGHT_TO_MEMBERSHIP": "ratt",
    "MC_MEMBERSHIP_GRANTED": "medlemskap",
    "MC_COMPOSED_OF": "bestar|sammanslutning|innehall|omfatta|utgoras|organiserar",
    "MC_REQUIREMENT": "att|medlemskap|ska|maste",
    "MC_WANTS_TO_JOIN": "bli",
    "MC_ENTRY": "intrade",
    "MC_WELCOME": "valkomn",
    "MC_BECOME_BY": "blir|genom|medlem",
    "MC_APPLY": "ansoka",
    "MC_RECRUITED": "rekryter",
}

# Step 1: constructions that state who may become a member.
CONDITION_RULES: tuple[Rule, ...] = tuple(
    rule(rule_id, pattern, unless=NOT_CONDITION, gate=_CONDITION_GATES[rule_id])
    for rule_id, pattern in (
        (
            "MC_MEMBER_CAN_BECOME",
            r"\bmedlem(?:mar|men)?\b(?:\s+i\s+.{1,60}?)?\s+(?:kan|far|ma)"
            r"\s+(?:\S+\s+){0,8}?bli\b",
        ),
        ("MC_CAN_BECOME_MEMBER", r"\b(?:kan|far|ma|ska\s+kunna)\s+(?:\w+\s+){0,3}?bli\s+medlem"),
        (
            "MC_ADMITTED_AS_MEMBER",
            r"\b(?:som|till)\s+medlem(?:mar)?\s+(?:(?:kan|far|ska)\s+(?:\w+\s+){0,4}?)?"
            r"(?:antas|antagas|upptas|upptagas|intas|valkomnas|raknas|invaljas|valjas\s+in)\b"
            r"|\b(?:antas|antagas|upptas|upptagas|intas)\s+(?:\w+\s+){0,2}?(?:som|till)\s+medlem"
            r"|\b(?:antar|upptar)\s+(?:\w+\s+){0,4}?(?:som|till)\s+medlem",
        ),
        (
            "MC_MEMBER_IS",
            r"\bmedlem(?:mar|marna)?\b.{0,80}?\b(?:ar|blir|utgors\s+av|raknas)\s+"
            r"(?:den|de|var\s+och\s+en|envar|alla|varje|person|personer|fysisk|fysiska|enskild"
            r"|enskilda)\b|\bmedlem(?:mar)?\b(?:\s+i\s+.{1,60}?)?\s+(?:ar|blir)\s+(?:\w+\s+){1,4}?som\b",
        ),
        (
            "MC_OPEN_FOR",
            rf"\b{_ORG}\s+(?:ar|star|skall\s+vara|ska\s+vara)\s+(?:[^.]{{0,60}}?\s+"
            rf"(?:och|samt)\s+)?oppe[nt]\s+(?:endast\s+|enbart\s+|bara\s+)?for\b"
            r"|\b(?:medlemskap(?:et)?(?:\s+i\s+\w+(?:\s+\w+)?)?|\w*verksamheten)\s+(?:ar|star"
            r"|skall\s+vara|ska\s+vara)\s+oppe[nt]\s+(?:endast\s+|enbart\s+|bara\s+)?for\b",
        ),
        ("MC_RIGHT_TO_MEMBERSHIP", RIGHT),
        (
            "MC_MEMBERSHIP_GRANTED",
            r"\bmedlemskap(?:et)?\b.{0,50}?\b(?:kan|far|ska|skall|ma)\s+"
            r"(?:\w+\s+){0,2}?(?:beviljas|erhallas|sokas|ansokas|ges|vinnas|tilldelas|erbjudas)\b",
        ),
        (
            "MC_COMPOSED_OF",
            rf"\b{_ORG}\s+(?:bestar\s+av|utgor\s+en\s+sammanslutning\s+av"
            r"|ar\s+en\s+sammanslutning\s+av|(?:ska|skall)\s+(?:innehalla|omfatta|besta\s+av"
            r"|utgoras\s+av)|(?:omfattar|organiserar|innehaller)\s+(?:endast|enbart|bara))\b",
        ),
        (
            "MC_REQUIREMENT",
            r"\bfor\s+att\s+(?:bli|vara|antas\s+som|kunna\s+bli)\s+medlem"
            r"|\bmedlemskap(?:et)?\s+(?:i\s+(?:\w+\s+){1,3}?)?(?:forutsatter|kraver|forbehall\w*"
            r"|ar\s+forbehall\w*"
            r"|ar\s+begransat|begransas)|\b(?:villkor|krav|forutsattning\w*)\s+for\s+(?:att\s+"
            r"bli\s+)?medlemskap|\bmedlem(?:mar|marna)?\s+(?:i\s+.{1,40}?\s+)?(?:ska|skall|maste)"
            r"\s+(?:\w+\s+)?(?:vara|ha|tillhora|bo|studera|arbeta|bekanna)\b",
        ),
        ("MC_WANTS_TO_JOIN", r"\bden\s+som\s+(?:vill|onskar|avser)\s+(?:att\s+)?bli\s+medlem"),
        (
            "MC_ENTRY",
            r"\bintrade\s+(?:i\s+\w+\s+)?(?:sker|beviljas|kan\s+ske|far\s+ske|vinns"
            r"|kan\s+beviljas|kan\s+vinnas)|\b(?:vinna|beviljas|soka)\s+intrade",
        ),
        ("MC_WELCOME", r"\bvalkomn\w*\s+(?:\w+\s+){0,2}?(?:att\s+bli\s+|som\s+)medlem"),
        (
            "MC_BECOME_BY",
            r"\bblir\s+(?:\w+\s+){0,2}?medlem\w*\s+genom|\bmedlem\s+blir\s+(?:man"
            r"|du|den\s+som|en\s+person)\b|\bmedlemskap(?:et)?\s+(?:erhalls|vinns|uppnas"
            r"|tecknas|loses|blir\s+giltigt)\s+(?:\w+\s+)?genom|\b(?:den|de|alla|var\s+och\s+en"
            r"|envar)\s+som\s+.{1,80}?\s+(?:ar|blir|raknas\s+som|anses\s+som)\s+medlem",
        ),
        ("MC_APPLY", r"\b(?:kan|far)\s+(?:\w+\s+){0,2}?ansoka\s+om\s+medlemskap"),
        (
            "MC_RECRUITED",
            r"\bmedlem(?:mar|marna)?\s+(?:\w+\s+){0,2}?rekryteras\s+(?:\w+\s+)?"
            r"(?:bland|fran)",
        ),
    )
)


_CANCELLED_BY_RIGHT = frozenset({"OM_BOARD_APPROVAL", "OM_REFUSAL_DISCRETION"})

# "endast/enbart/bara/förbehållet + group" in a sentence about who is admitted (MC_ONLY_GROUP).
_ONLY = compile_rx(r"\b(?:endast|enbart|bara|uteslutande|forbehall(?:et|en|na|s)?)\s")
ONLY_WORDS = 5
_PAUSE = compile_rx(r"[,;:()]")
_CLAUSE_SPLIT = compile_rx(r";|,\s*(?:men|medan|dock|utan)\b")
_ADMISSION = compile_rx(
    r"\bmedlemskap(?:et)?\b|\b(?:som|till)\s+medlem(?:mar)?\b|\bbli\s+medlem"
    r"|\bmedlem(?:mar|marna)?\s+(?:i\s+(?:\w+\s+){1,3}?)?(?:kan|far|ska|skall|maste|ar|utgors)"
    r"\s+(?:av\s+)?(?:endast|enbart|bara|uteslutande)\b"
)
# ... not about who may be elected or vote ("endast kvinnor kan väljas till styrelsen").
_NOT_CONDITION_RX = compile_rx(NOT_CONDITION)
_NOT_ADMISSION = compile_rx(
    NOT_CONDITION + r"|\bvalj\w*\s+(?:till|in\s+i)\b|\btill\s+styrelse|\bi\s+styrelsen\b"
    r"|styrelseledam|uppdrag|fortroende|\bombud|\bdelegat|\brosta"
)
_ALT_OPEN = compile_rx(
    r"\b(?:eller|alternativt|och\s+andra)\b.{0,40}?\b(?:som\s+)?(?:\w+\s+){0,3}?(?:stod\w*|delar"
    r"|staller\s+sig\s+bakom|star\s+bakom|vill\s+(?:verka|arbeta|framja|stodja|bidra|delta)|ansluter\s+sig|accepterar"
    r"|godkanner|ar\s+intresserad|intresserad)"
)


def analyse(doc: Normalized, non_exclusion: Sequence[Hit]) -> tuple[Finding, Finding]:
    """Findings for open_membership and discriminatory_membership_condition.

    ``non_exclusion`` are hits of explicit non-discrimination rules; when they speak of
    membership they count as an open clause ("ingen får nekas medlemskap på grund av").
    """
    sentences = candidates(doc, ANCHOR)
    found = {hit.sentence for hit in all_hits(CONDITION_RULES, doc, sentences)}
    conditions = [index for index in sentences if index in found]
    groups = _group_hits(doc, conditions) + _only_group_hits(doc, sentences, found)
    groups = [g for g in groups if not about_office(doc, g.hit)]  # eligibility.py reads those
    return _open_finding(doc, sentences, conditions, groups, non_exclusion), _dc_finding(
        doc, groups
    )


def _group_hits(doc: Normalized, conditions: Sequence[int]) -> list[GroupHit]:
    found: list[GroupHit] = []
    for index in conditions:
        found.extend(terms_in(doc, index, GROUP_TERMS))
    return found


def about_office(doc: Normalized, hit: Hit) -> bool:
    """Is the group term of ``hit`` in a clause about who may hold an office, and not about
    who may become a member ("öppen för alla, men endast kvinnor kan väljas till styrelsen")?"""
    start, end = doc.sentences[hit.sentence]
    span = office_clause(doc.text, start, end, hit.start)
    if span is None or _ADMISSION.search(doc.text, *span):
        return False
    return not any(item.pattern.search(doc.text, *span) for item in CONDITION_RULES)


def _only_group_hits(doc: Normalized, sentences: Sequence[int], done: set[int]) -> list[GroupHit]:
    """Group terms right after "endast/enbart/bara/förbehållet" in a clause about who is
    admitted as a member (``MC_ONLY_GROUP``), which the constructions of step 1 may miss:
    "Medlemskap i föreningen är förbehållet kvinnor", "Endast kvinnor antas som medlemmar"."""
    found: list[GroupHit] = []
    for index in sentences:
        start, end = doc.sentences[index]
        if index in done or _ONLY.search(doc.text, start, end) is None:
            continue
        onlys = [m.end() for m in _ONLY.finditer(doc.text, start, end)]
        groups = terms_in(doc, index, GROUP_TERMS)
        limited = {
            _clause(doc.text, start, end, g.hit.start)
            for g in groups
            if any(_governs(doc.text, pos, g.hit.start) for pos in onlys)
        }
        limited = {c for c in limited if _admission_clause(doc.text, *c)}
        # Every group of a limited clause counts, not only the one "endast" governs: "endast
        # kvinnor som sedan minst fem år bekänner sig till den kristna tron".
        found.extend(g for g in groups if _clause(doc.text, start, end, g.hit.start) in limited)
    return found


def _admission_clause(text: str, low: int, high: int) -> bool:
    return bool(_ADMISSION.search(text, low, high)) and not _NOT_ADMISSION.search(text, low, high)


def _clause(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of the sentence ``start:end`` around ``pos`` (split at "; " and ", men")."""
    low, high = start, end
    for brk in _CLAUSE_SPLIT.finditer(text, start, end):
        if brk.end() <= pos:
            low = brk.end()
        elif brk.start() >= pos:
            high = brk.start()
            break
    return low, high


def _governs(text: str, only_end: int, term_start: int) -> bool:
    """ "endast" governs a term at most five words on, with no comma or semicolon between."""
    between = text[only_end:term_start]
    return (
        only_end <= term_start and len(between.split()) <= ONLY_WORDS and not _PAUSE.search(between)
    )


def _dc_finding(doc: Normalized, groups: Sequence[GroupHit]) -> Finding:
    protected = [(g.term.protected, g.hit) for g in groups if g.term.protected is not None]
    if not protected:
        return Finding("no", "DC_NONE")
    return flag_finding(doc, protected)


def _open_finding(
    doc: Normalized,
    sentences: Sequence[int],
    conditions: Sequence[int],
    groups: Sequence[GroupHit],
    non_exclusion: Sequence[Hit],
) -> Finding:
    closed = [g.hit for g in groups if not _alternative_open(doc, g.hit)]
    rights = all_hits(RIGHT_RULES, doc, sentences)
    conditional = _conditional_hits(doc, sentences, conditions, bool(rights))
    if closed:  # the group first; then the other conditions (an approved application ...)
        hits = [*closed, *conditional]
        return Finding("closed", closed[0].rule, evidence(doc, hits), conditions=rule_ids(hits))
    if conditional:
        first = conditional[0].rule
        found = evidence(doc, conditional)
        return Finding("conditional", first, found, conditions=rule_ids(conditional))
    if rights:
        approvals = first_hits(APPROVAL_RULES[:1], doc, sentences)
        return Finding("open", rights[0].rule, evidence(doc, [*rights, *approvals]))
    opened = first_hits(OPEN_RULES, doc, conditions) or _membership_hits(doc, non_exclusion)
    if opened:
        return Finding("open", opened[0].rule, evidence(doc, opened))
    return Finding("unclear", "OM_NO_MEMBERSHIP_CLAUSE")


def _alternative_open(doc: Normalized, hit: Hit) -> bool:
    """ "... som bor i byn eller som på annat sätt stöder föreningens syfte" is open."""
    end = doc.sentences[hit.sentence][1]
    return _ALT_OPEN.search(doc.text, hit.end, end) is not None


def _conditional_hits(
    doc: Normalized, sentences: Sequence[int], conditions: Sequence[int], has_right: bool
) -> list[Hit]:
    procedures = [r for r in APPROVAL_RULES if not (has_right and r.id in _CANCELLED_BY_RIGHT)]
    found = all_hits(procedures, doc, sentences)
    if not has_right:
        found.extend(_follow_on_approvals(doc, sentences))
    for index in conditions:
        found.extend(g.hit for g in terms_in(doc, index, CONDITION_TERMS))
    return found


def _follow_on_approvals(doc: Normalized, sentences: Sequence[int]) -> list[Hit]:
    """ "Ansökan prövas av styrelsen" right after a sentence about applying for membership."""
    found: list[Hit] = []
    for index in sentences:
        start, end = doc.sentences[index]
        if index + 1 >= len(doc.sentences) or not APPLICATION_CUE.search(doc.text, start, end):
            continue
        if _NOT_CONDITION_RX.search(doc.text, start, end):
            continue
        start, end = doc.sentences[index + 1]
        match = FOLLOW_ON_APPROVAL.match(doc.text, start, end)
        if match is not None and not FOLLOW_ON_UNLESS.search(doc.text, start, end):
            found.append(Hit("OM_BOARD_APPROVAL", match.start(), match.end(), index + 1))
    return found


def _membership_hits(doc: Normalized, hits: Sequence[Hit]) -> list[Hit]:
    return [
        Hit("OM_NO_EXCLUSION_ON_GROUNDS", h.start, h.end, h.sentence)
        for h in hits
        if "medlem" in doc.text[slice(*doc.sentences[h.sentence])]
    ]
