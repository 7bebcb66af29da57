"""Every free text an event records in its ``changes`` is declared in ``audit.freetext.FREE_TEXT``
(ADR 0027): the keys the services write into an event's ``changes`` (read from their source) are
each either declared there or listed here as not free text (codes, ids, dates, amounts, enum
values, flags, digests, pseudonyms, texts the system writes). A new key fails this test until
someone decides which it is."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from audit.context import SYSTEM
from audit.freetext import FREE_TEXT, is_commitment
from audit.models import AuditEvent
from audit.services import record_event

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "associations", "audit", "bookings", "vetting", "web")
CHANGES_ARGS = ("changes", "extra_changes")

# Keys of ``changes`` that are not text a person typed.
NOT_FREE_TEXT = frozenset(
    {
        # ids, codes, enum values, flags, counts
        "user", "notice_id", "channel", "kind", "amount_applied", "code", "group",
        "administration", "kinds", "attempted_action", "refusal_code", "document_kind",
        "outcome", "evidence_kind", "statutes_version", "followed_reader", "reader_rule",
        "format", "rows", "filters", "erased", "seqs", "cases", "fields", "filter",
        "intact", "first_bad", "head_seq", "head_hash", "checkpoints", "note_records",
        "finding_records",
        "key_prefix", "msg_id", "client_id", "event_type", "previous_status", "rules_version",
        "criteria", "first_seq", "last_seq", "events", "since", "until", "replaces",
        "decision_id", "delegation_id", "hearing_exception", "revocation_hearing",
        "has_text", "late", "contests", "purpose", "communication_id", "result", "conclusion",
        "changed_not_recorded", "webhook_url", "premises", "no_conflict_confirmed",
        "confirmed_not_opinion", "proposed_outcome", "reader", "assessment_id",
        "administrations", "confirmed_for", "supplement_request_id", "access_removed",
        # amounts and dates
        "max_amount", "valid_from", "valid_to", "amount", "paid_on", "received_on",
        "amount_granted", "reclaim_amount", "repayment_due", "hearing_sent_on", "adopted_on",
        "decision_time", "proposed_amount", "due", "supplement_due", "program_due",
        "response_due", "revocation_response_due",
        # digests and stored files' names (generated, ADR 0012 / 1.7)
        "sha256", "file", "file_sha256", "criteria_sha256", "document_sha256", "filename",
        # texts the system writes, reference data, registered names (docs/audit-format.md 1.9)
        "problem", "findings", "notes", "error", "reasons_message", "name", "org_number",
        "applicant_name", "association_name", "ground",
    }
)  # fmt: skip
DECLARED = frozenset(key for keys in FREE_TEXT.values() for key in keys)


def _constants(tree: ast.AST) -> dict[str, str]:
    """The module's string constants (``REASON_FIELD = "short_deadline_reason"``)."""
    found: dict[str, str] = {}
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _dict_keys(node: ast.AST | None, names: dict[str, str] | None = None) -> Iterator[str]:
    """A dict's string keys, a key given by a module constant too (either side of an ``if``)."""
    if isinstance(node, ast.IfExp):
        yield from _dict_keys(node.body, names)
        yield from _dict_keys(node.orelse, names)
    if isinstance(node, ast.Dict):
        for key in node.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value
            elif isinstance(key, ast.Name) and key.id in (names or {}):
                yield (names or {})[key.id]


def _keys_written(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Keys of the dicts that become an event's ``changes``: passed as ``changes=`` or
    ``extra_changes=``, assigned to (or subscripted into) a name ``changes``, or returned by a
    function named ``*_changes`` / ``*_change`` / ``_event_facts``; a key may be a module
    constant."""
    names = _constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in CHANGES_ARGS:
                    yield from ((node.lineno, k) for k in _dict_keys(kw.value, names))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == "changes":
                    yield from ((node.lineno, k) for k in _dict_keys(node.value, names))
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "changes"
                    and isinstance(target.slice, ast.Constant)
                ):
                    yield node.lineno, str(target.slice.value)
        elif isinstance(node, ast.FunctionDef) and (
            node.name.endswith(("_changes", "_change")) or node.name == "_event_facts"
        ):
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return):
                    yield from ((ret.lineno, k) for k in _dict_keys(ret.value, names))


def written_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for line, key in _keys_written(ast.parse(path.read_text())):
                found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_every_key_written_into_changes_is_declared_or_known_not_free_text() -> None:
    found = written_keys()
    unknown = {k: where for k, where in found.items() if k not in DECLARED | NOT_FREE_TEXT}
    assert unknown == {}, "declare free text in audit.freetext.FREE_TEXT, else list it here"
    assert not DECLARED & NOT_FREE_TEXT


def test_the_scan_sees_the_declared_keys_at_their_call_sites() -> None:
    """The scan reads the call sites (else the test above would pass on nothing)."""
    found = written_keys()
    assert {"reason", "applicant_heard", "response_considered", "payment_reference"} <= set(found)
    # a module constant as the key, in a *_change function (vetting.services.response_time)
    assert "short_deadline_reason" in found
    assert "note" in found  # the delegation's note (reference data written by a service)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "keys"), sorted(FREE_TEXT.items()))
def test_each_declared_key_is_committed_for_its_action(action: str, keys: frozenset[str]) -> None:
    with transaction.atomic():
        seq = record_event(
            actor=SYSTEM, action=action, changes={k: f"Fri text {k}" for k in keys}
        ).seq
    event = AuditEvent.objects.get(seq=seq)
    assert all(is_commitment(event.changes[k]) for k in keys)
    assert "Fri text" not in event.canonical
