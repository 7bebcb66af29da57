"""The decision document: the decision as it was recorded, with the criteria, how the applicant
was heard, the reasons, the revocation clause and how to appeal; and what a correction or a
revocation says of the decision it replaces."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vetting.citations import fl, recorded_route
from vetting.models import (
    Application,
    Assessment,
    Decision,
    DecisionOutcome,
    Outcome,
)
from vetting.models.kinds import AWARDING_OUTCOMES
from vetting.selectors import (
    DECISION_READERS,
    decision_number,
    document_name,
    hidden_sources,
    recorded_sources,
)
from web.documents.decision_hearing import hearing_sections, response_considered
from web.documents.layout import (
    CriterionLine,
    Document,
    Section,
    case_rows,
    contact_section,
    decision_maker_rows,
    document_evidence,
    facts_notice,
    format_amount,
    format_date,
    format_person,
    printed_facts,
    statutes_quote,
)


def _hidden_sources(app: Application, criteria: list[dict[str, Any]]) -> set[str]:
    """Source cases named in the snapshot that the document's readers may not be told of
    (``hidden_sources``): snapshots made before session 6 kept another administration's
    reference; it is not printed (ADR 0003)."""
    return hidden_sources(app, recorded_sources(criteria), DECISION_READERS)


def _reused(c: dict[str, Any], hidden: set[str]) -> str:
    ref = c.get("reused_from") or ""
    if ref and ref not in hidden:
        return _("bedömning återanvänd från %(ref)s") % {"ref": ref}
    if ref or c.get("reused"):
        return _("bedömning återanvänd från ett ärende i en annan förvaltning")
    return ""


def _assessed(c: dict[str, Any]) -> str:
    """A criterion's outcome in words; one not assessed says so (not "–")."""
    if c.get("outcome") in Outcome.values:
        return str(Outcome(c["outcome"]).label)
    return _("Inte bedömt")


def _criteria_items(
    criteria: list[dict[str, Any]], hidden: set[str], documents: dict[int, str]
) -> list[str | CriterionLine]:
    """The criteria the decision rests on, each with its outcome and evidence."""
    items: list[str | CriterionLine] = []
    for c in criteria:
        outcome = _assessed(c)
        name = c.get("document_name") or documents.get(c.get("assessment_id") or 0, "")
        items.append(
            CriterionLine(
                code=str(c.get("code")),
                title=c.get("title", ""),
                outcome=str(outcome),
                evidence=c.get("evidence") or "",
                note=_reused(c, hidden),
                document=document_evidence(name) if name else "",
                quote=statutes_quote(c),
            )
        )
    return items


def _older_documents(criteria: list[dict[str, Any]]) -> dict[int, str]:
    """The evidence documents of a snapshot made before it recorded them (no ``evidence_kind``):
    by assessment id, from the assessments it names, which are never edited (one query, only
    for such a snapshot). Not those of a reused assessment, whose source case may be hidden."""
    ids = [
        c["assessment_id"]
        for c in criteria
        if "evidence_kind" not in c
        and c.get("assessment_id")
        and not (c.get("reused") or c.get("reused_from"))
    ]
    if not ids:
        return {}
    found = Assessment.objects.filter(pk__in=ids).exclude(evidence_document="")
    return {a.pk: document_name(a) for a in found.only("evidence_document", "original_filename")}


def _decider(facts: dict[str, Any]) -> str:
    """Who decides, in the decision's first sentence: the nämnd on whose behalf the delegate
    decides; without one recorded, the administration."""
    return str(facts.get("delegation_board") or facts["administration"])


def _decision_sentence(decision: Decision, facts: dict[str, Any]) -> Section:
    """The decision in one sentence, first (klarspråk, FL 11 §): "Kultur- och fritidsnämnden
    beviljar Scoutkåren Exempel 10 000 kr i föreningsbidrag.", "… avslår …ansökan om …"."""
    app = decision.application
    words = {
        "decider": _decider(facts),
        "party": facts["association"]["name"],
        "kind": str(app.get_kind_display()).lower(),
        "subject": facts["subject"],
        "amount": format_amount(decision.amount_granted or 0),
    }
    outcome = decision.outcome
    if outcome == DecisionOutcome.REVOKED:
        text = _("%(decider)s återkallar beslutet om %(kind)s till %(party)s.")
    elif outcome == DecisionOutcome.REJECTED:
        text = _("%(decider)s avslår ansökan från %(party)s om %(kind)s (%(subject)s).")
    elif outcome == DecisionOutcome.WRITTEN_OFF:  # FL 20 §: not taken up (ADR 0025)
        text = _(
            "%(decider)s tar inte upp ansökan från %(party)s om %(kind)s (%(subject)s) till "
            "prövning, eftersom den begärda kompletteringen inte kom in i tid."
        )
    elif decision.amount_granted is None:
        text = _("%(decider)s bifaller ansökan från %(party)s om %(kind)s (%(subject)s).")
    elif outcome == DecisionOutcome.PARTLY_APPROVED and facts["amount_applied"] is not None:
        words["applied"] = format_amount(Decimal(facts["amount_applied"]))
        text = _(
            "%(decider)s beviljar %(party)s %(amount)s i %(kind)s (%(subject)s). Ansökan avslås "
            "i övrigt (sökt belopp %(applied)s)."
        )
    else:
        text = _("%(decider)s beviljar %(party)s %(amount)s i %(kind)s (%(subject)s).")
    return Section(_("Beslutet"), [text % words])


def _outcome(decision: Decision) -> str:
    """The outcome with the amount granted; a revocation with what it reclaims, if anything."""
    outcome = str(DecisionOutcome(decision.outcome).label)
    amount = decision.amount_granted
    if decision.outcome == DecisionOutcome.REVOKED:
        if not amount:
            return outcome
        return _("%(outcome)s, återkrav %(amount)s") % {
            "outcome": outcome,
            "amount": format_amount(amount),
        }
    if amount is not None and decision.outcome != DecisionOutcome.REJECTED:
        return f"{outcome}, {format_amount(amount)}"
    return outcome


def _reasons(decision: Decision) -> Section:
    """The reasons as recorded; a decision wholly in the applicant's favour may give none, and
    then says so in the standard sentence instead of an empty section (FL 32 §)."""
    if decision.reasons.strip() or decision.outcome != DecisionOutcome.APPROVED:
        return Section(_("Skäl för beslutet"), [decision.reasons], recorded=True)
    return Section(
        _("Skäl för beslutet"),
        [
            _("Beslutet går inte någon part emot. Skälen redovisas därför inte (%(cite)s).")
            % {"cite": fl(recorded_route(decision.facts), 32, _("andra stycket 1"))}
        ],
    )


def _criteria_sections(app: Application, decision: Decision) -> list[Section]:
    """The criteria the decision rests on (those it cites), with their assessment and evidence;
    then, apart and said not to be grounds, the others met, not applicable or not assessed, by
    title and outcome only. An assessment the decision does not rest on that went against the
    applicant (failed or doubtful, e.g. a ground a correction dropped) is not printed: it would
    read as a ground (klarspråk, FL 11 §; 32 §: the reasons are the grounds, no more)."""
    hidden = _hidden_sources(app, decision.criteria)
    documents = _older_documents(decision.criteria)
    grounds = [c for c in decision.criteria if c.get("cited")]
    others = [c for c in decision.criteria if not c.get("cited")]
    sections = []
    if grounds:
        section = Section(
            _("Kriterier som beslutet grundar sig på"),
            items=_criteria_items(grounds, hidden, documents),
        )
        if not others:
            section.paragraphs = [_all_cited(decision)]
        sections.append(section)
    if others:
        sections.append(_other_criteria(others, bool(grounds)))
    return sections


NOT_GROUNDS = {Outcome.FAIL.value, Outcome.DOUBT.value}


def _other_criteria(others: list[dict[str, Any]], any_grounds: bool) -> Section:
    """The criteria the decision does not rest on, said to be no grounds for it."""
    paragraphs = [
        _("Beslutet grundar sig inte på dessa kriterier.")
        if any_grounds
        else _("Beslutet grundar sig inte på något av kriterierna; skälen står ovan.")
    ]
    shown = [c for c in others if c.get("outcome") not in NOT_GROUNDS]
    if len(shown) < len(others):
        paragraphs.append(
            _(
                "Bedömningar som beslutet inte grundar sig på och som inte är till föreningens "
                "fördel redovisas inte här. De finns i ärendets handlingar."
            )
        )
    items: list[str | CriterionLine] = [
        CriterionLine(code=str(c.get("code")), title=c.get("title", ""), outcome=_assessed(c))
        for c in shown
    ]
    return Section(_("Övriga kriterier (inte grund för beslutet)"), paragraphs, items)


def _all_cited(decision: Decision) -> str:
    """What a decision citing every criterion says of them. A partial approval needs every
    criterion met (the guard): its reduction rests on the reasons alone, not on a criterion."""
    if decision.outcome != DecisionOutcome.PARTLY_APPROVED:
        return _("Beslutet grundar sig på samtliga kriterier.")
    return _(
        "Samtliga kriterier är bedömda som uppfyllda eller inte tillämpliga. Att beslutet inte "
        "avser hela det sökta beloppet grundar sig på skälen ovan, inte på kriterierna."
    )


# A write-off (ADR 0025): the application not taken up, the supplement asked for not received.
WRITE_OFF = "write_off"


def _clause(heading: str, text: str) -> Section:
    """A recorded clause (the appeal instructions, the revocation clause) under its heading.
    The fixed texts begin with their own title, "Hur man överklagar (laglighetsprövning enligt
    13 kap. kommunallagen): …": that title is then the section's heading and the rest its text,
    not the heading twice. The recorded text is not changed (older decisions keep theirs); a
    page in another language keeps its own heading over the whole text."""
    title, colon, rest = text.partition(": ")
    if colon and rest.strip() and title.startswith(heading) and "\n" not in title:
        return Section(title, [rest], recorded=True)
    return Section(heading, [text], recorded=True)


def decision_document(decision: Decision) -> Document:
    app = decision.application
    facts = printed_facts(decision.facts, app, decision.delegation)
    outcome = _outcome(decision)
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Beslutsdatum"), format_date(decision.decided_at)),
        (_("Beslutets nummer i ärendet"), str(decision_number(decision))),
        *case_rows(app, facts),
        (_("Beslut"), str(outcome)),
        *decision_maker_rows(decision.decided_by, facts),
        *_presenter(decision),
        (
            _("Regelverk"),
            _("%(title)s, version %(version)s (antaget %(date)s)")
            % {
                "title": decision.rulebook.title,
                "version": decision.rulebook.version,
                "date": format_date(decision.rulebook.adopted_on),
            },
        ),
    ]
    sections = [
        *_replaced(decision),
        _decision_sentence(decision, facts),
        *([_replacing(decision)] if decision.replaces_id else []),
        *_repayment(decision),
        *hearing_sections(decision),
        *response_considered(decision),
        _reasons(decision),
    ]
    if decision.kind != WRITE_OFF:  # a write-off rests on the missing supplement, not on them
        sections.extend(_criteria_sections(app, decision))
    if decision.revocation_clause and decision.outcome in AWARDING_OUTCOMES:
        # Earlier rejections of grants stored the clause too; it is printed only with an award.
        sections.append(_clause(_("Återkallelseförbehåll"), decision.revocation_clause))
    sections.append(_clause(_("Hur man överklagar"), decision.appeal_instructions))
    sections.extend(contact_section(facts))
    return Document.issued(
        facts,
        title=_title(decision),
        meta=meta,
        sections=sections,
        filename=f"beslut-{app.reference}-{decision_number(decision)}.pdf",
        notice=facts_notice(decision.facts),
    )


def _presenter(decision: Decision) -> list[tuple[str, str]]:
    """Who prepared the decision (föredragande): for a revocation, who prepared the revocation
    (``vetting.services.decisions``); none when the decision maker prepared it alone."""
    name = format_person(decision.handler)
    return [(_("Föredragande handläggare"), name)] if name else []


def _title(decision: Decision) -> str:
    """What the decision is, first: a revocation, a correction of an earlier one, or a decision."""
    if decision.outcome == DecisionOutcome.REVOKED:
        return _("Beslut om återkallelse")
    if decision.kind == WRITE_OFF:
        return _("Beslut: ansökan tas inte upp till prövning")
    # A correction changes the decision on the merits: an ändring (FL 37 §, 38 §), not a
    # rättelse of an obvious slip (FL 36 §); the stored action stays "correct".
    return _("Beslut (ändring)") if decision.replaces_id else _("Beslut")


def _named(decision: Decision) -> dict[str, str]:
    """What names a decision unambiguously: its number in the case, date and time (two decisions
    may share a date), for the texts of corrections and revocations."""
    decided = timezone.localtime(decision.decided_at)
    return {
        "number": str(decision_number(decision)),
        "date": format_date(decided),
        "time": str(formats.date_format(decided, "H:i")),
    }


def _replacing(decision: Decision) -> Section:
    """What a decision that replaces another says of it: a revocation (FL 37 §) with its
    återkrav, or a correction; the earlier decision by its number in the case, date and time."""
    earlier = _named(decision.replaces) if decision.replaces else {}
    if decision.outcome != DecisionOutcome.REVOKED:
        text = _(
            "Detta beslut ändrar och ersätter beslut %(number)s i ärendet, fattat %(date)s "
            "kl. %(time)s (%(cite)s)."
        ) % {**earlier, "cite": fl(recorded_route(decision.facts), 37)}
        return Section(_("Ändring av beslut"), [text])
    revoked = _(
        "Beslutet om bidrag (beslut %(number)s i ärendet, fattat %(date)s kl. %(time)s) "
        "återkallas med stöd av återkallelseförbehållet (%(cite)s)."
    ) % {**earlier, "cite": fl(recorded_route(decision.facts), 37)}
    return Section(_("Återkallelse"), [revoked, *_reclaim(decision)])


def _reclaim(decision: Decision) -> list[str]:
    """A revocation's återkrav against what was paid (``paid_amount``, on ``paid_on``): when and
    how much was paid, whether all of it, part or none is reclaimed, and when less is reclaimed
    than was paid, the rest, so the applicant sees the difference.
    By when and how to pay it back follows in its own section (``_repayment``)."""
    app = decision.application
    reclaim = decision.amount_granted or Decimal(0)
    if app.paid_at is None:
        return [_("Bidraget har inte betalats ut; inget återkrav.")]
    paid = app.paid_amount
    amounts = {
        "paid": format_amount(paid),
        "date": format_date(app.paid_on or app.paid_at),
        "amount": format_amount(reclaim),
    }
    payment = _("Bidraget betalades ut %(date)s med %(paid)s.") % amounts
    if reclaim == paid:
        return [payment, _("Återkrav: %(amount)s ska betalas tillbaka.") % amounts]
    if not reclaim:
        return [payment, _("Inget av det utbetalda beloppet återkrävs.")]
    amounts["rest"] = format_amount(paid - reclaim)
    return [
        payment,
        _(
            "Återkrav: %(amount)s ska betalas tillbaka; resterande %(rest)s av det utbetalda "
            "beloppet återkrävs inte."
        )
        % amounts,
    ]


def _repayment(decision: Decision) -> list[Section]:
    """How a revocation's återkrav is paid back: the amount, the due date and the case reference
    to quote, then the municipality's instructions as recorded with the decision, or that an
    invoice is sent. Nothing when nothing is reclaimed, or for a revocation made before due
    dates were recorded (none was decided, so none is printed)."""
    revoked = decision.outcome == DecisionOutcome.REVOKED
    if not revoked or decision.repayment_due is None or not decision.amount_granted:
        return []
    terms = {
        "amount": format_amount(decision.amount_granted),
        "due": format_date(decision.repayment_due),
        "reference": decision.application.reference,
    }
    paragraphs = [
        _("Återkravet, %(amount)s, ska vara betalt senast %(due)s.") % terms,
        _("Ange diarienumret %(reference)s som referens vid betalningen.") % terms,
    ]
    instructions = decision.repayment_instructions.strip()
    if not instructions:
        paragraphs.append(_("Kommunen skickar en faktura på beloppet."))
        return [Section(_("Återbetalning"), paragraphs)]
    return [
        Section(_("Återbetalning"), paragraphs),
        Section(_("Betalningsanvisning"), [instructions], recorded=True),
    ]


def _replaced(decision: Decision) -> list[Section]:
    """On a decision that was corrected or revoked: that it is no longer in force, and by
    which decision (number, date and time)."""
    # The reverse of Decision.replaces; its DoesNotExist is an AttributeError.
    later: Decision | None = getattr(decision, "replaced_by", None)
    if later is None:
        return []
    if later.outcome == DecisionOutcome.REVOKED:
        text = _(
            "Detta beslut har återkallats genom beslut %(number)s i ärendet, fattat %(date)s "
            "kl. %(time)s."
        )
    else:
        text = _(
            "Detta beslut har ersatts av beslut %(number)s i ärendet, fattat %(date)s kl. %(time)s."
        )
    return [Section(_("Beslutet gäller inte längre"), [text % _named(later)])]
