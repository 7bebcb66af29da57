"""Digests of an assessment's evidence, for its ``assessment.recorded`` event and reconciliation.

The evidence itself (a statute quote, a recorded fact, a document) may be personal data or
restricted, and the chain is kept for ever and copied into every export, so it holds only
digests (docs/audit-format.md, "Evidence digests"; ADR 0012):

* ``evidence_file_sha256``: SHA-256 of the stored document's bytes, ``null`` without one;
* ``evidence_sha256``: SHA-256 of the RFC 8785 bytes of ``{"file": <that digest or null>,
  "text": <the evidence text as stored>}``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models.fields.files import FieldFile

from audit.canonical import jcs
from config.downloads import file_sha256 as stored_sha256


def file_sha256(document: FieldFile | None) -> str | None:
    """SHA-256 (hex) of a stored file's bytes, read from its storage; None when there is no file.
    Raises OSError when the file named is missing or cannot be read."""
    if document is None or not document.name:
        return None
    return stored_sha256(document.storage, document.name)


def evidence_sha256(text: str, file_digest: str | None) -> str:
    """The digest of the evidence: its text and its document's digest, canonically."""
    return hashlib.sha256(jcs({"file": file_digest, "text": text})).hexdigest()


def evidence_digests(assessment: Any) -> dict[str, str | None]:
    """The digests an ``assessment.recorded`` event records (the keys of its ``changes``)."""
    file_digest = file_sha256(assessment.evidence_document)
    return {
        "evidence_sha256": evidence_sha256(assessment.evidence_text, file_digest),
        "evidence_file_sha256": file_digest,
    }
