"""A case's programme and evidence documents can be opened by whoever may see the case (and
auditors): a download with a safe name, the content's own type and nosniff, no storage path;
404 for anyone else. A PDF programme's text is read onto the case page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.files import pdf_bytes
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, Kind, ProgramReview, State

pytestmark = pytest.mark.django_db
LINES = ["Program for Varkonserten", "18.00 Insläpp", "18.30 Kören sjunger", "20.00 Avslutning"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_program(world: World, data: bytes, name: str) -> tuple[Application, ProgramReview]:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)
    review = svc.program_submit(
        application=app, actor=world.handler, file=SimpleUploadedFile(name, data)
    )
    return app, review


def program_url(app: Application, review: ProgramReview) -> str:
    return f"/arenden/{app.reference}/program/{review.pk}/fil/"


def download(client: Client, url: str) -> tuple[Any, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_a_pdf_programme_is_read_and_opened_from_the_case_page(world: World, login) -> None:
    data = pdf_bytes(LINES)
    app, review = with_program(world, data, "../../hemligt/Vårprogram 2026.pdf")
    assert "18.30 Kören sjunger" in review.program_text
    handler = login(world.handler)
    page = handler.get(f"/arenden/{app.reference}/").content.decode()
    assert "18.30 Kören sjunger" in page
    assert f'href="{program_url(app, review)}"' in page and "programs/" not in page
    response, body = download(handler, program_url(app, review))
    assert response.status_code == 200 and body == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".pdf" in disposition
    assert "programs" not in disposition and "hemligt" not in disposition and "/" not in disposition


def test_a_pdf_without_text_is_kept_as_a_file(world: World, login) -> None:
    app, review = with_program(world, pdf_bytes([]), "program.pdf")  # a scan: no text layer
    assert review.program_text == "" and review.program_file.name
    response, body = download(login(world.handler), program_url(app, review))
    assert response.status_code == 200 and body.startswith(b"%PDF-1.4")


def test_a_text_programme_is_served_as_text_whatever_its_name(world: World, login) -> None:
    app, review = with_program(world, b"<script>alert(1)</script> 18.00", "program.html")
    response, _ = download(login(world.handler), program_url(app, review))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="program.txt"' in response["Content-Disposition"]


def test_who_may_open_a_programme(world: World, login) -> None:
    app, review = with_program(world, pdf_bytes(LINES), "program.pdf")
    url = program_url(app, review)
    assert download(login(world.auditor), url)[0].status_code == 200
    assert download(login(world.decider), url)[0].status_code == 200
    assert download(login(world.other_handler), url)[0].status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    other = world.submit()
    assert (
        login(world.handler).get(f"/arenden/{other.reference}/program/{review.pk}/fil/").status_code
        == 404
    )


def test_a_file_missing_from_storage_is_404(world: World, login) -> None:
    app, review = with_program(world, pdf_bytes(LINES), "program.pdf")
    review.program_file.storage.delete(review.program_file.name)
    assert login(world.handler).get(program_url(app, review)).status_code == 404


def test_an_evidence_document_is_linked_and_opened(world: World, login) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = pdf_bytes(["Protokoll från årsmötet 2026"])
    assessment = svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="DEMOCRATIC_STRUCTURE",
            outcome="doubt",
            evidence_kind="document",
            document=SimpleUploadedFile("protokoll.pdf", data),
        ),
    )
    url = f"/arenden/{app.reference}/underlag/{assessment.pk}/fil/"
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert f'href="{url}"' in page and "evidence/" not in page
    response, body = download(login(world.auditor), url)
    assert response.status_code == 200 and body == data
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="protokoll.pdf"' in response["Content-Disposition"]
    assert download(login(world.other_handler), url)[0].status_code == 404
    no_document = f"/arenden/{app.reference}/underlag/{assessment.pk + 1}/fil/"
    assert login(world.handler).get(no_document).status_code == 404


def test_a_supplement_the_applicant_sent_is_shown_and_opened_on_the_case_page(
    world: World, login
) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    request = svc.supplement_deliver(
        application=app,
        actor=world.handler,
        file=SimpleUploadedFile("protokoll.txt", "Årsmötet 2026-03-01".encode()),
        text="Här är protokollet",
    )
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    url = f"/arenden/{app.reference}/komplettering/{request.pk}/fil/"
    assert "Här är protokollet" in page and url in page
    response = login(world.handler).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
        "Årsmötet".encode()
    )
    assert login(world.other_handler).get(url).status_code == 404


@pytest.mark.parametrize(
    ("head", "kind", "suffix"),
    [(b"\x89PNG\r\n\x1a\n", "image/png", ".png"), (b"\xff\xd8\xff\xe0", "image/jpeg", ".jpg")],
)
def test_an_image_taken_as_evidence_is_served_as_that_image(
    world: World, login, head: bytes, kind: str, suffix: str
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = head + b"\x00" * 64
    assessment = svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="DEMOCRATIC_STRUCTURE",
            outcome="doubt",
            evidence_kind="document",
            document=SimpleUploadedFile("foto", data),
        ),
    )
    response, body = download(
        login(world.handler), f"/arenden/{app.reference}/underlag/{assessment.pk}/fil/"
    )
    assert response["Content-Type"] == kind and body == data
    assert f'filename="foto{suffix}"' in response["Content-Disposition"]


def test_the_link_names_the_file_as_uploaded_not_as_stored() -> None:
    from web.templatetags.granska import filename

    assert filename("programs/2026/program_WHXEhXD.pdf") == "program.pdf"
    assert filename("programs/2026/program.pdf") == "program.pdf"
    assert filename("evidence/2026/årsmöte_2026.txt") == "årsmöte_2026.txt"
