"""The statute reader's findings as proposals per criterion. The reader never decides: an
officer accepts or overrides each proposal, and the assessment records which.

Notes are plain language (Swedish source text, translated on the page); the comment an
accepted proposal leaves on the assessment is the Swedish note (:attr:`ReaderProposal.record_note`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.models import Application, Outcome

# (question, value) -> proposed outcome for the criterion the question informs. A closed
# membership that rests on a protected ground is a flag, never a rejection (issue 6): see
# _open_membership.
OPEN_MEMBERSHIP = {
    "open": Outcome.PASS,
    "conditional": Outcome.DOUBT,
    "closed": Outcome.FAIL,
    "unclear": Outcome.DOUBT,
}
SUPREME = {"yes": Outcome.PASS, "no": Outcome.FAIL, "unclear": Outcome.DOUBT}

# What each finding means, in plain words, for the officer.
FINDING_LABELS: dict[tuple[str, str], Promise] = {
    ("open_membership", "open"): _("medlemskapet är öppet för alla som stöder ändamålet"),
    ("open_membership", "conditional"): _(
        "medlemskapet är villkorat (godkännande, rekommendation eller särskilda krav)"
    ),
    ("open_membership", "closed"): _("medlemskapet är begränsat till en viss grupp"),
    ("open_membership", "unclear"): _("stadgarna säger inte vem som kan bli medlem"),
    ("non_discrimination_clause", "explicit"): _(
        "stadgarna förbjuder uttryckligen diskriminering på namngivna grunder"
    ),
    ("non_discrimination_clause", "general"): _(
        "stadgarna tar allmänt avstånd från diskriminering"
    ),
    ("non_discrimination_clause", "absent"): _("stadgarna säger inget om diskriminering"),
    ("members_meeting_supreme", "yes"): _("medlemsmötet (årsmötet) är högsta beslutande organ"),
    ("members_meeting_supreme", "no"): _("medlemsmötet är inte högsta beslutande organ"),
    ("members_meeting_supreme", "unclear"): _("stadgarna säger inte vilket organ som är högst"),
    ("one_member_one_vote", "yes"): _("varje medlem har en röst"),
    ("one_member_one_vote", "no"): _("rösterna är viktade eller utövas genom ombud"),
    ("one_member_one_vote", "unclear"): _("stadgarna säger inte hur rösterna fördelas"),
}
# The protected ground a discriminatory membership condition rests on (reader rule DC_*).
GROUNDS: dict[str, Promise] = {
    "DC_SEX": _("kön"),
    "DC_GENDER_IDENTITY": _("könsidentitet"),
    "DC_ORIGIN": _("etnicitet eller ursprung"),
    "DC_CITIZENSHIP": _("medborgarskap"),
    "DC_RELIGION": _("religion eller trosuppfattning"),
    "DC_ORIENTATION": _("sexuell läggning"),
}

# What the reader looks for in the statutes, per criterion (Swedish, as recorded): what it did
# not find when a proposal has no passage to quote.
SOUGHT = {
    "OPEN_MEMBERSHIP": "vem som kan bli medlem",
    "NON_DISCRIMINATION": (
        "diskriminering: varken en bestämmelse mot diskriminering eller villkor för "
        "medlemskap eller uppdrag som beror på en diskrimineringsgrund"
    ),
    "DEMOCRATIC_STRUCTURE": "vilket organ som är högst och hur rösterna fördelas",
}


@dataclass(frozen=True)
class ReaderProposal:
    criterion_code: str
    outcome: str
    rules: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...] = field(default=())
    note: str | Promise = ""
    # From a reading by an older version of the reader's rules: it may lack later questions.
    older_rules: bool = False
    # Which statutes version the reader read (Swedish, as recorded): see ``reading_fact``.
    read: str = ""

    @property
    def first_quote(self) -> dict[str, Any] | None:
        return self.evidence[0] if self.evidence else None

    @property
    def quotes(self) -> list[dict[str, Any]]:
        """Every passage the proposal rests on, in order, each once (the case page's)."""
        seen: set[tuple[Any, Any]] = set()
        found = []
        for quote in self.evidence:
            where = (quote.get("start"), quote.get("end"))
            if where not in seen:
                seen.add(where)
                found.append(quote)
        return found

    @property
    def record_note(self) -> str:
        """The note as the assessment keeps it: Swedish, whoever accepts it."""
        with translation.override("sv"):
            return str(self.note)

    @property
    def reading_fact(self) -> str:
        """The evidence of an accepted proposal with no passage to quote (say, a pass because
        nothing discriminatory was found): the recorded fact of what the reader read in full
        and did not find, with its note. Swedish, as recorded."""
        sought = SOUGHT.get(self.criterion_code, "det kriteriet gäller")
        return (
            f"Stadgeläsaren läste {self.read or 'stadgarna'} i sin helhet och fann inget "
            f"stycke att citera om {sought}. {self.record_note}"
        ).strip()


def _finding(findings: dict[str, Any], question: str) -> dict[str, Any]:
    return findings.get(question) or {"value": "unclear", "rule": "", "evidence": []}


def _label(question: str, value: str) -> str | Promise:
    return FINDING_LABELS.get((question, value), value)


def _reader_says(*parts: str | Promise) -> Promise:
    if len(parts) == 1:
        return format_lazy(_("Stadgeläsaren: {finding}."), finding=parts[0])
    return format_lazy(_("Stadgeläsaren: {first}; {second}."), first=parts[0], second=parts[1])


def _ground_note(condition: dict[str, Any]) -> Promise:
    ground = GROUNDS.get(condition["rule"], _("en diskrimineringsgrund"))
    if condition["rule"] == "DC_SEX":  # the example fits this ground only
        note = _(
            "Medlemskapet beror på {ground}. Det är en flagga, inte ett skäl för avslag: "
            "pröva om det finns sakliga skäl (till exempel en kvinnojour)."
        )
    else:
        note = _(
            "Medlemskapet beror på {ground}. Det är en flagga, inte ett skäl för avslag: "
            "pröva om det finns sakliga skäl."
        )
    return format_lazy(note, ground=ground)


def _eligibility_ground(flag: dict[str, Any]) -> Promise:
    """The protected ground of a discriminatory eligibility condition (reader rule DE_*)."""
    return GROUNDS.get(flag["rule"].replace("DE_", "DC_", 1), _("en diskrimineringsgrund"))


def _eligibility_note(flag: dict[str, Any]) -> Promise:
    return format_lazy(
        _(
            "Valbarheten till styrelsen eller ett uppdrag beror på {ground}, men medlemskapet "
            "gör det inte. Det är en flagga, inte ett skäl för avslag: pröva om det finns "
            "sakliga skäl."
        ),
        ground=_eligibility_ground(flag),
    )


def _open_membership(findings: dict[str, Any]) -> ReaderProposal:
    f = _finding(findings, "open_membership")
    condition = _finding(findings, "discriminatory_membership_condition")
    if f["value"] == "closed" and condition["value"] == "yes":
        # Closed on a protected ground: a flag for the officer, never a proposed rejection.
        return ReaderProposal(
            "OPEN_MEMBERSHIP",
            Outcome.DOUBT,
            (f["rule"], condition["rule"]),
            tuple(condition["evidence"]) + tuple(f["evidence"]),
            _ground_note(condition),
        )
    return ReaderProposal(
        "OPEN_MEMBERSHIP",
        OPEN_MEMBERSHIP.get(f["value"], Outcome.DOUBT),
        (f["rule"],),
        tuple(f["evidence"]),
        _reader_says(_label("open_membership", f["value"])),
    )


def _non_discrimination(findings: dict[str, Any]) -> ReaderProposal:
    clause = _finding(findings, "non_discrimination_clause")
    condition = _finding(findings, "discriminatory_membership_condition")
    eligibility = _finding(findings, "discriminatory_eligibility_condition")
    flags = [f for f in (condition, eligibility) if f["value"] == "yes"]
    if flags:
        # A flag for the officer, never a rejection: there may be objective reasons. Who may
        # be a member, then who may hold an office: each condition found is quoted.
        return ReaderProposal(
            "NON_DISCRIMINATION",
            Outcome.DOUBT,
            (*(f["rule"] for f in flags), clause["rule"]),
            tuple(e for f in flags for e in f["evidence"]),
            _flags_note(condition, eligibility),
        )
    return ReaderProposal(
        "NON_DISCRIMINATION",
        Outcome.PASS,
        (clause["rule"], condition["rule"]),
        tuple(clause["evidence"]),
        _reader_says(_label("non_discrimination_clause", clause["value"])),
    )


def _flags_note(condition: dict[str, Any], eligibility: dict[str, Any]) -> Promise:
    """Membership's condition, then eligibility's; either alone has its own note."""
    if condition["value"] != "yes":
        return _eligibility_note(eligibility)
    if eligibility["value"] != "yes":
        return _ground_note(condition)
    also = format_lazy(
        _("Valbarheten till styrelsen eller ett uppdrag beror dessutom på {ground}."),
        ground=_eligibility_ground(eligibility),
    )
    return format_lazy("{} {}", _ground_note(condition), also)


def _democratic_structure(findings: dict[str, Any]) -> ReaderProposal:
    supreme = _finding(findings, "members_meeting_supreme")
    vote = _finding(findings, "one_member_one_vote")
    outcome = SUPREME.get(supreme["value"], Outcome.DOUBT)
    if outcome == Outcome.PASS and vote["value"] == "no":
        outcome = Outcome.DOUBT  # weighted or delegated votes: the officer judges
    return ReaderProposal(
        "DEMOCRATIC_STRUCTURE",
        outcome,
        (supreme["rule"], vote["rule"]),
        tuple(supreme["evidence"]) + tuple(vote["evidence"]),
        _reader_says(
            _label("members_meeting_supreme", supreme["value"]),
            _label("one_member_one_vote", vote["value"]),
        ),
    )


def reader_proposals(application: Application) -> list[ReaderProposal]:
    """Proposals for the statute-based criteria of this case, from the current statutes."""
    statutes = application.association.current_statutes()
    if statutes is None or statutes.reader_status != "done":
        return []
    if statutes.document_kind != "statutes":
        return []  # a policy or minutes is not statutes: the page warns, nothing is proposed
    findings = statutes.reader_findings
    proposals = [
        _open_membership(findings),
        _non_discrimination(findings),
        _democratic_structure(findings),
    ]
    applicable = {
        c.code for c in application.rulebook.criteria.all() if c.applies_to(application.kind)
    }
    older, read = statutes.read_by_older_rules, _what_was_read(statutes)
    return [
        replace(p, older_rules=older, read=read)
        for p in proposals
        if p.criterion_code in applicable
    ]


def _what_was_read(statutes: Any) -> str:
    """The statutes version and the reader's rules that read it, for the record (Swedish)."""
    rules = f", stadgeläsarens regler version {statutes.reader_version}"
    return (
        f"stadgarna antagna {statutes.adopted_on:%Y-%m-%d} (stadgeversion {statutes.pk}"
        f"{rules if statutes.reader_version else ''})"
    )
