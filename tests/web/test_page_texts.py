"""Texts on the pages: refusals name actions and states by their labels (the API keeps the
codes), amounts are written as the page's language writes them, and the chain page's summary
is in the page's language."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.utils import translation

from tests.api.conftest import officer_for
from tests.world import World, cast, drive
from vetting.demo import STEPS
from vetting.models import Application, State
from vetting.selectors import proposal_version
from web.templatetags.granska import kr

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


def url(app, action: str = "") -> str:
    base = f"/arenden/{app.reference}/"
    return f"{base}atgard/{action}/" if action else base


def adverse_proposal(world: World):
    app = drive(world, world.submit(), State.IN_REVIEW)
    STEPS["assess_fail"](cast(world), app)
    STEPS["propose_reject"](cast(world), app)
    return app


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


DECIDE = {"outcome": "rejected", "reasons": "Avslag", "no_conflict_confirmed": "on"}


def version(app: Application) -> dict[str, object]:
    """The hidden field of the decide form: the proposal the decision maker was shown."""
    return {"proposal_version": proposal_version(app)}


def decide_form(app: Application) -> dict[str, object]:
    return {**DECIDE, **version(app)}


# An action the proposal's state does not allow (deciding an adverse proposal not communicated
# is allowed under an FL 25 § exception, ADR 0026: its refusal is about the input).
ESCALATE = {"reason": "Uppgifter om våld vid tidigare arrangemang."}


def shown_text(page: str) -> str:
    """What a person reads: the page without its markup (links carry codes in their URLs)."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def now_allowed(page: str) -> list[str]:
    """The labels of the actions a refusal offers instead, as links."""
    listed = re.search(r'<ul id="now-allowed">(.*?)</ul>', page, re.S)
    assert listed is not None
    return [html.unescape(label) for label in re.findall(r">([^<]+)</a>", listed.group(1))]


def test_a_refusal_on_the_page_names_the_allowed_actions_by_label(world: World, login) -> None:
    app = adverse_proposal(world)
    response = login(world.decider).post(url(app, "escalate"), ESCALATE)
    assert response.status_code == 409
    page = response.content.decode()
    assert now_allowed(page) == ["Återförvisa till handläggning", "Besluta"]  # as the case page
    assert "return_to_review" not in shown_text(page)


def test_the_refusal_in_english_uses_the_english_labels(world: World, login) -> None:
    app = adverse_proposal(world)
    page = english(login(world.decider)).post(url(app, "escalate"), ESCALATE).content.decode()
    assert "Return to review" in now_allowed(page)
    assert "return_to_review" not in shown_text(page)


def test_a_state_refusal_names_action_and_state_by_label(world: World, login) -> None:
    app = world.submit()
    response = login(world.handler).post(url(app, "escalate"), {"reason": "Uppgifter"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert now_allowed(page) == ["Ta ärendet", "Registrera återkallelse från sökande"]
    assert "'Eskalera till säkerhetssamordnare'" in page and "'Inkommen'" in page
    assert "'escalate'" not in page and "'submitted'" not in page


def test_the_api_gives_the_codes_beside_the_labels(world: World) -> None:
    """A client programs against the codes (also in ``allowed_actions``); people read labels."""
    app = adverse_proposal(world)
    response = officer_for(world.decider).post(
        f"/api/v1/applications/{app.pk}/actions/escalate/", ESCALATE, format="json"
    )
    detail = response.json()["detail"]
    assert (
        "Tillåtna åtgärder: Besluta (decide), Anmäl jäv (declare_conflict), Återförvisa till "
        "handläggning (return_to_review)." in detail
    )


def test_amounts_in_a_refusal_are_written_swedish_style(world: World, login) -> None:
    app = world.submit(amount=Decimal("17500.00"))
    drive(world, app, State.PROPOSED)
    response = login(world.decider_small).post(
        url(app, "decide"),
        {"outcome": "approved", "no_conflict_confirmed": "on", **version(app)},
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert f"17{NBSP}500 kr" in page and "17500.00 kr" not in page and ",00 kr" not in page


def test_amounts_on_the_case_page_are_written_swedish_style(world: World, login) -> None:
    app = world.submit(amount=Decimal("17500.00"))
    page = login(world.handler).get(url(app)).content.decode()
    assert f"17{NBSP}500 kr" in page and ",00 kr" not in page


def test_a_grouped_amount_in_a_service_message_is_formatted_once(world: World, login) -> None:
    """The service groups the sought amount ("10 000"); the page formatted it again and showed
    "(10 0 kr)"."""
    app = drive(world, world.submit(amount=Decimal("10000")), State.IN_REVIEW)
    post = {"outcome": "partly_approved", "amount": "12000", "reasons": "Avslag i del."}
    page = login(world.handler).post(url(app, "propose"), post).content.decode()
    assert f"Beloppet får inte överstiga sökt belopp (10{NBSP}000 kr)." in page
    assert " 0 kr)" not in page


def test_amount_formatting_follows_the_language() -> None:
    """As letters and decisions write money (``vetting.money.kronor``): whole kronor without
    öre, öre only when there are any."""
    assert kr(Decimal("17500.00")) == f"17{NBSP}500 kr"
    assert kr(Decimal("17500.50")) == f"17{NBSP}500,50 kr"
    with translation.override("en"):
        assert kr("17500") == "17,500 kr"
        assert kr("17500.5") == "17,500.50 kr"


def test_the_chain_summary_is_in_the_page_language(world: World, login) -> None:
    from audit.tasks import verify_chain

    drive(world, world.submit(), State.APPROVED)
    verify_chain()
    auditor = login(world.auditor)
    page = auditor.get("/revision/kedja/").content.decode()
    assert "OK: kedjan obruten till #" in page and "avstämningen utan avvikelser" in page
    assert "chain intact" not in page and "reconciliation clean" not in page
    now = auditor.post("/revision/kedja/verifiera/", follow=True).content.decode()
    assert "OK: kedjan obruten till #" in now and "chain intact" not in now
    page = english(auditor).get("/revision/kedja/").content.decode()
    assert "OK: chain intact to #" in page and "reconciliation clean" in page


def test_the_chain_summary_counts_checkpoints_in_the_right_number() -> None:
    from audit.verification_words import chain_summary

    def line(n: int) -> str:
        return chain_summary(head_seq=10, checkpoints=n, first_bad=None, problem="", findings=0)

    assert "1 kontrollpunkt verifierad" in line(1) and "2 kontrollpunkter verifierade" in line(2)
    with translation.override("en"):
        assert "1 checkpoint verified" in line(1)
