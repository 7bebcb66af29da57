"""Which values of an event's ``changes`` are free text, kept outside the chain (ADR 0027).

``FREE_TEXT`` is the one declaration, by action and key of ``changes``: text a person typed
(an officer's ground for jäv, the FL 25 § exception's justification, how an applicant's
response was dealt with, a payment reference, a delegation's note). ``record_event`` keeps a
non-empty string under such a key in ``audit.EventText`` (field ``changes.<key>``, its own
nonce) and the chained ``changes`` holds the commitment ``{"sha256": …}`` in its place, as for
``reasons`` (docs/audit-format.md 1.9). Codes, ids, dates, amounts, enum values and digests are
not listed; ``tests/audit/test_free_text_registry.py`` compares every call site with this.

Readers never consult this table: a top-level value of a v2 event's ``changes`` that is exactly
``{"sha256": <64 hex>}`` is a commitment (no clear value ever has that shape), so an event
written before a key was declared still reads, and verifies, as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

CHANGES_PREFIX = "changes."

FREE_TEXT: dict[str, frozenset[str]] = {
    "conflict.declared": frozenset({"reason"}),
    # The officer's reason for a shorter deadline (FL 25 §, ADR 0026): may name people.
    "application.request_supplement": frozenset({"short_deadline_reason"}),
    "application.start_program_review": frozenset({"short_deadline_reason"}),
    "application.communicate": frozenset({"short_deadline_reason"}),
    "application.communicate_revocation": frozenset({"short_deadline_reason"}),
    "application.decide": frozenset({"applicant_heard", "response_considered"}),
    "application.correct": frozenset({"applicant_heard"}),
    "application.revoke": frozenset({"applicant_heard", "response_considered"}),
    "application.pay": frozenset({"payment_reference"}),
    "refdata.delegation.created": frozenset({"note"}),
    "refdata.delegation.changed": frozenset({"note"}),
}

_HEX64 = re.compile(r"[0-9a-f]{64}")


def field_name(key: str) -> str:
    """The side row's ``field`` of a key of ``changes``."""
    return CHANGES_PREFIX + key


def is_commitment(value: Any) -> bool:
    """A committed text's place in ``changes``: exactly ``{"sha256": <64 lowercase hex>}``."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    digest = value.get("sha256")
    return isinstance(digest, str) and _HEX64.fullmatch(digest) is not None


def committed_keys(changes: Any) -> dict[str, str]:
    """The keys of ``changes`` that hold a commitment, and its digest."""
    if not isinstance(changes, Mapping):
        return {}
    return {k: v["sha256"] for k, v in changes.items() if is_commitment(v)}


def free_text_keys(action: str) -> frozenset[str]:
    return FREE_TEXT.get(action, frozenset())
