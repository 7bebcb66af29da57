"""The officers' pages of the revocation hearing (ADR 0015): the handler sends the intended
revocation from a form, the case page shows the pending hearing and its deadline, the letter
says what would be revoked and reclaimed and by when to answer, the revoke form says what is
missing, and the revocation's decision says which hearing it followed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.web.test_documents import _article, pdf_text
from tests.web.test_form_errors import _field_errors, _url
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Application, State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db


def _paid(world: World) -> Application:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    return app


def _sent(world: World, login: Any) -> tuple[Application, Any]:
    app = _paid(world)
    post = {
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "confirm_not_opinion": "on",  # the grounds name a religion (RF 2:21)
    }
    response = login(world.handler).post(_url(app, "communicate_revocation"), post)
    assert response.status_code == 302
    app.refresh_from_db()
    return app, app.communications.get(purpose="revocation")


def _revoke_post(**fields: Any) -> dict[str, Any]:
    return {
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "repayment_due": default_repayment_due().isoformat(),
        "no_conflict_confirmed": "on",
        "confirm_not_opinion": "on",  # the grounds name a religion (RF 2:21)
        **fields,
    }


def test_the_handler_sends_the_intended_revocation_and_the_case_page_shows_it(
    world: World, login: Any
) -> None:
    app, sent = _sent(world, login)
    assert app.state == State.PAID and sent.proposed_amount == 4000
    page = login(world.decider).get(f"/arenden/{app.reference}/").content.decode()
    assert "Kommunicering av avsett återkallande (25 § förvaltningslagen)" in page
    assert f"svar senast {sent.due.isoformat()}" in page
    assert "Fristen för yttrande är öppen" in page
    assert f"/arenden/{app.reference}/kommunicering/{sent.pk}/" in page
    assert 'data-action="revoke"' not in page  # not while the applicant may answer


def test_the_communicate_form_names_every_missing_field(world: World, login: Any) -> None:
    app = _paid(world)
    post = {"reasons": "Villkor brutna.", "criteria": ["OPEN_MEMBERSHIP"], "reclaim_amount": "-1"}
    response = login(world.handler).post(_url(app, "communicate_revocation"), post)
    errors = _field_errors(response, {"reasons", "criteria", "reclaim_amount"})
    assert "för korta" in errors["reasons"]
    app.refresh_from_db()
    assert app.revocation_response_due is None


def test_the_letter_gives_the_grounds_the_reclaim_and_the_day_to_answer(
    world: World, login: Any
) -> None:
    app, sent = _sent(world, login)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/kommunicering/{sent.pk}/"
    article = _article(client.get(url).content.decode())
    assert "Kommunicering av avsett återkallande av bidrag" in client.get(url).content.decode()
    assert "Kommunen avser att återkalla det bidrag som beviljats er" in article
    assert demo.REVOCATION_REASONS in article
    assert "Ingen diskriminering" in article and demo.NEW_FACT in article
    assert demo.REVOCATION_GROUND not in article  # by its title (klarspråk)
    assert "avser kommunen att kräva tillbaka 4\xa0000 kr" in article
    assert f"senast {sent.due.isoformat()}" in article
    assert "Förslaget är till nackdel" not in article  # not the proposal's letter
    text = " ".join(pdf_text(client.get(f"{url}pdf/").content).split())
    assert "Skälen för återkallandet" in text


def test_the_response_is_registered_from_the_same_form_as_a_proposal_s(
    world: World, login: Any
) -> None:
    app, _sent_letter = _sent(world, login)
    client = login(world.handler)
    form = client.get(_url(app, "record_response")).content.decode()
    assert "Kommunicering av avsett återkallande" in form  # what is answered, shown
    post = {"response": demo.REVOCATION_RESPONSE, "received_on": timezone.localdate()}
    assert client.post(_url(app, "record_response"), post).status_code == 302
    page = login(world.decider).get(f"/arenden/{app.reference}/").content.decode()
    assert demo.REVOCATION_RESPONSE in page and 'data-action="revoke"' in page


def test_the_revoke_form_without_a_hearing_asks_for_the_exception(world: World, login: Any) -> None:
    app = _paid(world)
    client = login(world.decider)
    form = client.get(_url(app, "revoke")).content.decode()
    assert 'name="hearing_exception"' in form and "25 § andra stycket" in form
    response = client.post(_url(app, "revoke"), _revoke_post())
    errors = _field_errors(response, {"hearing_exception", "applicant_heard"})
    assert "Kommunicera först det avsedda återkallandet" in errors["hearing_exception"]


def test_after_the_hearing_the_revoke_form_asks_for_no_exception_and_the_decision_says_so(
    world: World, login: Any
) -> None:
    app, sent = _sent(world, login)
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    client = login(world.decider)
    form = client.get(_url(app, "revoke")).content.decode()
    assert 'name="hearing_exception"' not in form
    assert demo.REVOCATION_RESPONSE in form  # the answer, before revoking
    post = _revoke_post(response_considered=demo.REVOCATION_RESPONSE_CONSIDERED)
    assert client.post(_url(app, "revoke"), post).status_code == 302
    revocation = app.decisions.get(kind="revocation")
    page = client.get(f"/arenden/{app.reference}/beslut/{revocation.pk}/").content.decode()
    article = _article(page)
    today = timezone.localdate().isoformat()
    assert (
        "Föreningen har fått tillfälle att yttra sig över det avsedda återkallandet den "
        f"{today} (svar senast {sent.due.isoformat()}; jfr 25 § förvaltningslagen)." in article
    )
    assert f"Yttrande inkom {today}." in article and demo.REVOCATION_RESPONSE in article


def test_a_revocation_after_no_answer_says_none_came(world: World, login: Any) -> None:
    app, sent = _sent(world, login)
    passed = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(revocation_response_due=passed)
    client = login(world.decider)
    assert client.post(_url(app, "revoke"), _revoke_post()).status_code == 302
    revocation = app.decisions.get(kind="revocation")
    article = _article(
        client.get(f"/arenden/{app.reference}/beslut/{revocation.pk}/").content.decode()
    )
    assert f"Inget yttrande inkom senast {sent.due.isoformat()}." in article


def test_a_revocation_under_an_exception_names_it_in_the_decision(world: World, login: Any) -> None:
    app = _paid(world)
    why = "Arrangemanget är i morgon; avgörandet kan inte skjutas upp."
    client = login(world.decider)
    post = _revoke_post(hearing_exception="urgent", applicant_heard=why)
    assert client.post(_url(app, "revoke"), post).status_code == 302
    revocation = app.decisions.get(kind="revocation")
    article = _article(
        client.get(f"/arenden/{app.reference}/beslut/{revocation.pk}/").content.decode()
    )
    assert "Det avsedda återkallandet har inte kommunicerats med sökanden före beslutet" in article
    assert "Avgörandet kan inte skjutas upp (25 § andra stycket 3 FL)" in article
    assert why in article


def test_a_revocation_answers_the_applicant_s_objection_like_a_decision(
    world: World, login: Any
) -> None:
    """FL 32 §: the applicant objected to the intended revocation, and the revoke form had no
    field to answer it while *Besluta* requires one. Now it asks, refuses without (at the
    field, nothing revoked), and the revocation's decision prints the answer."""
    app, _sent_letter = _sent(world, login)
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE, contests=True
    )
    client = login(world.decider)
    form = client.get(_url(app, "revoke")).content.decode()
    assert 'name="response_considered"' in form
    errors = _field_errors(
        client.post(_url(app, "revoke"), _revoke_post()), {"response_considered"}
    )
    assert "Sökanden har invänt mot det avsedda återkallandet" in errors["response_considered"]
    app.refresh_from_db()
    assert app.state == State.PAID
    post = _revoke_post(response_considered=demo.REVOCATION_RESPONSE_CONSIDERED)
    assert client.post(_url(app, "revoke"), post).status_code == 302
    revocation = app.decisions.get(kind="revocation")
    assert revocation.response_considered == demo.REVOCATION_RESPONSE_CONSIDERED
    page = client.get(f"/arenden/{app.reference}/beslut/{revocation.pk}/").content.decode()
    article = _article(page)
    assert "Sökandens synpunkter och nämndens bedömning" in article
    assert demo.REVOCATION_RESPONSE_CONSIDERED in article


def test_a_response_without_objection_needs_no_answer_and_none_without_a_response(
    world: World, login: Any
) -> None:
    app, _sent_letter = _sent(world, login)
    client = login(world.decider)
    form = client.get(_url(app, "revoke")).content.decode()
    assert 'name="response_considered"' not in form  # nothing answered yet
    svc.application_record_response(
        application=app, actor=world.handler, response="Vi har inget att invända.", contests=False
    )
    form = client.get(_url(app, "revoke")).content.decode()
    assert 'name="response_considered"' in form and "utan att invända" in form
    assert client.post(_url(app, "revoke"), _revoke_post()).status_code == 302
