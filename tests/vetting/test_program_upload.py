"""An uploaded program is checked the same way on every path (pages, API, admin): at most
GRANSKA_API_PROGRAM_MAX_BYTES, and a PDF or UTF-8 text by its content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Kind, ProgramReview, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_program_review(world: World):
    return drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x00\x01binary\xff", "program.pdf"),  # the name says PDF, the content does not
        (b"caf\xe9 latin-1", "program.txt"),  # not UTF-8
    ],
)
def test_a_program_that_is_not_pdf_or_utf8_text_is_refused(
    world: World, in_program_review, content: bytes, name: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        svc.program_submit(
            application=in_program_review,
            actor=world.handler,
            file=SimpleUploadedFile(name, content),
        )
    assert set(info.value.errors) == {"file"}
    assert not ProgramReview.objects.filter(program_received_at__isnull=False).exists()


def test_a_file_sent_with_a_text_is_checked_too(world: World, in_program_review) -> None:
    """A text beside the file skipped the file's check: any content, any size was stored."""
    with pytest.raises(InvalidInput) as info:
        svc.program_submit(
            application=in_program_review,
            actor=world.handler,
            text="18.00 Konsert med kören.",
            file=SimpleUploadedFile("program.pdf", b"\x00\x01binary\xff"),
        )
    assert set(info.value.errors) == {"file"}
    assert not ProgramReview.objects.filter(program_received_at__isnull=False).exists()


def test_a_program_over_the_limit_is_refused(world: World, in_program_review, settings) -> None:
    settings.GRANSKA_API_PROGRAM_MAX_BYTES = 10
    with pytest.raises(InvalidInput) as info:
        svc.program_submit(
            application=in_program_review,
            actor=world.handler,
            file=SimpleUploadedFile("p.txt", b"x" * 11),
        )
    assert "10" in str(info.value.errors["file"][0])


def test_a_text_file_becomes_the_program_text_and_a_pdf_is_kept(
    world: World, in_program_review
) -> None:
    review = svc.program_submit(
        application=in_program_review,
        actor=world.handler,
        file=SimpleUploadedFile("p.txt", b"18.00 Konsert"),
    )
    assert review.program_text == "18.00 Konsert" and review.program_file.name


def test_the_officer_page_refuses_a_binary_upload(world: World, in_program_review) -> None:
    client = Client()
    client.force_login(world.handler)
    response = client.post(
        f"/arenden/{in_program_review.reference}/atgard/program_submit/",
        {"file": SimpleUploadedFile("prog.bin", b"\x00" * 64)},
    )
    assert response.status_code == 422
    assert not ProgramReview.objects.filter(program_received_at__isnull=False).exists()


def test_a_very_long_file_name_is_shortened_not_refused(world: World, in_program_review) -> None:
    name = "a" * 95 + "." + "x" * 150
    review = svc.program_submit(
        application=in_program_review,
        actor=world.handler,
        file=SimpleUploadedFile(name, b"18.00 Konsert"),
    )
    assert review.program_file.name and len(review.program_file.name) <= 100
