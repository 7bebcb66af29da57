"""The assessment and proposal forms name every field's problem in one answer (ADR 0010), not
one per submit: a broken document with the missing RF 2:21 confirmation, a missing outcome with
the missing evidence, and on the proposal a missing outcome with a too high amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.vetting.test_assessment_evidence import CODE
from tests.world import World, assess_all, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _assess(world: World, login: Any, post: dict[str, Any]) -> Any:
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = login(world.handler).post(f"/arenden/{app.reference}/atgard/assess/", post)
    assert response.status_code == 422
    assert not app.assessments.exists()
    return response.context["form"].errors


def test_a_broken_document_and_the_missing_confirmation_are_named_together(
    world: World, login: Any
) -> None:
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")
    errors = _assess(
        world,
        login,
        {
            "criterion": CODE,
            "outcome": "fail",
            "evidence_kind": "document",
            "evidence_text": "Protokollet visar föreningens politiska åsikter.",
            "document": broken,
        },
    )
    assert set(errors) == {"document", "confirm_not_opinion"}, errors


def test_a_missing_outcome_comes_with_the_missing_evidence(world: World, login: Any) -> None:
    errors = _assess(world, login, {"criterion": CODE, "outcome": "", "evidence_kind": ""})
    assert set(errors) == {"outcome", "evidence_kind"}, errors


def test_the_proposal_names_a_missing_outcome_and_a_too_high_amount(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    post = {"outcome": "", "amount": "5000", "reasons": "Nej."}
    response = login(world.handler).post(f"/arenden/{app.reference}/atgard/propose/", post)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"outcome", "amount", "reasons"}, errors
    assert "överstiga sökt belopp" in " ".join(errors["amount"])


def _summary(html: str) -> str:
    start = html.index('<div class="error-summary"')
    return html[start : html.index("</div>", start)]


def test_a_failed_submit_opens_with_a_summary_linking_to_every_field(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    url = f"/arenden/{app.reference}/atgard/assess/"
    client = login(world.handler)
    assert 'class="error-summary"' not in client.get(url).content.decode()
    response = client.post(url, {"criterion": CODE, "outcome": "", "evidence_kind": ""})
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "data-focus-on-load" in summary  # granska.js moves the focus to it
    assert '<a href="#id_outcome">Bedömning: Välj en bedömning.</a>' in summary
    assert '<a href="#id_evidence_kind">Typ av underlag: Välj typ av underlag' in summary
    assert html.index("error-summary") < html.index("<form method")  # above the form
    assert 'id="id_outcome"' in html


def test_the_registration_form_has_the_summary_too(world: World, login: Any) -> None:
    response = login(world.handler).post("/registrera/", {})
    assert response.status_code in (200, 422)
    summary = _summary(response.content.decode())
    assert '<a href="#id_' in summary
