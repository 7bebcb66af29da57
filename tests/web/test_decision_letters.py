"""What a decision letter says (FL 32–33 §§, 11 § klarspråk, KL 6:37): on whose behalf the
delegate decides, how to appeal, the decision in a sentence first, only the grounds as grounds,
criteria by title, quotes as running text, amounts as money, a revocation's own föredragande."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils.timezone import localdate

from tests.world import cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Decision, Delegation, Kind, State
from vetting.texts import appeal_instructions_for, delegation_line

pytestmark = pytest.mark.django_db


def _article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def _page(login, user, app, decision) -> str:  # type: ignore[no-untyped-def]
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    return _article(login(user).get(url).content.decode())


def test_the_decision_says_on_whose_behalf_the_delegate_decides(world, login):
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning punkt 4.1")
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    article = _page(login, world.handler, app, app.decisions.get())
    assert (
        "<dt>Delegation</dt><dd>Beslut på delegation från Kultur- och fritidsnämnden "
        "(delegationsordning punkt 4.1)</dd>" in article
    )
    assert "Beslutet är fattat på delegation från Kultur- och fritidsnämnden" in article


def test_delegation_line_without_a_board_keeps_the_point():
    assert delegation_line("", "Delegationsordning 4.1") == "Delegationsordning 4.1"
    assert delegation_line("Socialnämnden", "") == "Beslut på delegation från Socialnämnden"


@override_settings(
    GRANSKA_APPEAL_COURT="Förvaltningsrätten i Göteborg",
    GRANSKA_NOTICE_BOARD="kommunens webbplats, www.exempel.se/anslagstavla",
)
def test_laglighetsprovning_says_court_anmalan_anslagstavla_and_who_may_appeal():
    text = appeal_instructions_for("laglighetsprovning", board="Kultur- och fritidsnämnden")
    for part in (
        "delegation från Kultur- och fritidsnämnden",
        "anmäls till nämnden",
        "skickas till Förvaltningsrätten i Göteborg",
        "inom tre veckor",
        "anslagstavla att protokollet från det sammanträde där beslutet anmäldes har justerats",
        "Anslagstavlan finns på kommunens webbplats, www.exempel.se/anslagstavla",
        # KL 2017:725 has membership in 1 kap. 5 § (1 kap. 4 § is the 1991 act's numbering).
        "(1 kap. 5 § och 13 kap. 1 § kommunallagen)",
        "En förening är medlem av kommunen bara om den äger fast egendom i kommunen",
    ):
        assert part in text, part
    besvar = appeal_instructions_for("forvaltningsbesvar")
    assert "överklagas till Förvaltningsrätten i Göteborg" in besvar


def test_a_stored_appeal_text_is_printed_as_issued(world, login):
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    decision = app.decisions.get()
    old = "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen): Äldre text."
    Decision.objects.filter(pk=decision.pk).update(appeal_instructions=old)
    assert "Äldre text." in _page(login, world.handler, app, decision)


def test_the_letter_opens_with_the_decision_in_a_sentence_and_money_as_kronor(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    article = _page(login, world.handler, app, app.decisions.get())
    assert (
        "<h2>Beslutet</h2>\n  <p>Kultur- och fritidsnämnden beviljar Scoutkåren Exempel "
        "4\xa0000 kr i föreningsbidrag" in article
    )
    assert ",00 kr" not in article
    rental = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    article = _page(login, world.handler, rental, rental.decisions.get())
    assert "Kultur- och fritidsnämnden avslår ansökan från" in article


def test_only_the_grounds_are_printed_as_grounds(world, login):
    """A failed criterion the decision does not cite (a ground a correction dropped) is not
    printed; one not assessed says so; met ones are apart, said not to be grounds; no codes."""
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    decision = app.decisions.get()
    criteria = [dict(c) for c in decision.criteria]
    others = [c for c in criteria if not c["cited"]]
    others[0].update(outcome="fail", evidence="Ordföranden är medlem i ett visst parti.")
    others[1].update(outcome=None, evidence="")
    Decision.objects.filter(pk=decision.pk).update(criteria=criteria)
    article = _page(login, world.handler, app, decision)
    grounds = article.index("<h2>Kriterier som beslutet grundar sig på</h2>")
    rest = article.index("<h2>Övriga kriterier (inte grund för beslutet)</h2>")
    assert grounds < rest
    assert "visst parti" not in article and others[0]["title"] not in article
    assert "Inte uppfyllt" not in article[rest:]
    assert f'<span lang="sv">{others[1]["title"]}</span>: Inte bedömt' in article
    assert "–</li>" not in article and others[1]["code"] not in article
    assert "redovisas inte här" in article


def test_a_statute_quote_is_reflowed_keeping_its_paragraphs(world, login):
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    decision = app.decisions.get()
    criteria = [dict(c) for c in decision.criteria]
    ground = next(c for c in criteria if c["cited"])
    ground.update(
        evidence_kind="statute_quote",
        statutes_adopted_on="2025-03-15",
        evidence="Föreningen ska verka\nför sina medlemmars\nintressen.\n\nAndra stycket.",
    )
    Decision.objects.filter(pk=decision.pk).update(criteria=criteria)
    article = _page(login, world.handler, app, decision)
    assert "Föreningen ska verka för sina medlemmars intressen.<br>Andra stycket." in article


def test_a_revocation_names_who_prepared_it_not_the_grants_handler(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PAID)
    demo.record_new_facts(cast(world), app)
    revocation = svc.application_revoke(
        application=app,
        actor=world.decider,
        reasons="Föreningen nekade en person medlemskap på grund av religion.",
        criteria=[demo.REVOCATION_GROUND],
        reclaim_amount=Decimal("4000"),
        repayment_due=localdate() + timedelta(days=30),
        no_conflict_confirmed=True,
        applicant_heard="Föreningen ska upplösas i morgon och tillgångarna delas ut.",
        hearing_exception="urgent",
        confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
    )
    assessor = app.assessments.filter(criterion__code=demo.REVOCATION_GROUND).latest("id")
    assert revocation.handler_id == assessor.assessor_id
    article = _page(login, world.decider, app, revocation)
    name = assessor.assessor.get_full_name() or assessor.assessor.get_username()
    assert f"<dt>Föredragande handläggare</dt><dd>{name}</dd>" in article


def test_a_correction_is_called_an_andring_in_the_trail_and_the_actions():
    from audit.labels import ATTEMPTED_ACTION_LABELS, event_label
    from vetting.admin_transitions import action_label

    assert str(ATTEMPTED_ACTION_LABELS["correct"]) == "Ändra beslutet"
    assert action_label("correct") == "Ändring av beslut"
    assert "Rättelse" not in str(event_label("application.correct"))
