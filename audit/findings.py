"""Reconciliation findings as fields, and in words (ADR 0019).

A finding is what it is about (``object`` and the fields naming it: a case's reference, a row's
id and case, an event's number) and what is wrong (``code`` and its parameters). ``Finding`` is
the English text, which the ``audit.verified`` event records in ``changes.findings`` as it always
has, and carries the fields in ``record``, which the event records in
``changes.finding_records`` (docs/audit-format.md, section 3). ``finding_label`` words a record
in the active language: Swedish, English through the catalogue; what ``manage.py audit_verify``
prints and the chain page shows. The English templates here are the recorded form: do not change
them, add a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What a finding is about: the fields naming it, its English text, its words.
SUBJECTS: dict[str, tuple[tuple[str, ...], str, StrOrPromise]] = {
    "case": (("case",), "case {case}", _("ärende %(case)s")),
    "delegation": (("id",), "delegation {id}", _("delegation %(id)s")),
    "assessment": (("id", "case"), "assessment {id} ({case})", _("bedömning %(id)s (%(case)s)")),
    "decision": (("id", "case"), "decision {id} ({case})", _("beslut %(id)s (%(case)s)")),
    "communication": (
        ("id", "case"),
        "kommunicering {id} ({case})",
        _("kommunicering %(id)s (%(case)s)"),
    ),
    "notice": (("id", "case"), "notice {id} ({case})", _("underrättelse %(id)s (%(case)s)")),
    "document": (
        ("id", "case"),
        "document {id} ({case})",
        _("inkommen handling %(id)s (%(case)s)"),
    ),
    "event": (("seq",), "event #{seq}", _("händelse #%(seq)s")),
    "event_text": (
        ("seq", "text"),
        "text of event #{seq} ({text})",
        _("texten till händelse #%(seq)s (%(text)s)"),
    ),
}

# ``no_event``: the row has no event in the trail; which event, by what the row is.
NO_EVENT: dict[str, tuple[str, StrOrPromise]] = {
    "case": ("no event in the trail", _("ingen händelse i kedjan")),
    "delegation": ("no reference-data event", _("ingen händelse om referensdata")),
    "assessment": ("no assessment.recorded event", _("ingen händelse assessment.recorded")),
    "decision": (
        "no decide/correct/revoke event",
        _("ingen händelse decide, correct eller revoke"),
    ),
    "communication": ("no communicate event", _("ingen händelse communicate")),
    "notice": ("no decision.notified event", _("ingen händelse decision.notified")),
    "document": ("no document.received event", _("ingen händelse document.received")),
}

# ``differs``: a value of the row against the one the trail recorded, by ``field``.
FIELDS: dict[str, tuple[str, StrOrPromise]] = {
    "state": (
        "state {value}, trail says {recorded}",
        _("status %(value)s, kedjan anger %(recorded)s"),
    ),
    "revocation_responded_at": (
        "revocation response registered {value}, trail says {recorded}",
        _("svaret om återkallandet registrerat %(value)s, kedjan anger %(recorded)s"),
    ),
    "criterion": (
        "criterion {value}, trail says {recorded}",
        _("kriterium %(value)s, kedjan anger %(recorded)s"),
    ),
    "outcome": (
        "outcome {value}, trail says {recorded}",
        _("utfall %(value)s, kedjan anger %(recorded)s"),
    ),
    "evidence_kind": (
        "evidence kind {value}, trail says {recorded}",
        _("typ av underlag %(value)s, kedjan anger %(recorded)s"),
    ),
    "kind": ("kind {value}, trail says {recorded}", _("slag %(value)s, kedjan anger %(recorded)s")),
    "amount_granted": (
        "amount granted {value}, trail says {recorded}",
        _("beviljat belopp %(value)s, kedjan anger %(recorded)s"),
    ),
    "reclaim_amount": (
        "reclaim amount {value}, trail says {recorded}",
        _("återkrävt belopp %(value)s, kedjan anger %(recorded)s"),
    ),
    "cited_criteria": (
        "cited criteria {value}, trail says {recorded}",
        _("åberopade kriterier %(value)s, kedjan anger %(recorded)s"),
    ),
    "delegation": (
        "delegation {value}, trail says {recorded}",
        _("delegation %(value)s, kedjan anger %(recorded)s"),
    ),
    "decided_by": (
        "decided by {value}, trail says {recorded}",
        _("beslutsfattare %(value)s, kedjan anger %(recorded)s"),
    ),
    "decided_at": (
        "decided at {value}, trail says {recorded}",
        _("beslutstid %(value)s, kedjan anger %(recorded)s"),
    ),
    "replaces": (
        "replaces {value}, trail says {recorded}",
        _("ersätter %(value)s, kedjan anger %(recorded)s"),
    ),
    "repayment_due": (
        "repayment due {value}, trail says {recorded}",
        _("återbetalas senast %(value)s, kedjan anger %(recorded)s"),
    ),
    "criteria": (
        "criteria {value}, trail says {recorded}",
        _("kriterier %(value)s, kedjan anger %(recorded)s"),
    ),
    "due": (
        "due {value}, trail says {recorded}",
        _("svar senast %(value)s, kedjan anger %(recorded)s"),
    ),
    "sent_by": (
        "sent by {value}, trail says {recorded}",
        _("avsändare %(value)s, kedjan anger %(recorded)s"),
    ),
    "proposed_outcome": (
        "proposed outcome {value}, trail says {recorded}",
        _("föreslaget utfall %(value)s, kedjan anger %(recorded)s"),
    ),
    "proposed_amount": (
        "proposed amount {value}, trail says {recorded}",
        _("föreslaget belopp %(value)s, kedjan anger %(recorded)s"),
    ),
    "decision": (
        "decision {value}, trail says {recorded}",
        _("beslut %(value)s, kedjan anger %(recorded)s"),
    ),
    "channel": (
        "channel {value}, trail says {recorded}",
        _("kanal %(value)s, kedjan anger %(recorded)s"),
    ),
    "received_on": (
        "received on {value}, trail says {recorded}",
        _("inkom %(value)s, kedjan anger %(recorded)s"),
    ),
    "file": ("file {value}, trail says {recorded}", _("fil %(value)s, kedjan anger %(recorded)s")),
}

# Every other code: its parameters, English text and words.
PROBLEMS: dict[str, tuple[tuple[str, ...], str, StrOrPromise]] = {
    "revocation_without_letter": (
        ("value",),
        "revocation response due {value}, no revocation letter",
        _("svar om återkallandet senast %(value)s, inget brev om avsett återkallande"),
    ),
    "revocation_letter_differs": (
        ("value", "letter", "recorded"),
        "revocation response due {value}, revocation letter {letter} says {recorded}",
        _(
            "svar om återkallandet senast %(value)s, brevet %(letter)s om avsett återkallande "
            "anger %(recorded)s"
        ),
    ),
    "reasons_differ": ((), "reasons differ from the trail", _("skälen skiljer sig från kedjan")),
    "hearing_differs": (
        (),
        "hearing of the applicant differs from the trail",
        _("hörandet av sökanden skiljer sig från kedjan"),
    ),
    "criteria_digest_differs": (
        (),
        "criteria (outcomes and evidence at decision time) differ from their digest",
        _("kriterierna (utfall och underlag vid beslutet) skiljer sig från sitt hashvärde"),
    ),
    "document_digest_differs": (
        (),
        "appeal text, revocation clause, repayment instructions or facts differ from digest",
        _(
            "överklagandehänvisning, återkallelseförbehåll, återbetalningsanvisning eller "
            "uppgifter skiljer sig från hashvärdet"
        ),
    ),
    "proposal_text_differs": (
        (),
        "proposal text differs from the trail",
        _("förslagets text skiljer sig från kedjan"),
    ),
    "letter_digest_differs": (
        (),
        "the letter's material or facts differ from their digest in the trail",
        _("brevets underlag eller uppgifter skiljer sig från sitt hashvärde i kedjan"),
    ),
    "evidence_file_unreadable": (
        ("file",),
        "evidence file {file} missing or unreadable",
        _("underlagets fil %(file)s saknas eller kan inte läsas"),
    ),
    "evidence_file_differs": (
        (),
        "evidence file differs from its digest in the trail",
        _("underlagets fil skiljer sig från sitt hashvärde i kedjan"),
    ),
    "evidence_text_differs": (
        (),
        "evidence text differs from its digest in the trail",
        _("underlagets text skiljer sig från sitt hashvärde i kedjan"),
    ),
    "stored_digest_differs": (
        (),
        "stored digest differs from the trail's",
        _("det sparade hashvärdet skiljer sig från kedjans"),
    ),
    "file_unreadable": (
        ("file",),
        "file {file} missing or unreadable",
        _("filen %(file)s saknas eller kan inte läsas"),
    ),
    "file_differs": (
        (),
        "file differs from its digest in the trail",
        _("filen skiljer sig från sitt hashvärde i kedjan"),
    ),
    "text_differs": (
        ("text",),
        "{text} text differs from its commitment",
        _("texten %(text)s skiljer sig från sitt hashvärde i kedjan"),
    ),
    "text_missing": (
        ("text",),
        "{text} text missing, and no audit.texts_pruned event covers it",
        _("texten %(text)s saknas, och ingen händelse audit.texts_pruned omfattar den"),
    ),
    "text_uncommitted": (
        (),
        "the event commits to no such text",
        _("ingen händelse i kedjan har ett hashvärde för en sådan text"),
    ),
}

# A value the row or the trail does not have (``null`` in the record); the latest revocation
# letter's day to answer by once the intended revocation was dropped (ADR 0022).
NONE = ("none", _("ingen"))
DROPPED = ("none (dropped)", _("ingen (avslutat utan återkallelse)"))


def value(item: Any) -> str | None:
    """A value as a finding records it: a day in ISO 8601, nothing (None or "") as null."""
    if item is None or item == "":
        return None
    return item.isoformat() if isinstance(item, date) else str(item)


class Finding(str):
    """A finding: its English text (the recorded ``findings``), its fields in ``record``."""

    record: dict[str, Any]

    def __new__(cls, subject: str, code: str, **fields: Any) -> Finding:
        record = {"object": subject, "code": code, **fields}
        text = _words(record, english=True)
        if text is None:
            raise ValueError(f"not a finding: {record!r}")
        self = super().__new__(cls, text)
        self.record = record
        return self


def differs(subject: str, field: str, mine: Any, recorded: Any, **names: Any) -> Finding:
    """``field`` of the row is ``mine``, the trail recorded ``recorded``."""
    return Finding(
        subject, "differs", field=field, value=value(mine), recorded=value(recorded), **names
    )


def finding_label(record: Any) -> str | None:
    """A recorded finding in the active language; None when it is not one known here (an
    unknown code, or not the shape ``Finding`` records: the trail may have been altered)."""
    return _words(record, english=False)


def _template(record: Mapping[str, Any], english: bool) -> tuple[tuple[str, ...], Any] | None:
    """The problem's parameters and template (English, or the words to translate)."""
    code, subject = record.get("code"), record.get("object")
    if code == "no_event" and subject in NO_EVENT:
        return (), NO_EVENT[subject][0 if english else 1]
    if code == "differs" and record.get("field") in FIELDS:
        return ("field", "value", "recorded"), FIELDS[record["field"]][0 if english else 1]
    if isinstance(code, str) and code in PROBLEMS:
        names, text, words = PROBLEMS[code]
        return names, text if english else words
    return None


def _words(record: Any, *, english: bool) -> str | None:
    if not isinstance(record, Mapping) or record.get("object") not in SUBJECTS:
        return None
    found = _template(record, english)
    if found is None:
        return None
    params, problem = found
    names, subject_en, subject_words = SUBJECTS[record["object"]]
    if any(not _plain(record.get(n, False)) for n in (*names, *params)):
        return None
    values = {k: _none(record["code"], k, english) if v is None else v for k, v in record.items()}
    if english:
        return f"{subject_en.format(**values)}: {problem.format(**values)}"
    return f"{str(subject_words) % values}: {str(problem) % values}"


def _none(code: str, key: str, english: bool) -> str:
    none = DROPPED if (code, key) == ("revocation_letter_differs", "recorded") else NONE
    return none[0] if english else str(none[1])


def _plain(item: Any) -> bool:
    """A value a record may hold: text, a whole number or null (not a flag)."""
    return (
        item is None
        or isinstance(item, str)
        or (isinstance(item, int) and not isinstance(item, bool))
    )
