"""A verification run in words, in the active language: why the chain is broken (by the code
``audit.verify`` records), what reconciliation could not check in full (by the code
``audit.reconcile`` records) and the one-line result. ``audit.checkpoints.summary`` is the English
line the trail records; these are what ``manage.py audit_verify`` prints and the chain page shows.
The findings are worded from their recorded fields (``audit.findings``); a run recorded before
they had fields is shown as recorded (English)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from audit.findings import finding_label

if TYPE_CHECKING:
    from audit.verify import ChainReport

# Why the chain is broken, by the code audit.verify records in the audit.verified event
# (``changes.problem``, docs/audit-format.md), filled from the event's structured fields.
PROBLEM_TEXTS = {
    "hash_mismatch": _("hashen stämmer inte med händelsens kanoniska byte"),
    "invalid_event": _("de kanoniska byten är ingen giltig händelse"),
    "columns_differ": _("kolumnerna skiljer sig från de kanoniska byten"),
    "json_columns_differ": _("kriterier eller ändringar skiljer sig från de kanoniska byten"),
    "event_missing": _("händelsen saknas (raderad)"),
    "link_broken": _("hashen för #%(seq)s är inte den som #%(next)s länkar till"),
    "seq_below_one": _("löpnummer under 1"),
    "events_missing_at_end": _("händelser saknas i slutet (huvudet anger #%(recorded_head)s)"),
    "head_differs": _("det registrerade huvudet skiljer sig från händelsen med dess nummer"),
    "checkpoint_signature": _(
        "kontrollpunkten vid #%(checkpoint)s: signaturen kan inte verifieras"
    ),
    "checkpoint_note": _("kontrollpunkten vid #%(checkpoint)s: noten skiljer sig från posten"),
    "checkpoint_mismatch": _(
        "kontrollpunkten vid #%(checkpoint)s stämmer inte med händelsen med det numret"
    ),
}


# What reconciliation could not check in full, by the code audit.reconcile records in the
# audit.verified event (``changes.note_records``), filled from the record's fields.
NOTE_TEXTS = {
    "assessments_without_digest": ngettext_lazy(
        "%(count)d bedömning registrerades före underlagets hashvärden: kriterium, utfall och "
        "typ av underlag är avstämda, själva underlaget inte",
        "%(count)d bedömningar registrerades före underlagets hashvärden: kriterium, utfall och "
        "typ av underlag är avstämda, själva underlaget inte",
        "count",
    ),
    "decisions_without_digest": ngettext_lazy(
        "%(count)d beslut registrerades före beslutens hashvärden: slag, utfall, belopp, skäl, "
        "åberopade kriterier, delegation och beslutsfattare är avstämda och beslutstiden inom fem "
        "minuter från händelsens; kriterierna som de sparades vid beslutet, dokumentets övriga "
        "texter och vilket beslut en återkallelse ersätter inte",
        "%(count)d beslut registrerades före beslutens hashvärden: slag, utfall, belopp, skäl, "
        "åberopade kriterier, delegation och beslutsfattare är avstämda och beslutstiden inom fem "
        "minuter från händelsens; kriterierna som de sparades vid beslutet, dokumentets övriga "
        "texter och vilket beslut en återkallelse ersätter inte",
        "count",
    ),
    "communications_without_digest": ngettext_lazy(
        "%(count)d kommunicering registrerades före brevens hashvärden: förslagets text, "
        "kriterier, svarsdag och avsändare är avstämda, föreslaget utfall och belopp samt brevets "
        "underlag och uppgifter inte",
        "%(count)d kommuniceringar registrerades före brevens hashvärden: förslagets text, "
        "kriterier, svarsdag och avsändare är avstämda, föreslaget utfall och belopp samt brevets "
        "underlag och uppgifter inte",
        "count",
    ),
    "documents_without_digest": ngettext_lazy(
        "%(count)d inkommen handling registrerades före filernas hashvärden: slag, datum och "
        "filnamn är avstämda, själva filen inte",
        "%(count)d inkomna handlingar registrerades före filernas hashvärden: slag, datum och "
        "filnamn är avstämda, själva filen inte",
        "count",
    ),
}


def problem_label(problem: Any, written: str = "") -> str:
    """Why the chain is broken, in the active language, from the recorded structured problem;
    the text as ``written`` (English) when the code is unknown or the record is not the shape
    ``audit.verify`` writes (the event is read from the trail, which may have been altered: the
    page that shows the chain broken must not fail on it)."""
    if not isinstance(problem, Mapping):
        return written
    code, seq = problem.get("code"), problem.get("seq")
    if not isinstance(code, str) or code not in PROBLEM_TEXTS or not isinstance(seq, int):
        return written
    values = {"seq": seq, "next": seq + 1, "checkpoint": seq, "recorded_head": ""}
    values.update({k: v for k, v in problem.items() if k != "code"})
    return str(PROBLEM_TEXTS[code] % values)


def note_label(record: Any) -> str | None:
    """A recorded note in the active language; None when it is not one the page knows (an
    unknown code, or not the shape ``audit.reconcile`` writes: the trail may have been altered)."""
    if not isinstance(record, Mapping) or record.get("code") not in NOTE_TEXTS:
        return None
    count = record.get("count")
    if not isinstance(count, int) or isinstance(count, bool):
        return None
    return str(NOTE_TEXTS[record["code"]] % {"count": count})


def chain_summary(
    *,
    head_seq: int | None,
    checkpoints: int | None,
    first_bad: int | None,
    problem: str,
    findings: int,
    head_hash: str = "",
) -> str:
    """One line about a verification run in the active language (audit.checkpoints.summary is
    the English line the trail records); ``problem`` as ``problem_label`` gives it. With
    ``head_hash`` (the command's line) the head is named with the first 16 digits of its hash."""
    if first_bad is not None:
        return _("BRUTEN vid #%(seq)s: %(problem)s") % {"seq": first_bad, "problem": problem}
    head = f"#{head_seq or 0}" + (f" ({head_hash[:16]}…)" if head_hash else "")
    # Translators: head is "#12" or "#12 (3f2a…)", the last event verified (and its hash).
    text = ngettext(
        "OK: kedjan obruten till %(head)s, %(n)s kontrollpunkt verifierad",
        "OK: kedjan obruten till %(head)s, %(n)s kontrollpunkter verifierade",
        checkpoints or 0,
    ) % {"head": head, "n": checkpoints or 0}
    if findings:
        more = ngettext(
            "avstämningen: %(n)d avvikelse", "avstämningen: %(n)d avvikelser", findings
        ) % {"n": findings}
        return f"{text}; {more}"
    return f"{text}, {_('avstämningen utan avvikelser')}"


def report_summary(report: ChainReport, *, with_hash: bool = False) -> str:
    """The line of a run just made (``chain_summary``); ``with_hash``: the head's hash too."""
    return chain_summary(
        head_seq=report.head_seq,
        checkpoints=report.checkpoints,
        first_bad=report.first_bad,
        problem=problem_label(report.problem_record(), report.problem),
        findings=len(report.findings),
        head_hash=report.head_hash if with_hash and report.intact else "",
    )


def worded(
    texts: list[str],
    records: Any,
    label: Callable[[Any], str | None],
    legacy: Callable[[str], Any] = lambda text: None,
) -> list[str]:
    """Recorded texts in the active language: each worded from its record by ``label``, or as
    written (English) when its record is not known here. ``records`` is one per text; when it
    is not (a run recorded before there were records, or the trail altered), each text's record
    is ``legacy(text)``, by default none."""
    if not isinstance(records, list) or len(records) != len(texts):
        records = [legacy(text) for text in texts]
    return [label(r) or text for r, text in zip(records, texts, strict=True)]


def report_notes(report: ChainReport) -> list[str]:
    """The notes of a run just made, in the active language (as written when not known here)."""
    return worded(list(report.notes), list(report.note_records), note_label)


def report_findings(report: ChainReport) -> list[str]:
    """The findings of a run just made, in the active language (from their fields)."""
    return worded(
        [str(f) for f in report.findings], [f.record for f in report.findings], finding_label
    )


def recorded_findings(changes: Mapping[str, Any]) -> list[str]:
    """The findings of a recorded run, in the active language: from ``finding_records``, one
    per entry of ``findings``; as written (English) for a run recorded before they had fields
    or a record not known here (the trail may have been altered)."""
    texts = [t for t in changes.get("findings") or [] if isinstance(t, str)]
    return worded(texts, changes.get("finding_records"), finding_label)
