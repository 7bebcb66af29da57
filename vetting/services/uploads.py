"""What an uploaded file may be (an assessment's evidence document, a programme, a scanned
incoming document or reply), judged by its content, never its name or declared type: at most
GRANSKA_EVIDENCE_MAX_BYTES, and a PDF that opens, a PNG or JPEG image, or UTF-8 text. These are
the kinds ``config.downloads`` serves with their own type."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.reader.extract import pdf_unreadable
from config.downloads import PDF, SIGNATURES
from vetting.errors import FieldProblems, InvalidInput
from vetting.services._core import require_received_on

log = logging.getLogger(__name__)

# What an evidence document may be, judged by its content: PDF, PNG, JPEG, or UTF-8 text.
EVIDENCE_SIGNATURES = tuple(signature for signature, _kind in SIGNATURES)
PDF_MAGIC = next(signature for signature, kind in SIGNATURES if kind == PDF)


def arrival_problems(
    found: FieldProblems, received_on: date | None, file: UploadedFile | None
) -> None:
    """What is wrong with the day something from the applicant came in (not in the future) and
    its scanned file, added to ``found`` so that they are named with the input's other fields.
    Whether the day is before the request was sent needs the locked case: checked later."""
    found.check(lambda: require_received_on("received_on", received_on, None, ""))
    if file is not None:
        found.check(lambda: check_evidence_document(file, field="file"))


def check_pdf_opens(data: bytes, name: str, field: str) -> None:
    """A file that starts like a PDF must open as one (a header and garbage would be shown to
    officers and printed in a decision's material as if it were a document)."""
    if not data.startswith(PDF_MAGIC):
        return
    error = pdf_unreadable(data, name)
    if error is not None:
        raise unopenable_pdf(field, error)


def unopenable_pdf(field: str, error: str) -> InvalidInput:
    """The parser's reason (pypdf's, in English) goes to the log, not into the message, which is
    in one language."""
    log.info("An uploaded file in %s starts like a PDF but does not open: %s", field, error)
    return InvalidInput(
        {
            field: _(
                "Filen börjar som en PDF men går inte att öppna som PDF; den kan vara skadad "
                "eller ofullständig."
            )
        }
    )


def check_evidence_document(file: UploadedFile, field: str = "document") -> None:
    """At most GRANSKA_EVIDENCE_MAX_BYTES, and a PDF, an image (PNG, JPEG) or UTF-8 text by its
    content (never its name or declared type); else InvalidInput naming ``field``."""
    limit = settings.GRANSKA_EVIDENCE_MAX_BYTES
    if (file.size or 0) > limit:
        raise InvalidInput({field: format_lazy(_("Filen är större än {limit} byte."), limit=limit)})
    data = file.read()
    file.seek(0)
    if data.startswith(EVIDENCE_SIGNATURES):
        check_pdf_opens(data, file.name or "", field)
        return
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
            return
        except UnicodeDecodeError:
            pass
    raise InvalidInput(
        {field: _("Underlaget ska vara en PDF, en bild (PNG eller JPEG) eller en textfil (UTF-8).")}
    )
