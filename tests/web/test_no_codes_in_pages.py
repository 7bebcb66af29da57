"""The officers' pages name criteria and the statute reader's questions by label, never by
code (ui14 item 14): no UPPER_SNAKE code (OPEN_MEMBERSHIP) and no snake_case code
(discriminatory_eligibility_condition) in the visible text of the case page, the assessment
form, the decide form and the auditors' system events."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db

UPPER_SNAKE = re.compile(r"\b[A-Z]+(?:_[A-Z]+)+\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def visible_text(html: str) -> str:
    """The page's text as read: no scripts, styles, tags or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _codes(html: str) -> list[str]:
    text = visible_text(html)
    return UPPER_SNAKE.findall(text) + SNAKE.findall(text)


def test_the_case_page_and_the_assessment_form_name_criteria_by_title(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    case = client.get(f"/arenden/{app.reference}/").content.decode()
    assert _codes(case) == []
    assert "Bedöm ”Öppet medlemskap”" in case
    form = client.get(f"/arenden/{app.reference}/atgard/assess/?criterion=OPEN_MEMBERSHIP")
    assert _codes(form.content.decode()) == []


def test_the_decide_form_names_criteria_by_title(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    page = login(world.decider).get(f"/arenden/{app.reference}/atgard/decide/")
    assert _codes(page.content.decode()) == []


def test_the_system_events_name_the_reader_s_questions(world: World) -> None:
    """A reading's event (``statutes.read``) records the questions answered, by code."""
    from web.systemlabels import SHOWN

    _label, shown = SHOWN["criteria"]
    text = shown(["discriminatory_eligibility_condition", "members_meeting_supreme"])
    assert text == "Diskriminerande villkor för att väljas, Medlemsmötet är högsta beslutande organ"
    assert shown(["OPEN_MEMBERSHIP"]) == "Öppet medlemskap"


def test_the_jav_pages_cite_the_local_government_act_only(world: World, login: Any) -> None:
    """ui14 item 16: FL 16/17 § next to KL 6 kap. 28–32 §§. In a municipal nämnd's case the
    Local Government Act's jäv rules apply (FL 4 §: a deviating law goes first)."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler_small if hasattr(world, "handler_small") else world.decider)
    pages = [
        client.get(f"/arenden/{app.reference}/").content.decode(),
        client.get(f"/arenden/{app.reference}/atgard/declare_conflict/").content.decode(),
    ]
    for page in pages:
        text = visible_text(page)
        assert "FL 16 §" not in text and "FL 17 §" not in text
        assert "KL 6 kap. 28–32 §§" in text
