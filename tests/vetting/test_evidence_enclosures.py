"""What the records keep of document evidence: the decision's snapshot names the document, the
communication's material records the file sent with its digest, and neither names the file of a
reused assessment whose source case the readers may not be told of (ADR 0003)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import vetting.selectors.criteria
import vetting.services.decisions
from tests.vetting.test_reuse import _approved_on_reuse
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.enclosures import enclosure, enclosure_numbers
from vetting.models import Application, Communication, State
from vetting.selectors import communication_material

pytestmark = pytest.mark.django_db

STATUTES = b"Stadgar: medlemskap for alla\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _hide_all(module: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(module, "hidden_sources", lambda case, sources, viewer: set(sources))


def _open_membership_on_a_document(world: World) -> Application:
    """A case of the same administration whose OPEN_MEMBERSHIP pass rests on a document, which
    later cases reuse."""
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    svc.assessment_record(
        application=first,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="OPEN_MEMBERSHIP",
            outcome="pass",
            evidence_kind="document",
            evidence_text="Stadgarnas paragraf om medlemskap.",
            document=SimpleUploadedFile("stadgar.txt", STATUTES, "text/plain"),
        ),
    )
    return first


def _open_membership(criteria: list[dict[str, Any]]) -> dict[str, Any]:
    return next(c for c in criteria if c["code"] == "OPEN_MEMBERSHIP")


def test_the_snapshot_names_a_reused_document_only_when_its_source_may_be_told(
    world: World, monkeypatch: Any
) -> None:
    _open_membership_on_a_document(world)
    shown = _open_membership(_approved_on_reuse(world).decisions.get().criteria)
    assert shown["evidence_kind"] == "document" and shown["document_name"] == "stadgar.txt"
    _hide_all(vetting.services.decisions, monkeypatch)
    hidden = _open_membership(_approved_on_reuse(world).decisions.get().criteria)
    assert hidden["reused"] is True and hidden["document_name"] == ""


def test_the_material_records_the_file_sent_unless_its_source_is_hidden(
    world: World, monkeypatch: Any
) -> None:
    _open_membership_on_a_document(world)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    [sent] = communication_material(mine, ["OPEN_MEMBERSHIP"])
    assert sent["document_name"] == "stadgar.txt" and sent["document"]
    assert sent["document_sha256"] == hashlib.sha256(STATUTES).hexdigest()
    assert sent["document_size"] == len(STATUTES)
    _hide_all(vetting.selectors.criteria, monkeypatch)
    [hidden] = communication_material(mine, ["OPEN_MEMBERSHIP"])
    assert hidden["document"] == hidden["document_name"] == ""
    assert "document_sha256" not in hidden


def test_enclosures_are_the_documents_numbered_in_the_materials_order() -> None:
    material = [
        {"code": "A", "document": "evidence/2026/a.pdf"},
        {"code": "B", "document": ""},
        {"code": "C", "document": "evidence/2026/c.txt"},
    ]
    assert enclosure_numbers(material) == [1, None, 2]
    communication = Communication(material=material)
    assert enclosure(communication, 2) == material[2]
    assert enclosure(communication, 3) is None and enclosure(communication, 0) is None
