"""What a viewer may see of a reused assessment's source case is decided once
(``vetting.selectors.hidden_sources``, ADR 0003) and every place asks it: the decision's
snapshot, the decision document, the officer API (checklist and decision) and the case page.

Each place's test replaces the rule with one that hides every source and checks that the place
then hides a source of the same administration, which the real rule shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

import api.serializers.officer.cases
import vetting.services.decisions
import web.casepage
import web.documents.decision
from tests.api.conftest import officer_for
from tests.vetting.test_reuse import _approved_on_reuse
from tests.world import World, assess_all, drive, social_case
from vetting.models import Application, Decision, State
from vetting.selectors import DECISION_READERS, checklist, hidden_sources, reused_sources

pytestmark = pytest.mark.django_db


def _hide_all(module: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(module, "hidden_sources", lambda case, sources, viewer: set(sources))


def _reused_in_same_administration(world: World) -> tuple[Application, Application]:
    """A decided case whose OPEN_MEMBERSHIP pass is reused from an earlier case of its own
    administration (which the decision and the officers may name)."""
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    return first, _approved_on_reuse(world)


def _open_membership(criteria: list[dict[str, Any]], key: str = "code") -> dict[str, Any]:
    return next(c for c in criteria if c[key] == "OPEN_MEMBERSHIP")


# The rule.


def test_a_person_is_told_of_the_sources_they_may_see(world: World) -> None:
    social = social_case(world)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    sources = reused_sources(checklist(mine))
    assert sources == {social.reference: world.social.pk}
    assert hidden_sources(mine, sources, world.handler) == {social.reference}
    assert hidden_sources(mine, sources, world.auditor) == set()  # auditors see every case


def test_a_decisions_readers_are_told_of_their_own_administrations_sources(
    world: World, django_assert_num_queries: Any
) -> None:
    social = social_case(world)
    first = drive(world, world.submit(), State.IN_REVIEW)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    known = {social.reference: world.social.pk, first.reference: world.kultur.pk}
    with django_assert_num_queries(0):
        assert hidden_sources(mine, known, DECISION_READERS) == {social.reference}
    with django_assert_num_queries(1):  # an old snapshot names only the reference
        recorded = dict.fromkeys(known)
        assert hidden_sources(mine, recorded, DECISION_READERS) == {social.reference}


# The places.


def test_the_snapshot_asks_the_rule(world: World, monkeypatch: Any) -> None:
    first, shown = _reused_in_same_administration(world)
    assert _open_membership(shown.decisions.get().criteria)["reused_from"] == first.reference
    _hide_all(vetting.services.decisions, monkeypatch)
    hidden = _approved_on_reuse(world)
    row = _open_membership(hidden.decisions.get().criteria)
    assert row["reused"] is True and row["reused_from"] == ""


def test_the_decision_document_asks_the_rule(world: World, monkeypatch: Any) -> None:
    first, app = _reused_in_same_administration(world)
    decision = app.decisions.get()
    browser = Client()
    browser.force_login(world.handler)
    path = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    assert f"bedömning återanvänd från {first.reference}" in browser.get(path).content.decode()
    _hide_all(web.documents.decision, monkeypatch)
    body = browser.get(path).content.decode()
    assert first.reference not in body.split("Skäl för beslutet", 1)[1]
    assert "bedömning återanvänd från ett ärende i en annan förvaltning" in body


def test_the_api_checklist_asks_the_rule(world: World, monkeypatch: Any) -> None:
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    officer = officer_for(world.handler)

    def reused_from() -> str:
        body = officer.get(f"/api/v1/applications/{mine.pk}/").json()
        return str(_open_membership(body["checklist"], "criterion")["reused_from"])

    assert reused_from() == first.reference
    _hide_all(api.serializers.officer.cases, monkeypatch)
    assert reused_from() == ""


def test_the_api_decision_asks_the_rule(world: World, monkeypatch: Any) -> None:
    first, app = _reused_in_same_administration(world)
    officer = officer_for(world.handler)

    def reused_from() -> str:
        decision = officer.get(f"/api/v1/applications/{app.pk}/").json()["decision"]
        return str(_open_membership(decision["criteria"])["reused_from"])

    assert reused_from() == first.reference
    _hide_all(api.serializers.officer.cases, monkeypatch)
    assert reused_from() == ""


def test_the_api_decision_hides_what_an_old_snapshot_kept(world: World) -> None:
    """Snapshots made before session 6 kept another administration's source case: the API
    gave it out as recorded, unlike the decision document."""
    social = social_case(world)
    mine = _approved_on_reuse(world)
    decision = mine.decisions.get()
    legacy = [
        {**c, "reused_from": social.reference} if c["code"] == "OPEN_MEMBERSHIP" else c
        for c in decision.criteria
    ]
    Decision.objects.filter(pk=decision.pk).update(criteria=legacy)
    body = officer_for(world.auditor).get(f"/api/v1/applications/{mine.pk}/").json()
    row = _open_membership(body["decision"]["criteria"])
    assert row["reused"] is True and row["reused_from"] == ""


def test_the_case_page_asks_the_rule(world: World, monkeypatch: Any) -> None:
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    client = Client()
    client.force_login(world.handler)
    path = f"/arenden/{mine.reference}/"
    assert f"Återanvänd från {first.reference}" in client.get(path).content.decode()
    _hide_all(web.casepage, monkeypatch)
    page = client.get(path).content.decode()
    assert "Återanvänd från ett ärende i en annan förvaltning" in page
    assert f"Återanvänd från {first.reference}" not in page
