"""A file is shown and downloaded under the name it was uploaded with, even when that name ends
in "_" and 7 letters ("_stadgar", "_program", "_skannat"), which the storage's suffix for a
name already taken looks like: the upload's own name is recorded (``original_filename``) and
shown; only files stored before that are shown by their stored name, without a suffix that is
not a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.files import pdf_bytes
from tests.world import World, drive
from vetting import services as svc
from vetting.models import (
    Application,
    Assessment,
    Communication,
    Kind,
    ProgramReview,
    State,
    SupplementRequest,
)

pytestmark = pytest.mark.django_db

STATUTES = "Stadgar för föreningen, antagna vid årsmötet 2026. Årsmötet är högsta beslutande organ."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def case_page(client: Client, app: Application) -> str:
    return client.get(f"/arenden/{app.reference}/").content.decode()


def disposition(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return str(response["Content-Disposition"])


def delivered(world: World, name: str, content: bytes) -> tuple[Application, SupplementRequest]:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    upload = SimpleUploadedFile(name, content)
    request = svc.supplement_deliver(application=app, actor=world.handler, file=upload)
    return app, request


def test_a_supplement_keeps_its_name_on_the_page_the_download_and_as_statutes(
    world: World, login
) -> None:
    # The same name twice: the second is stored with the storage's suffix, shown without it.
    for _ in range(2):
        app, request = delivered(world, "nya_stadgar.txt", STATUTES.encode())
    assert request.delivered_file.name != "supplements/2026/nya_stadgar.txt"
    assert request.original_filename == "nya_stadgar.txt"
    client = login(world.handler)
    url = f"/arenden/{app.reference}/komplettering/{request.pk}/fil/"
    assert "download>nya_stadgar.txt</a>" in case_page(client, app)
    assert 'filename="nya_stadgar.txt"' in disposition(client, url)
    form = client.get(
        f"/arenden/{app.reference}/atgard/supplement_statutes/?supplement={request.pk}"
    ).content.decode()
    assert ">nya_stadgar.txt</option>" in form  # by the file's name, not what was asked for
    version = svc.supplement_register_statutes(
        application=app, actor=world.handler, supplement=request.pk, adopted_on=date(2026, 3, 1)
    )
    assert version.original_filename == "nya_stadgar.txt"
    association = client.get(f"/foreningar/{app.association_id}/").content.decode()
    assert "nya_stadgar.txt" in association


def test_a_scanned_supplement_the_handler_registers_keeps_its_name(world: World, login) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    svc.application_receive_supplement(
        application=app, actor=world.handler, file=SimpleUploadedFile("brev_skannat.png", PNG)
    )
    request = app.supplement_requests.get()
    client = login(world.handler)
    assert "download>brev_skannat.png</a>" in case_page(client, app)
    url = f"/arenden/{app.reference}/komplettering/{request.pk}/fil/"
    assert 'filename="brev_skannat.png"' in disposition(client, url)


def test_a_programme_keeps_its_name(world: World, login) -> None:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)
    upload = SimpleUploadedFile("foreningens_program.pdf", pdf_bytes(["Program 18.00"]))
    review = svc.program_submit(application=app, actor=world.handler, file=upload)
    client = login(world.handler)
    assert "download>foreningens_program.pdf</a>" in case_page(client, app)
    url = f"/arenden/{app.reference}/program/{review.pk}/fil/"
    assert 'filename="foreningens_program.pdf"' in disposition(client, url)
    # Completing the review makes the programme the assessment's document, under its name.
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="pass",
        notes="Programmet är en konsert med kören och inget annat.",
    )
    assessment = Assessment.objects.get(application=app, evidence_document=review.program_file)
    assert assessment.original_filename == "foreningens_program.pdf"


def test_an_evidence_document_keeps_its_name_here_and_in_the_communication_letter(
    world: World, login
) -> None:
    from vetting.selectors import communication_material
    from web.documents.communication import _material

    app = drive(world, world.submit(), State.IN_REVIEW)
    assessment = svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="DEMOCRATIC_STRUCTURE",
            outcome="fail",
            evidence_kind="document",
            document=SimpleUploadedFile("brev_skannat.png", PNG),
        ),
    )
    client = login(world.handler)
    assert "download>brev_skannat.png</a>" in case_page(client, app)
    url = f"/arenden/{app.reference}/underlag/{assessment.pk}/fil/"
    assert 'filename="brev_skannat.png"' in disposition(client, url)
    material = communication_material(app, ["DEMOCRATIC_STRUCTURE"])
    assert material[0]["document_name"] == "brev_skannat.png"
    [line] = _material(Communication(material=material))
    assert line.document == "dokumentet ”brev_skannat.png” (bilaga 1)" and line.evidence == ""
    del material[0]["document_name"]  # a letter sent before names were recorded: as it was
    stored = assessment.evidence_document.name.rsplit("/", 1)[-1]
    [line] = _material(Communication(material=material))
    assert line.document == f"dokumentet ”{stored}” (bilaga 1)"


def test_a_scanned_response_keeps_its_name(world: World, login) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    svc.application_record_response(
        application=app,
        actor=world.handler,
        response="Vi bestrider.",
        file=SimpleUploadedFile("svar_skannat.png", PNG),
    )
    communication = app.communications.get()
    assert communication.original_filename == "svar_skannat.png"
    client = login(world.handler)
    assert "download>svar_skannat.png</a>" in case_page(client, app)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/yttrande/fil/"
    assert 'filename="svar_skannat.png"' in disposition(client, url)


def test_a_file_stored_before_names_were_recorded_is_shown_by_its_stored_name(
    world: World, login
) -> None:
    from web.templatetags.granska import filename

    # The storage's suffix (random letters and digits, mixed) goes; a word or a number stays.
    assert filename("programs/2026/program_WHXEhXD.pdf") == "program.pdf"
    assert filename("supplements/2026/nya_stadgar_a1B2c3D.txt") == "nya_stadgar.txt"
    for name in ("nya_stadgar.txt", "foreningens_program.pdf", "brev_skannat.png"):
        assert filename(f"supplements/2026/{name}") == name
    assert filename("x/BREV_SKANNAT.png") == "BREV_SKANNAT.png"
    assert filename("x/nya_Stadgar.txt") == "nya_Stadgar.txt"
    assert filename("x/bilaga_2026001.pdf") == "bilaga_2026001.pdf"
    assert filename("x/nya_stadgar_AbC1234.txt", "nya_stadgar.txt") == "nya_stadgar.txt"
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)
    upload = SimpleUploadedFile("foreningens_program.txt", b"Program 18.00")
    review = svc.program_submit(application=app, actor=world.handler, file=upload)
    ProgramReview.objects.filter(pk=review.pk).update(original_filename="")
    client = login(world.handler)
    assert "download>foreningens_program.txt</a>" in case_page(client, app)
    url = f"/arenden/{app.reference}/program/{review.pk}/fil/"
    assert 'filename="foreningens_program.txt"' in disposition(client, url)


def test_a_path_in_the_upload_name_is_not_recorded() -> None:
    from config.files import upload_name

    assert upload_name("../../hemligt/Vår program_2026.pdf") == "Vår program_2026.pdf"
    assert upload_name("C:\\Users\\x\\brev_skannat.png") == "brev_skannat.png"
    long = upload_name("a" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")
