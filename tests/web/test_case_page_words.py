"""Words on the officers' case page: the statute reader's rules by name (not "Regel:
OM_OPEN_TO_ALL"), the timeline's events by label only (no "application.submitted"; the
auditors' pages keep the code beside the label), and the delegation line of a decision in the
page's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from associations.models import StatutesVersion
from tests.world import World, drive, statutes_of
from vetting.models import State
from vetting.texts import delegation_line

pytestmark = pytest.mark.django_db


def _with_open_membership(world: World) -> None:
    StatutesVersion.objects.filter(pk=statutes_of(world).pk).update(
        reader_status="done",
        document_kind="statutes",
        reader_findings={
            "open_membership": {"value": "open", "rule": "OM_OPEN_TO_ALL", "evidence": []},
        },
    )


def _rules_shown(page: str) -> str:
    found = re.search(r'<span id="rules-OPEN_MEMBERSHIP">(.*?)</span>', page)
    assert found is not None
    return found.group(1)


def test_a_proposal_names_its_rule_in_the_pages_language(world: World, login: Any) -> None:
    _with_open_membership(world)
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert _rules_shown(page) == "Öppet för alla"
    assert "OM_OPEN_TO_ALL" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/arenden/{app.reference}/").content.decode()
    assert _rules_shown(english) == "Open to all"


def test_a_rule_of_a_protected_ground_is_named_by_the_ground() -> None:
    from vetting.reader_rules import rule_names

    with translation.override("sv"):
        assert rule_names(("OM_GROUP_SEX", "DE_RELIGION")) == (
            "Villkor för medlemskap: kön, Villkor för valbarhet: religion eller trosuppfattning"
        )
        assert rule_names(("SOME_FUTURE_RULE",)) == "SOME_FUTURE_RULE"  # never nothing


def test_the_officers_timeline_shows_labels_not_event_codes(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    timeline = page[page.index('<ol class="timeline">') :]
    assert "<strong>Ärendet registrerat</strong>" in timeline
    assert "application.submitted" not in timeline and "application.assign" not in timeline
    audit = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    assert '<code class="muted">application.submitted</code>' in audit


def test_the_delegation_line_follows_the_language() -> None:
    with translation.override("en"):
        assert delegation_line("Kultur- och fritidsnämnden", "Delegationsordning 4.1") == (
            "Decision by delegation from Kultur- och fritidsnämnden (delegationsordning 4.1)"
        )
        assert delegation_line("Socialnämnden", "") == "Decision by delegation from Socialnämnden"
    with translation.override("sv"):
        assert delegation_line("Socialnämnden", "") == "Beslut på delegation från Socialnämnden"
