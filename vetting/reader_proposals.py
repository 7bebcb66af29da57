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

from associations.models import StatutesVersion
from vetting.models import Application, Assessment, Outcome

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
# What the statutes say, as the fact a proposal without a passage records: the evidence an
# acceptance puts in the decision states what the statutes contain, not who or what read them.
FACT_LABELS: dict[tuple[str, str], Promise] = {
    ("open_membership", "open"): _("anger att medlemskapet är öppet för alla som stöder ändamålet"),
    ("open_membership", "conditional"): _(
        "ställer villkor för medlemskap (godkännande, rekommendation eller särskilda krav)"
    ),
    ("open_membership", "closed"): _("begränsar medlemskapet till en viss grupp"),
    ("open_membership", "unclear"): _("anger inte vem som kan bli medlem"),
    ("members_meeting_supreme", "yes"): _(
        "anger medlemsmötet (årsmötet) som högsta beslutande organ"
    ),
    ("members_meeting_supreme", "no"): _("anger inte medlemsmötet som högsta beslutande organ"),
    ("members_meeting_supreme", "unclear"): _("anger inte vilket organ som är högst"),
    ("one_member_one_vote", "yes"): _("ger varje medlem en röst"),
    ("one_member_one_vote", "no"): _("viktar rösterna eller låter dem utövas genom ombud"),
    ("one_member_one_vote", "unclear"): _("anger inte hur rösterna fördelas"),
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
# Why the grounds read (``GROUNDS``) are not the Discrimination Act's seven: the criterion is
# the municipality's (seed 001: kön, religiösa, politiska, etniska, sexuella skäl; DOMAIN.md),
# which names neither age nor disability, and an age condition for membership (a youth or
# pensioners' association) is judged as a membership condition (OPEN_MEMBERSHIP). The fact a
# decision prints says so, so that the list is not read as an oversight.
GROUNDS_LEFT_OUT = _(
    "ålder och funktionsnedsättning nämns inte i kommunens kriterium och prövas inte här; ett "
    "villkor om ålder prövas som ett villkor för medlemskap"
)

# What each condition of a closed or conditional membership is (reader Finding.conditions).
CONDITIONS: dict[str, Promise] = {
    "OM_GROUP_STUDY": _("studier"),
    "OM_GROUP_ALUMNI": _("tidigare medlemskap eller studier"),
    "OM_GROUP_WORK": _("anställning"),
    "OM_GROUP_PROFESSION": _("yrke"),
    "OM_GROUP_RESIDENCE": _("bostadsort"),
    "OM_GROUP_AGE": _("ålder"),
    "OM_GROUP_FAMILY": _("släktskap"),
    "OM_GROUP_BELONGING": _("tillhörighet till en viss grupp"),
    "OM_BOARD_APPROVAL": _("en ansökan som ska godkännas"),
    "OM_REFUSAL_DISCRETION": _("styrelsen kan vägra medlemskap"),
    "OM_RECOMMENDATION": _("en rekommendation"),
    "OM_EXTRA_REQUIREMENT": _("särskilda krav (till exempel anknytning eller kunskap)"),
    "OM_MIN_AGE": _("en lägsta ålder"),
    "OM_OTHER_MEMBERSHIP": _("medlemskap i en annan organisation"),
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
    # A proposal that rests on no passage: the recorded fact of what the statutes contain (or
    # do not), the evidence an acceptance records and a decision states.
    fact: str | Promise = ""
    # The version of the reader's rules the reading was made by (for the audit event).
    rules_version: int | None = None

    @property
    def rule(self) -> str:
        """The rules as an acceptance records them (``Assessment.reader_rule``)."""
        return ",".join(r for r in self.rules if r)

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
    def evidence_kind(self) -> str:
        """The kind of evidence an acceptance records: the quote, else the fact."""
        if self.evidence:
            return Assessment.EvidenceKind.STATUTE_QUOTE
        return Assessment.EvidenceKind.FACT if self.fact else Assessment.EvidenceKind.NONE

    @property
    def evidence_text(self) -> str:
        """The evidence an acceptance records: every passage quoted (joined by
        Assessment.PASSAGE_BREAK; the span is the first's), else the fact (Swedish)."""
        if self.evidence:
            return Assessment.PASSAGE_BREAK.join(str(q["quote"]) for q in self.quotes)
        with translation.override("sv"):
            return str(self.fact)


def _finding(findings: dict[str, Any], question: str) -> dict[str, Any]:
    return findings.get(question) or {"value": "unclear", "rule": "", "evidence": []}


def _label(question: str, value: str) -> str | Promise:
    return FINDING_LABELS.get((question, value), value)


def _fact_label(question: str, value: str) -> str | Promise:
    return FACT_LABELS.get((question, value), value)


def _no_passage(evidence: Any, *finding: str | Promise) -> str | Promise:
    """What the statutes say, in words, as the fact of a proposal without a passage."""
    if evidence:
        return ""
    if len(finding) == 1:
        return finding[0]
    return format_lazy(_("{head} och {last}"), head=finding[0], last=finding[1])


def _statutes_fact(proposal: ReaderProposal, statutes: StatutesVersion) -> ReaderProposal:
    """A proposal without a passage rests on what the statutes as a whole contain: its fact
    names the statutes by their adoption date (the reader's rules version is the event's)."""
    if not proposal.fact:
        return proposal
    fact = format_lazy(
        _("Stadgarna (antagna {date}) {finding}."),
        date=statutes.adopted_on.isoformat(),
        finding=proposal.fact,
    )
    return replace(proposal, fact=fact)


def _reader_says(*parts: str | Promise) -> Promise:
    if len(parts) == 1:
        return format_lazy(_("Stadgeläsaren: {finding}."), finding=parts[0])
    return format_lazy(_("Stadgeläsaren: {first}; {second}."), first=parts[0], second=parts[1])


def _grounds(flag: dict[str, Any]) -> tuple[str, ...]:
    """Every protected ground of a flag (``DC_*``/``DE_*``), its rule first; a reading from
    before grounds were recorded names its rule only."""
    return tuple(flag.get("grounds") or ([flag["rule"]] if flag.get("rule") else []))


def _ground_names(flag: dict[str, Any]) -> Promise:
    """The flag's grounds in words: "kön och religion eller trosuppfattning"."""
    names = [
        GROUNDS.get(rule.replace("DE_", "DC_", 1), _("en diskrimineringsgrund"))
        for rule in _grounds(flag)
    ] or [_("en diskrimineringsgrund")]
    if len(names) == 1:
        return format_lazy("{}", names[0])
    head = format_lazy(", ".join(["{}"] * (len(names) - 1)), *names[:-1])
    return format_lazy(_("{head} och {last}"), head=head, last=names[-1])


# Assessment.reader_rule's length: the rules an assessment records, the later ones dropped.
RULES_MAX = Assessment._meta.get_field("reader_rule").max_length or 80


def _fitting(*rules: str) -> tuple[str, ...]:
    """``rules`` without blanks or repeats, as many as fit in Assessment.reader_rule joined by
    commas (the note and the quotes name every ground all the same)."""
    kept: list[str] = []
    for rule in dict.fromkeys(r for r in rules if r):
        if len(",".join([*kept, rule])) > RULES_MAX:
            break
        kept.append(rule)
    return tuple(kept)


def _ground_note(condition: dict[str, Any]) -> Promise:
    ground = _ground_names(condition)
    if _grounds(condition) == ("DC_SEX",):  # the example fits this ground only
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


def _eligibility_note(flag: dict[str, Any]) -> Promise:
    return format_lazy(
        _(
            "Valbarheten till styrelsen eller ett uppdrag beror på {ground}, men medlemskapet "
            "gör det inte. Det är en flagga, inte ett skäl för avslag: pröva om det finns "
            "sakliga skäl."
        ),
        ground=_ground_names(flag),
    )


def _open_membership(findings: dict[str, Any]) -> ReaderProposal:
    f = _finding(findings, "open_membership")
    condition = _finding(findings, "discriminatory_membership_condition")
    if f["value"] == "closed" and condition["value"] == "yes":
        # Closed on a protected ground: a flag for the officer, never a proposed rejection.
        # The note names both, the closed group (and its other conditions) and the ground.
        closed = format_lazy(
            "{}{}", _("Medlemskapet är begränsat till en viss grupp."), _conditions(f)
        )
        return ReaderProposal(
            "OPEN_MEMBERSHIP",
            Outcome.DOUBT,
            _fitting(f["rule"], *_grounds(condition)),
            tuple(condition["evidence"]) + tuple(f["evidence"]),
            format_lazy("{} {}", closed, _ground_note(condition)),
        )
    return ReaderProposal(
        "OPEN_MEMBERSHIP",
        OPEN_MEMBERSHIP.get(f["value"], Outcome.DOUBT),
        (f["rule"],),
        tuple(f["evidence"]),
        format_lazy("{}{}", _reader_says(_label("open_membership", f["value"])), _conditions(f)),
        fact=_no_passage(f["evidence"], _fact_label("open_membership", f["value"])),
    )


def _conditions(finding: dict[str, Any]) -> str | Promise:
    """ " Villkor i stadgarna: studier, bostadsort, en ansökan som ska godkännas." (every
    condition the reading names; a reading by rules before version 5 names none)."""
    names = [
        CONDITIONS.get(rule) or GROUNDS.get(rule.replace("OM_GROUP_", "DC_", 1))
        for rule in finding.get("conditions") or ()
    ]
    found = [name for name in dict.fromkeys(names) if name is not None]
    if not found:
        return ""
    listed = format_lazy(", ".join(["{}"] * len(found)), *found)
    return format_lazy(" {}", format_lazy(_("Villkor i stadgarna: {found}."), found=listed))


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
            _fitting(*(rule for f in flags for rule in _grounds(f)), clause["rule"]),
            tuple(e for f in flags for e in f["evidence"]),
            _flags_note(condition, eligibility),
        )
    if not clause["evidence"] and condition["value"] == "no":
        return _no_discrimination_found(clause, condition, eligibility)
    return ReaderProposal(
        "NON_DISCRIMINATION",
        Outcome.PASS,
        (clause["rule"], condition["rule"]),
        tuple(clause["evidence"]),
        _reader_says(_label("non_discrimination_clause", clause["value"])),
    )


def _no_discrimination_found(
    clause: dict[str, Any], condition: dict[str, Any], eligibility: dict[str, Any]
) -> ReaderProposal:
    """Statutes silent on discrimination, with no condition on a protected ground: the seed's
    criterion is that no discrimination occurs, not a clause against it (RULES.md), so a pass;
    its evidence is the fact of what the reader checked."""
    grounds = format_lazy("{} ({})", _ground_names({"grounds": list(GROUNDS)}), GROUNDS_LEFT_OUT)
    return ReaderProposal(
        "NON_DISCRIMINATION",
        Outcome.PASS,
        _fitting(clause["rule"], condition["rule"], eligibility["rule"]),
        (),
        _(
            "Stadgeläsaren: stadgarna säger inget om diskriminering, och inget villkor för "
            "medlemskap eller valbarhet beror på en diskrimineringsgrund. Kriteriet kräver "
            "ingen klausul, bara att ingen diskriminering förekommer; politiska skäl och det som "
            "är känt om verksamheten prövar läsaren inte."
        ),
        fact=_checked(eligibility, grounds),
    )


def _checked(eligibility: dict[str, Any], grounds: Promise) -> Promise:
    """What the statutes contain: no condition of membership, nor of eligibility when the
    reading answers it (a reading by rules before version 2 does not), on a protected ground."""
    if eligibility["value"] == "no":
        return format_lazy(
            _(
                "innehåller ingen bestämmelse om diskriminering, och inget av villkoren för "
                "medlemskap eller för val till styrelsen eller ett uppdrag beror på någon av "
                "grunderna {grounds}"
            ),
            grounds=grounds,
        )
    return format_lazy(
        _(
            "innehåller ingen bestämmelse om diskriminering, och inget av villkoren för "
            "medlemskap beror på någon av grunderna {grounds}"
        ),
        grounds=grounds,
    )


def _flags_note(condition: dict[str, Any], eligibility: dict[str, Any]) -> Promise:
    """Membership's condition, then eligibility's; either alone has its own note."""
    if condition["value"] != "yes":
        return _eligibility_note(eligibility)
    if eligibility["value"] != "yes":
        return _ground_note(condition)
    also = format_lazy(
        _("Valbarheten till styrelsen eller ett uppdrag beror dessutom på {ground}."),
        ground=_ground_names(eligibility),
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
        fact=_no_passage(
            (*supreme["evidence"], *vote["evidence"]),
            _fact_label("members_meeting_supreme", supreme["value"]),
            _fact_label("one_member_one_vote", vote["value"]),
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
    older = statutes.read_by_older_rules
    version = statutes.reader_version or 1  # readings before versions were recorded: 1
    return [
        replace(_statutes_fact(p, statutes), older_rules=older, rules_version=version)
        for p in proposals
        if p.criterion_code in applicable
    ]


def already_accepted(
    application: Application,
    criterion_code: str,
    *,
    outcome: str,
    evidence_text: str,
    reader_rule: str,
    statutes_id: int | None,
) -> bool:
    """Whether the case's current assessment of the criterion is this very acceptance of the
    reader's proposal (the same outcome, evidence and rule, on the same statutes): accepting
    it again would write an identical assessment and event (``assessment_record`` refuses it;
    the case page offers no "Godta" for it)."""
    latest = (
        application.assessments.filter(criterion__code=criterion_code)
        .order_by("-assessed_at", "-id")
        .first()
    )
    return (
        latest is not None
        and latest.followed_reader is True
        and latest.outcome == outcome
        and latest.evidence_text.strip() == evidence_text.strip()
        and latest.reader_rule == reader_rule
        and latest.statutes_version_id in (None, statutes_id)
    )


def accepted_codes(application: Application, proposals: list[ReaderProposal]) -> set[str]:
    """The criteria whose proposal the case has accepted as it stands (``already_accepted``)."""
    statutes = application.association.current_statutes()
    return {
        p.criterion_code
        for p in proposals
        if already_accepted(
            application,
            p.criterion_code,
            outcome=p.outcome,
            evidence_text=p.evidence_text,
            reader_rule=p.rule,
            statutes_id=statutes.pk if statutes else None,
        )
    }
