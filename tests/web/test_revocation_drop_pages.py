"""The officers' pages of dropping an intended revocation (ADR 0015): the decision maker finds
the action on the case page while the hearing is under way, the form shows the hearing and
asks why, the case page then links the letter telling the applicant the matter is closed
without action; and the payment form says why it waits while a revocation is prepared."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.test_documents import _article, pdf_text
from tests.web.test_form_errors import _field_errors, _url
from tests.world import World, assess, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Application, Communication, Delegation, State

pytestmark = pytest.mark.django_db

REASONS = (
    "Föreningens yttrande visar att personen fick medlemskap; villkoret om "
    "icke-diskriminering är uppfyllt."
)


def _hearing(world: World, state: str = State.PAID) -> Application:
    app = drive(world, world.submit(), state)
    demo.communicate_revocation(cast(world), app)
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    app.refresh_from_db()
    return app


def test_the_decision_maker_drops_the_revocation_from_the_case_page(
    world: World, login: Any
) -> None:
    app = _hearing(world)
    client = login(world.decider)
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert 'data-action="drop_revocation"' in page and 'data-action="revoke"' in page
    assert "återkalla bidraget eller avsluta utan återkallelse" in page  # the hearing panel
    handler_page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert 'data-action="drop_revocation"' not in handler_page
    form = client.get(_url(app, "drop_revocation")).content.decode()
    assert "Kommunicering av avsett återkallande (25 § förvaltningslagen)" in form
    assert demo.REVOCATION_RESPONSE in form  # the answer, before deciding not to revoke
    refused = client.post(
        _url(app, "drop_revocation"), {"reasons": "Inte nu.", "no_conflict_confirmed": "on"}
    )
    assert "för korta" in _field_errors(refused, {"reasons"})["reasons"]
    done = client.post(
        _url(app, "drop_revocation"), {"reasons": REASONS, "no_conflict_confirmed": "on"}
    )
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.state == State.PAID and app.revocation_response_due is None
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "Avslutad utan återkallelse" in page
    assert 'data-action="drop_revocation"' not in page
    assert "Fristen för yttrande" not in page  # the hearing panel is gone


def test_the_letter_says_the_matter_is_closed_without_action(world: World, login: Any) -> None:
    app = _hearing(world)
    letter = svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    client = login(world.handler)
    url = f"/arenden/{app.reference}/kommunicering/{letter.pk}/avslutad/"
    assert url in client.get(f"/arenden/{app.reference}/").content.decode()
    article = _article(client.get(url).content.decode())
    assert "Besked: bidraget återkallas inte" in article
    assert "Ärendet om återkallelse avslutas utan åtgärd" in article
    assert "inget krävs tillbaka" in article and REASONS in article
    pdf = client.get(f"{url}pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert "bidraget återkallas inte" in " ".join(pdf_text(pdf.content).split())


def test_no_closing_letter_for_a_hearing_not_dropped(world: World, login: Any) -> None:
    app = _hearing(world)
    letter = app.communications.get(purpose="revocation")
    url = f"/arenden/{app.reference}/kommunicering/{letter.pk}/avslutad/"
    assert login(world.handler).get(url).status_code == 404


def test_the_payment_form_says_why_it_waits(world: World, login: Any) -> None:
    app = _hearing(world, State.APPROVED)
    response = login(world.handler).post(_url(app, "pay"), {"reference": "V-1"})
    assert response.status_code == 422
    errors = response.context["form"].non_field_errors()
    assert any("återkallelse av bidraget förbereds" in e for e in errors)
    assert "återkallelse av bidraget förbereds" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.APPROVED


def _dropped(world: World) -> Application:
    app = _hearing(world)
    svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    app.refresh_from_db()
    return app


def test_after_the_drop_the_case_page_asks_to_assess_the_failed_criterion_again(
    world: World, login: Any
) -> None:
    """The revocation rested on the assessment that the criterion is not met; dropping it
    leaves that assessment standing. The handler is shown the criterion and a link to assess
    it again; once reassessed, the notice is gone."""
    app = _hearing(world)
    code = demo.REVOCATION_GROUND
    client = login(world.handler)

    def case_page() -> str:
        return str(client.get(f"/arenden/{app.reference}/").content.decode())

    assert 'id="reassess-after-drop"' not in case_page()  # the hearing under way
    svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    page = case_page()
    assert 'id="reassess-after-drop"' in page
    assert "fortfarande ”Inte uppfyllt”" in page
    link = f"/arenden/{app.reference}/atgard/assess/?criterion={code}"
    assert f'href="{link}" data-reassess="{code}"' in page
    decider_page = login(world.decider).get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="reassess-after-drop"' in decider_page and "data-reassess" not in decider_page
    assess(world, app, code, "pass", fact=REASONS)
    assert 'id="reassess-after-drop"' not in case_page()


def test_after_the_drop_the_revoke_form_says_a_new_letter_is_needed(
    world: World, login: Any
) -> None:
    """Not "has not been communicated": it was, and was dropped; a new intended revocation is
    communicated first (FL 25 §), or an exception named."""
    app = _dropped(world)
    page = login(world.decider).get(_url(app, "revoke")).content.decode()
    assert "har inte kommunicerats med sökanden" not in page
    assert "avslutades utan återkallelse" in page
    assert "Kommunicera ett nytt avsett återkallande med sökanden först (FL 25 §)" in page
    never = drive(world, world.submit(), State.PAID)
    page = login(world.decider).get(_url(never, "revoke")).content.decode()
    assert "Det avsedda återkallandet har inte kommunicerats med sökanden." in page


def test_the_drop_form_is_shown_only_to_whoever_may_drop(world: World, login: Any) -> None:
    """The handler may not drop (the transition's permission, which the service checks): the
    form page says why and offers no form; the decision maker gets the form."""
    app = _hearing(world)
    refused = login(world.handler).get(_url(app, "drop_revocation")).content.decode()
    assert 'id="refusal"' in refused and "Din roll får inte" in refused
    assert 'name="reasons"' not in refused and '<form method="post"' not in refused
    offered = login(world.decider).get(_url(app, "drop_revocation")).content.decode()
    assert 'name="reasons"' in offered and 'id="refusal"' not in offered


def test_the_letter_names_the_decision_maker_and_the_delegation(world: World, login: Any) -> None:
    """Not revoking is a decision (ADR 0022, session 12): the letter named only the person, not
    on whose delegation. It now prints both as a decision does, as they were at the drop."""
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning punkt 4.1")
    app = _hearing(world)
    letter = svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    assert letter.drop_delegation is not None and letter.drop_delegation.user == world.decider
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning punkt 9.9")
    url = f"/arenden/{app.reference}/kommunicering/{letter.pk}/avslutad/"
    article = _article(login(world.handler).get(url).content.decode())
    name = world.decider.get_full_name() or world.decider.get_username()
    assert f"<dt>Beslutsfattare</dt><dd>{name}</dd>" in article
    assert (
        "<dt>Delegation</dt><dd>Beslut på delegation från Kultur- och fritidsnämnden "
        "(delegationsordning punkt 4.1)</dd>" in article
    )
    Communication.objects.filter(pk=letter.pk).update(drop_facts={})  # dropped before it was kept
    older = _article(login(world.handler).get(url).content.decode())
    assert f"<dt>Beslutsfattare</dt><dd>{name}</dd>" in older and "<dt>Delegation</dt>" not in older
