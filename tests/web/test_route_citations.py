"""The law cited as the case's appeal route makes it (legal review 2026-11, Q1 and Q7): where the
decision can only be laglighetsprövad, FL 2 § switches off FL 16–18, 20 and 23–49 §§, so the
applicant's letters, the decision and the officer's pages cite FL as a model ("jfr 25 §
förvaltningslagen"); on förvaltningsbesvär they cite it plainly. Jäv is KL 6 kap. 28–32 §§ on
the one route and FL 16–18 §§ on the other. A document issued before the route was kept cites
FL as it did."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.actions import conflict_refusal
from vetting.citations import case_route, conflict, fl
from vetting.models import Decision, Kind, State
from vetting.models.kinds import AppealRoute

pytestmark = pytest.mark.django_db

LAGLIGHET, BESVAR = AppealRoute.LAGLIGHETSPROVNING.value, AppealRoute.FORVALTNINGSBESVAR.value
JFR = {LAGLIGHET: "jfr ", BESVAR: ""}
CONFLICT = {LAGLIGHET: "KL 6 kap. 28–32 §§", BESVAR: "FL 16–18 §§"}
ROUTES = pytest.mark.parametrize("route", [LAGLIGHET, BESVAR])


@pytest.fixture
def route_is(settings: Any) -> Any:
    def set_route(route: str) -> None:
        settings.GRANSKA_APPEAL_ROUTES = {
            **settings.GRANSKA_APPEAL_ROUTES,
            Kind.FORENINGSBIDRAG: route,
        }

    return set_route


def test_the_helper_cites_fl_as_a_model_only_on_laglighetsprovning() -> None:
    with translation.override("sv"):
        assert fl(LAGLIGHET, 25) == "jfr 25 § förvaltningslagen"
        assert fl(BESVAR, 25) == "25 § förvaltningslagen"
        assert fl(None, 20) == "20 § förvaltningslagen"  # issued before the route was kept
        assert conflict(LAGLIGHET) == "KL 6 kap. 28–32 §§" and conflict(BESVAR) == "FL 16–18 §§"
    with translation.override("en"):
        assert fl(LAGLIGHET, 25) == "cf. section 25 of the Administrative Procedure Act"
        assert fl(BESVAR, 25) == "section 25 of the Administrative Procedure Act"


@ROUTES
def test_the_supplement_request_cites_fl_20_by_route(
    world: World, login: Any, route_is: Any, route: str
) -> None:
    route_is(route)
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    request = app.supplement_requests.get()
    assert request.facts["appeal_route"] == route
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/komplettering/{request.pk}/").text
    assert f"Begäran om komplettering ({JFR[route]}20 § förvaltningslagen)" in page
    assert f"inte tas upp till prövning ({JFR[route]}20 § förvaltningslagen)." in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{app.reference}/komplettering/{request.pk}/").text
    cf = "cf. " if route == LAGLIGHET else ""
    assert f"Request for a supplement ({cf}section 20 of the Administrative Procedure Act)" in page


@ROUTES
def test_the_communication_letter_cites_fl_25_by_route(
    world: World, login: Any, route_is: Any, route: str
) -> None:
    route_is(route)
    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    assert communication.facts["appeal_route"] == route
    page = (
        login(world.handler).get(f"/arenden/{app.reference}/kommunicering/{communication.pk}/").text
    )
    assert f"Kommunicering enligt {JFR[route]}25 § förvaltningslagen" in page


@ROUTES
def test_the_decision_cites_fl_32_and_37_by_route(
    world: World, login: Any, route_is: Any, route: str
) -> None:
    route_is(route)
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons="")
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    assert decision.appeal_route == route and decision.facts["appeal_route"] == route
    assert decision.revocation_clause.startswith(
        f"Återkallelseförbehåll ({JFR[route]}37 § förvaltningslagen): "
    )
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").text
    assert (
        "Beslutet går inte någon part emot. Skälen redovisas därför inte "
        f"({JFR[route]}32 § andra stycket 1 förvaltningslagen)."
    ) in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").text
    cf = "cf. " if route == LAGLIGHET else ""
    assert (
        f"({cf}section 32, second paragraph, point 1, of the Administrative Procedure Act)" in page
    )


def test_a_decision_issued_before_the_route_was_kept_cites_fl_as_it_did(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons="")
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    facts = {k: v for k, v in decision.facts.items() if k != "appeal_route"}
    Decision.objects.filter(pk=decision.pk).update(facts=facts)  # as a decision made before
    page = login(world.handler).get(f"/arenden/{app.reference}/beslut/{decision.pk}/").text
    assert "(32 § andra stycket 1 förvaltningslagen)" in page and "jfr 32 §" not in page


@ROUTES
def test_the_amendment_page_cites_fl_37_by_route(
    world: World, login: Any, route_is: Any, route: str
) -> None:
    route_is(route)
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    client = login(world.decider_small)
    page = client.get(f"/arenden/{app.reference}/atgard/correct/").text
    assert f"av någon annan anledning ({JFR[route]}37 § förvaltningslagen)." in page
    assert f"i ärendet ({CONFLICT[route]})." in page  # the jäv confirmation
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{app.reference}/atgard/correct/").text
    cf = "cf. " if route == LAGLIGHET else ""
    assert f"for another reason ({cf}section 37 of the Administrative Procedure Act)." in page


@ROUTES
def test_the_jav_texts_cite_the_rules_of_the_route(
    world: World, login: Any, route_is: Any, route: str
) -> None:
    route_is(route)
    app = drive(world, world.submit(), State.IN_REVIEW)
    assert case_route(app) == route
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/").text
    assert f"({CONFLICT[route]}: om du kan vara jävig i ärendet)" in page
    form = client.get(f"/arenden/{app.reference}/atgard/declare_conflict/").text
    assert f"kan göra hen jävig ska genast anmäla det ({CONFLICT[route]})." in form
    assert f"närstående till någon i den ({CONFLICT[route]})." in form
    svc.application_declare_conflict(application=app, actor=world.handler, reason="Styrelseledamot")
    refusal = conflict_refusal(world.handler, app, "assess")
    assert refusal is not None and f"besluta ({CONFLICT[route]})." in str(refusal)
    page = client.get(f"/arenden/{app.reference}/").text
    assert f"varken förbereda eller besluta ({CONFLICT[route]})." in page


def test_the_case_route_is_the_one_its_decision_recorded(world: World, route_is: Any) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    assert case_route(app) == LAGLIGHET
    route_is(BESVAR)  # the setting changed after the decision: the decision's route holds
    assert case_route(app) == LAGLIGHET
