"""Evidence documents and programs: checked before they are stored, and never left behind.

``assessment_record`` (and ``program_submit``) saved the upload to storage before the row and the
audit event; when anything after it failed, the transaction rolled back and the file stayed: an
unreferenced document with personal data that nobody could find, erase or account for. A
'document' assessment with an evidence span that ends before it starts (the page's hidden fields
accept it) reached the database's check constraint: a 500, after the file was stored. Evidence
documents had no size limit or type check at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.files import tiny_pdf
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Assessment, Kind, ProgramReview, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored(media: Path) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def document_assessment(**overrides: Any) -> svc.AssessmentInput:
    values: dict[str, Any] = {
        "criterion_code": "DEMOCRATIC_PRINCIPLES",
        "outcome": "doubt",
        "evidence_kind": "document",
        "evidence_text": "Se bifogad tidningsartikel.",
        "document": SimpleUploadedFile("artikel.txt", "Uppgifter om en medlem …".encode()),
    }
    return svc.AssessmentInput(**{**values, **overrides})


def test_a_span_on_a_document_is_dropped_not_a_500(world: World, media: Path) -> None:
    """Only a statute quote has a position in the statutes; the hidden fields may send one."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = document_assessment(evidence_start=5, evidence_end=1)
    assessment = svc.assessment_record(application=app, actor=world.handler, data=data)
    assert (assessment.evidence_start, assessment.evidence_end) == (None, None)
    assert stored(media) == [assessment.evidence_document.name]


def test_a_failed_assessment_leaves_no_file_behind(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vetting.services import assessments

    app = drive(world, world.submit(), State.IN_REVIEW)

    def broken_event(**kwargs: Any) -> None:
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(assessments, "record_event", broken_event)
    with pytest.raises(RuntimeError):
        svc.assessment_record(application=app, actor=world.handler, data=document_assessment())
    assert not Assessment.objects.exists()
    assert stored(media) == []


def test_a_failed_program_upload_leaves_no_file_behind(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vetting.services import casework

    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)

    def broken_event(**kwargs: Any) -> None:
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(casework, "record_event", broken_event)
    with pytest.raises(RuntimeError):
        svc.program_submit(
            application=app, actor=world.handler, file=SimpleUploadedFile("p.pdf", tiny_pdf())
        )
    assert not ProgramReview.objects.filter(program_received_at__isnull=False).exists()
    assert stored(media) == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "artikel.pdf"),  # the name says PDF, the content does not
        (b"caf\xe9 latin-1", "artikel.txt"),  # not UTF-8
        (b"%PDF-1.4 <script>garbage", "artikel.pdf"),  # a PDF's first bytes, then no PDF
    ],
)
def test_an_evidence_document_that_is_not_a_document_is_refused(
    world: World, media: Path, content: bytes, name: str
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = document_assessment(document=SimpleUploadedFile(name, content))
    with pytest.raises(InvalidInput) as info:
        svc.assessment_record(application=app, actor=world.handler, data=data)
    assert set(info.value.errors) == {"document"}
    assert "PDF" in str(info.value.errors["document"][0])
    assert stored(media) == [] and not Assessment.objects.exists()


@pytest.mark.parametrize(
    "content", [tiny_pdf(), b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xd8\xff\xe0\x00\x10JFIF"]
)
def test_pdf_and_images_are_evidence(world: World, media: Path, content: bytes) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = document_assessment(document=SimpleUploadedFile("underlag", content))
    assessment = svc.assessment_record(application=app, actor=world.handler, data=data)
    assert Path(media, assessment.evidence_document.name).read_bytes() == content


def test_an_evidence_document_over_the_limit_is_refused(
    world: World, media: Path, settings: Any
) -> None:
    settings.GRANSKA_EVIDENCE_MAX_BYTES = 10
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = document_assessment(document=SimpleUploadedFile("a.txt", b"x" * 11))
    with pytest.raises(InvalidInput) as info:
        svc.assessment_record(application=app, actor=world.handler, data=data)
    assert "10" in str(info.value.errors["document"][0])
    assert stored(media) == []
