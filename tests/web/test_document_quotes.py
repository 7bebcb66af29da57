"""A statutes quote in a letter or a decision says that it is one, and from which statutes:
"Underlag: citat ur stadgarna antagna 2025-05-10: ”…”", not the bare text. The version is kept
with the document (its criteria snapshot, its material); one sent before prints as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from associations.services import statutes_add
from tests.web.test_documents import pdf_text
from tests.world import World, assess_all
from vetting import services as svc
from vetting.models import Application, Communication, Decision, State

pytestmark = pytest.mark.django_db

CLAUSE = "Medlemskap förutsätter styrelsens godkännande."
QUOTED = f"Underlag: citat ur stadgarna antagna 2025-05-10: ”{CLAUSE}”"


def _refused_on_the_statutes(world: World) -> Application:
    """A grant proposed refused on OPEN_MEMBERSHIP, quoting the statutes adopted 2025-05-10,
    communicated, and decided."""
    statutes_add(
        association=world.scouts,
        actor=world.handler,
        adopted_on=date(2025, 5, 10),
        text=f"{CLAUSE} Årsmötet är föreningens högsta beslutande organ.",
    )
    app = world.submit()
    svc.application_assign(application=app, actor=world.handler, no_conflict_confirmed=True)
    assess_all(world, app)
    data = svc.AssessmentInput(
        criterion_code="OPEN_MEMBERSHIP",
        outcome="fail",
        evidence_kind="statute_quote",
        evidence_text=CLAUSE,
    )
    svc.assessment_record(application=app, actor=world.handler, data=data)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="Stadgarna ger inte alla som delar föreningens syfte rätt till medlemskap.",
        criteria=["OPEN_MEMBERSHIP"],
    )
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(
        application=app, actor=world.handler, response="Föreningen bestrider bedömningen."
    )
    svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="rejected",
        no_conflict_confirmed=True,
        reasons="Villkoret om öppet medlemskap är inte uppfyllt (se stadgarna).",
        response_considered="Föreningen bestrider bedömningen men visar inte att stadgarna "
        "ger alla som delar syftet rätt till medlemskap.",
    )
    app.refresh_from_db()
    assert app.state == State.REJECTED
    return app


def _urls(app: Application) -> list[str]:
    return [
        f"/arenden/{app.reference}/kommunicering/{app.communications.get().pk}/",
        f"/arenden/{app.reference}/beslut/{app.decisions.get().pk}/",
    ]


def _read(client: Client, url: str) -> tuple[str, str]:
    page = client.get(url).content.decode()
    return page, " ".join(pdf_text(client.get(f"{url}pdf/").content).split())


def test_a_quote_says_it_is_one_and_from_which_statutes(world: World, login: Any) -> None:
    app = _refused_on_the_statutes(world)
    client = login(world.handler)
    for url in _urls(app):
        page, pdf = _read(client, url)
        assert QUOTED in pdf, url
        assert (
            "Underlag: citat ur stadgarna antagna 2025-05-10: "
            f'”<span lang="sv">{CLAUSE}</span>”' in page
        ), url
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url in _urls(app):
        page = client.get(url).content.decode()
        assert (
            "Evidence: quote from the statutes adopted on 2025-05-10: "
            f'“<span lang="sv">{CLAUSE}</span>”' in page
        ), url


def test_other_evidence_is_not_called_a_quote(world: World, login: Any) -> None:
    app = _refused_on_the_statutes(world)
    _page, pdf = _read(login(world.handler), _urls(app)[1])
    # OPEN_MEMBERSHIP, the ground, with its quote; the others, no grounds, with no evidence.
    assert pdf.count("citat ur stadgarna") == pdf.count("Öppet medlemskap:") == 1


def test_a_document_sent_before_the_version_was_kept_prints_the_quote_as_it_was(
    world: World, login: Any
) -> None:
    app = _refused_on_the_statutes(world)
    communication, decision = app.communications.get(), app.decisions.get()

    def older(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in line.items() if k != "statutes_adopted_on"} for line in lines]

    Communication.objects.filter(pk=communication.pk).update(material=older(communication.material))
    Decision.objects.filter(pk=decision.pk).update(criteria=older(decision.criteria))
    client = login(world.handler)
    for url in _urls(app):
        page, pdf = _read(client, url)
        assert f"Underlag: {CLAUSE}" in pdf and "citat ur stadgarna" not in pdf, url
        assert "citat ur stadgarna" not in page, url
