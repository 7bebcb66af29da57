"""Each line of the case's documents (``web.casedocuments``): a letter or decision opens on its
page with its PDF beside it; what came in opens its file, or where its text is read, and says
whether it came late."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.web.test_revocation_drop_pages import REASONS, _hearing
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Kind, ProgramReview, State, SupplementRequest
from web.casepage import documents_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _lines(app: Any) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    for d in documents_of(app):
        line = (d.day, d.direction, str(d.kind), str(d.title), d.url, d.pdf_url, d.file, d.late)
        found.setdefault(d.code, []).append(line)
    return found


def test_letters_and_decisions_open_on_their_page_with_their_pdf(world: World) -> None:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.REJECTED)
    decision = app.decisions.get()
    svc.decision_notify(decision=decision, actor=world.handler, channel="letter", recipient="Kåren")
    communication = app.communications.get()
    request = SupplementRequest.objects.create(
        application=app, what="Protokoll", due=timezone.localdate(), requested_by=world.handler,
        facts=communication.facts,
    )  # fmt: skip
    case, ref = f"/arenden/{app.reference}/", app.reference
    sent = timezone.localdate(communication.sent_at)
    lines = _lines(app)
    assert lines["supplement_request"] == [
        (timezone.localdate(request.requested_at), "sent", "Begäran om komplettering",
         "Begäran om komplettering", f"{case}komplettering/{request.pk}/",
         f"{case}komplettering/{request.pk}/pdf/", False, False),
    ]  # fmt: skip
    page = f"/arenden/{ref}/kommunicering/{communication.pk}/"
    assert lines["communication"] == [
        (sent, "sent", "Kommunicering", "Kommuniceringsbrev", page, f"{page}pdf/", False, False)
    ]
    [response] = lines["response"]
    assert response[1:] == ("incoming", "Yttrande", "Yttrandet (text)", page, "", False, False)
    decided = f"/arenden/{ref}/beslut/{decision.pk}/"
    [line] = lines["decision"]
    assert line[1:] == ("drawn_up", "Beslut", "", decided, f"{decided}pdf/", False, False)
    assert [d.decision.decision for d in documents_of(app) if d.code == "decision"] == [decision]
    [notice] = lines["notice"]
    assert notice[1:3] == ("sent", "Underrättelse om beslut") and "Kåren" in notice[3]
    assert notice[4:] == (decided, "", False, False)  # the decision's page


def test_a_dropped_revocation_opens_its_letter(world: World) -> None:
    app = _hearing(world)
    hearing = svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    page = f"/arenden/{app.reference}/kommunicering/{hearing.pk}/"
    lines = _lines(app)
    assert [line[3:6] for line in lines["communication"]] == [
        ("Kommunicering av avsett återkallande", page, f"{page}pdf/")
    ]
    assert lines["dropped"] == [
        (timezone.localdate(hearing.dropped_at), "sent", "Besked till sökanden",
         "Avslutad utan återkallelse", f"{page}avslutad/", f"{page}avslutad/pdf/", False, False),
    ]  # fmt: skip


def test_what_came_in_opens_its_file_or_its_text_and_says_if_it_was_late(world: World) -> None:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
    today = timezone.localdate()
    review = ProgramReview.objects.create(
        application=app, requested_by=world.handler, reason="Program", due=today,
        program_file=SimpleUploadedFile("program.txt", b"18.00"), original_filename="program.txt",
        program_received_at=timezone.now(), program_received_on=today + timedelta(days=1),
    )  # fmt: skip
    SupplementRequest.objects.create(
        application=app, what="Protokoll", due=today, requested_by=world.handler,
        delivered_text="Protokollet", delivered_at=timezone.now(), received_on=today,
    )  # fmt: skip
    case = f"/arenden/{app.reference}/"
    lines = _lines(app)
    assert lines["program"] == [
        (today + timedelta(days=1), "incoming", "Program", "program.txt",
         f"{case}program/{review.pk}/fil/", "", True, True),
    ]  # fmt: skip
    assert lines["supplement"] == [
        (today, "incoming", "Komplettering", "Kompletteringen (text)",
         f"{case}#supplement-heading", "", False, False),
    ]  # fmt: skip
    assert "supplement_request" not in lines  # a request recorded without its letter's facts
