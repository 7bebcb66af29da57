"""The reasons of a decision or proposal (FL 32 §). An adverse one gives the rules applied and the
facts that decided, not a word that repeats the outcome; an approval in full may give none, and
what it gives is a sentence. How much is enough is set here only (docs/adr/0008).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.models import DecisionOutcome

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The least reasons that can name a rule and a fact: "Ordföranden uppmanade till våld
# (NO_VIOLENT_EXTREMISM)." has 5 words and 55 characters; "Avslag." and "Villkor brutna." are
# refused.
MIN_REASON_WORDS = 5
MIN_REASON_CHARS = 30


def with_reason_floor(text: StrOrPromise) -> StrOrPromise:
    """``text`` with its ``{words}`` and ``{chars}`` filled from the least reasons
    (``MIN_REASON_WORDS``, ``MIN_REASON_CHARS``), lazily: in the language of whoever reads it."""
    return format_lazy(text, words=MIN_REASON_WORDS, chars=MIN_REASON_CHARS)


# Words that only say what was decided about what: reasons made of these (and amounts) alone
# restate the outcome ("Ansökan om bidrag avslås i sin helhet.").
OUTCOME_WORDS = frozenset(
    """
    ansökan ansökningen ärendet bidrag bidraget stöd stödet föreningsbidrag arrangörsstöd
    lokaluthyrning lokalen hyra uthyrning avslag avslås avslår avslogs avslaget avslagen
    avslagits bifall bifalls bifaller bifölls delvis beviljas beviljar beviljat beviljade
    beviljades återkallas återkallar återkallelse återkallat rättelse rättas rättar beslut
    ändring ändringen ändras ändrar ändrat ändrade
    beslutet beslutar beslutade nämnden kommunen förvaltningen föreslås föreslår förslag
    förslaget sökt sökta sökanden belopp beloppet kr kronor lägre än i med på om av för till
    och att sin hela helhet inte ej är har den det denna detta därför härmed stället
    helt hållet fullt fullo eftersom då så som men tyvärr avvisas avvisar avvisat avvisades
    avvisning lokal lokalhyra avgift ja nej beviljad beviljats bifallen godkänns godkänner
    godkänd godkänt godkändes ok okej
    the application applications is are was be been rejected refused denied declined approved
    granted partly partially in full whole grant funding request because it its of for to and a
    an not no
    """.split()  # noqa: SIM905 - a word list reads better as text than as 80 literals
)
# Any kind of grant or rental named: grundbidrag, verksamhetsbidraget, arrangörsstödet, lokalhyran.
OUTCOME_SUFFIXES = ("bidrag", "bidraget", "stöd", "stödet", "hyra", "hyran")
# Reasons need at least this many words that are neither outcome words nor amounts: what was
# found ("budgeten räcker", "Ordföranden uppmanade till våld", "Skrivfel: nämnden beviljade
# 400 kr, inte 4 000 kr." for a correction).
MIN_SUBSTANTIVE_WORDS = 1

# An approval in full may give no reasons (FL 32 § second paragraph 1; its document then prints
# the standard sentence). Reasons it does give are printed as the decision's, so they are a
# sentence that says more than the outcome: "Föreningen uppfyller villkoren." passes; "x",
# "Beviljas." and "Ansökan beviljas i sin helhet." are refused.
MIN_APPROVAL_WORDS = 3
MIN_APPROVAL_CHARS = 15

_WORD = re.compile(r"\w+")


def reasons_problem(
    reasons: str, blank: StrOrPromise, *, thin: StrOrPromise | None = None
) -> StrOrPromise | None:
    """What is wrong with the reasons of an adverse decision or proposal, or None: ``blank``
    when there are none; too short; or only the outcome said again (``thin``, when given, says
    both of other reasons than a decision's, e.g. a program review's notes)."""
    text = reasons.strip()
    if not text:
        return blank
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_REASON_WORDS or len(text) < MIN_REASON_CHARS:
        return thin or with_reason_floor(
            _(
                "Skälen är för korta: ange vilka regler (kriterier) och vilka avgörande "
                "omständigheter beslutet grundar sig på, med minst {words} ord och {chars} "
                "tecken (FL 32 §)."
            )
        )
    if sum(1 for w in words if not _says_only_the_outcome(w)) < MIN_SUBSTANTIVE_WORDS:
        return thin or _(
            "Skälen upprepar bara utfallet: ange vilka regler (kriterier) och vilka avgörande "
            "omständigheter beslutet grundar sig på (FL 32 §)."
        )
    return None


# A program review's notes are the evidence of the PROGRAM_REVIEW assessment and are printed as
# its "Underlag" in the decision: the floor of adverse reasons, whatever the result ("ok" said
# nothing about the programme).
PROGRAM_NOTES_THIN = with_reason_floor(
    _(
        "Motiveringen är för kort: ange vad i programmet som avgör resultatet, med minst {words} "
        "ord och {chars} tecken, inte bara att programmet godtas eller inte."
    )
)


def program_notes_problem(notes: str) -> StrOrPromise | None:
    """What is wrong with a program review's notes, or None (``reasons_problem``'s floor)."""
    blank = format_lazy(_("{what} krävs."), what=_("Motivering av programgranskningen"))
    return reasons_problem(notes, blank, thin=PROGRAM_NOTES_THIN)


# Why an FL 25 § exception applies (a decision or revocation without kommunicering): the floor of
# a decision's reasons, and facts, not the exception named again. Words that only name an
# exception or its consequence ("Brådskande.", "Ärendet är brådskande och kan inte vänta.") do
# not count as facts; at least ``MIN_EXCEPTION_FACT_WORDS`` other words must (a date, an event,
# what would happen).
EXCEPTION_WORDS = frozenset(
    """
    brådskande brådskar brådska brådskade akut akuta akutt skyndsamt skyndsam snabbt snabb
    omedelbart omedelbar genast direkt nu uppenbart uppenbarligen obehövligt obehövlig onödigt
    onödig kommunicering kommuniceras kommunicera kommunicerats undantag undantaget undantagen
    fl förvaltningslagen paragraf stycket andra tredje första punkt avgörandet avgöras avgöra
    kan kunde kunna måste vänta väntan skjutas skjuta upp går gick svårt svårare avsevärt
    genomföra genomföras verkställa verkställas hörande höras sökanden yttra yttrande sig
    urgent unnecessary enforcement
    """.split()  # noqa: SIM905 - a word list reads better as text than as literals
)
MIN_EXCEPTION_FACT_WORDS = 2
EXCEPTION_BLANK = _("Ange varför undantaget gäller, och om sökanden ändå hörts: hur och när.")
EXCEPTION_THIN = with_reason_floor(
    _(
        "Skälen för undantaget är för korta: ange de omständigheter som gör att undantaget från "
        "kommunicering gäller (till exempel evenemangets datum eller vad som skulle hända om "
        "beslutet väntade), med minst {words} ord och {chars} tecken."
    )
)
EXCEPTION_NO_FACTS = _(
    "Skälen för undantaget upprepar bara undantaget: ange de faktiska omständigheter som gör att "
    "det gäller (till exempel evenemangets datum eller vad som skulle hända om beslutet väntade)."
)


def exception_reasons_problem(text: str) -> StrOrPromise | None:
    """What is wrong with why an FL 25 § exception applies, or None: blank, shorter than a
    decision's reasons (``reasons_problem``), or without facts beyond the exception's words."""
    problem = reasons_problem(text, EXCEPTION_BLANK, thin=EXCEPTION_THIN)
    if problem is not None:
        return problem
    words = [w.lower() for w in _WORD.findall(text)]
    facts = [w for w in words if not _says_only_the_outcome(w) and w not in EXCEPTION_WORDS]
    return EXCEPTION_NO_FACTS if len(facts) < MIN_EXCEPTION_FACT_WORDS else None


# What an adverse outcome without reasons is told (FL 32 §); a correction is always reasoned.
BLANK_ADVERSE: dict[str, StrOrPromise] = {
    DecisionOutcome.REJECTED: _("Ett avslag måste motiveras (FL 32 §)."),
    DecisionOutcome.PARTLY_APPROVED: _("Delvis bifall måste motiveras (FL 32 §)."),
}
BLANK_CORRECTION = _("En ändring måste motiveras.")


def outcome_reasons_problem(
    outcome: str, reasons: str, *, correction: bool = False
) -> StrOrPromise | None:
    """What is wrong with the reasons of a proposed, decided or (``correction``) corrected
    ``outcome``, or None: the one rule that proposals, decisions and corrections apply, from the
    API and the pages alike. An adverse outcome needs reasons of substance (``reasons_problem``);
    an approval in full may have none (FL 32 § second paragraph 1) but, given, a sentence
    (``approval_reasons_problem``); a correction always says why it corrects."""
    if correction and not reasons.strip():
        return BLANK_CORRECTION
    blank = BLANK_ADVERSE.get(outcome)
    if blank is not None:
        return reasons_problem(reasons, blank)
    if outcome == DecisionOutcome.APPROVED:
        return approval_reasons_problem(reasons)
    return None


def outcome_input_problems(
    values: Mapping[str, Any], *, correction: bool = False, blank_reasons: str | None = ""
) -> dict[str, list[StrOrPromise]]:
    """The rule on an outcome's reasons (``outcome_reasons_problem``) on an input's valid
    ``outcome`` and ``reasons``, as the problems per field a form or serializer shows with its
    own fields' errors. ``blank_reasons``: what blank reasons stand for (a decision's: the
    proposal's); None when that is not known there (the service judges it)."""
    outcome, reasons = values.get("outcome"), str(values.get("reasons") or "")
    if not reasons.strip():
        if blank_reasons is None:
            return {}
        reasons = blank_reasons
    if not outcome:
        return {}
    problem = outcome_reasons_problem(outcome, reasons, correction=correction)
    return {} if problem is None else {"reasons": [problem]}


def approval_reasons_problem(reasons: str) -> StrOrPromise | None:
    """What is wrong with the reasons of an approval in full, or None: none at all is right;
    given, they need ``MIN_APPROVAL_WORDS`` words, ``MIN_APPROVAL_CHARS`` characters and a word
    beyond the outcome."""
    text = reasons.strip()
    if not text:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    substantive = sum(1 for w in words if not _says_only_the_outcome(w))
    if (
        len(words) >= MIN_APPROVAL_WORDS
        and len(text) >= MIN_APPROVAL_CHARS
        and substantive >= MIN_SUBSTANTIVE_WORDS
    ):
        return None
    return format_lazy(
        _(
            "Motiveringen får lämnas tom vid bifall i sin helhet; beslutet anger då att det inte "
            "går någon part emot (FL 32 § andra stycket 1). Skriver du en motivering ska den säga "
            "varför ansökan beviljas, med minst {words} ord och {chars} tecken, inte bara "
            "utfallet (som ”Beviljas.”)."
        ),
        words=MIN_APPROVAL_WORDS,
        chars=MIN_APPROVAL_CHARS,
    )


def _says_only_the_outcome(word: str) -> bool:
    return word in OUTCOME_WORDS or word.isdigit() or word.endswith(OUTCOME_SUFFIXES)
