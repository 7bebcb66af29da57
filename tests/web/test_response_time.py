"""The officers' pages: a deadline shorter than the minimum is shown at its field with the
earliest day, nothing saved; with a reason it is accepted and the letter prints why (FL 25 §).
The decide form of an adverse proposal not communicated offers the FL 25 § exception (ADR 0026)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.vetting.test_hearing_exceptions import WHY, _proposed
from tests.vetting.test_response_time import REASON, SENTENCE
from tests.web.test_form_errors import _field_errors, _url
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import State
from vetting.selectors import proposal_version

pytestmark = pytest.mark.django_db


def _days(days: int) -> Any:
    return timezone.localdate() + timedelta(days=days)


def _in(days: int) -> str:
    return _days(days).isoformat()


def test_a_kommunicering_for_tomorrow_is_shown_at_its_field(world: World, login: Any) -> None:
    app = _proposed(world)
    response = login(world.handler).post(_url(app, "communicate"), {"due": _in(1)})
    errors = _field_errors(response, {"due"})
    assert "minst 7 dagar" in errors["due"] and _in(7) in errors["due"]
    app.refresh_from_db()
    assert app.state == State.PROPOSED and not app.communications.exists()


def test_with_a_reason_the_letter_says_why_the_time_is_short(world: World, login: Any) -> None:
    app = _proposed(world)
    client = login(world.handler)
    form = client.get(_url(app, "communicate")).content.decode()
    assert 'name="short_deadline_reason"' in form and "kortare än normalt" in form
    post = {"due": _in(2), "short_deadline_reason": REASON}
    assert client.post(_url(app, "communicate"), post).status_code == 302
    sent = app.communications.get()
    letter = client.get(f"/arenden/{app.reference}/kommunicering/{sent.pk}/").content.decode()
    assert SENTENCE in letter


def test_a_programme_request_for_tomorrow_needs_a_reason(world: World, login: Any) -> None:
    app = drive(world, world.submit("lokaluthyrning"), State.IN_REVIEW)
    client = login(world.handler)
    post = {"reason": "Talarna ska namnges.", "due": _in(1)}
    errors = _field_errors(client.post(_url(app, "start_program_review"), post), {"due"})
    assert "minst 5 dagar" in errors["due"]
    assert not app.program_reviews.exists()
    post["short_deadline_reason"] = REASON
    assert client.post(_url(app, "start_program_review"), post).status_code == 302
    assert app.program_reviews.get().short_deadline_reason == REASON


def test_the_decide_form_offers_the_exception_for_an_adverse_proposal(
    world: World, login: Any
) -> None:
    app = _proposed(world)
    client = login(world.decider)
    form = client.get(_url(app, "decide")).content.decode()
    assert 'name="hearing_exception"' in form and 'name="applicant_heard"' in form
    post = {
        "outcome": "rejected",
        "no_conflict_confirmed": "on",
        "proposal_version": proposal_version(app),
    }
    errors = _field_errors(
        client.post(_url(app, "decide"), post), {"hearing_exception", "applicant_heard"}
    )
    assert "måste kommuniceras före beslut" in errors["hearing_exception"]
    post.update(hearing_exception="urgent", applicant_heard=WHY)
    assert client.post(_url(app, "decide"), post).status_code == 302
    decision = app.decisions.get()
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert "Beslutet har fattats utan att sökanden fått tillfälle att yttra sig" in page
    assert WHY in page


def test_the_decide_form_of_a_communicated_case_has_no_exception(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    form = login(world.decider).get(_url(app, "decide")).content.decode()
    assert 'name="hearing_exception"' not in form


def _deadline(page: str, label: str) -> str:
    """The text next to a deadline on the page (its ``<dd>``, tags stripped)."""
    match = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page, flags=re.S)
    assert match, label
    return re.sub(r"<[^>]+>", "", match.group(1))


SHOWN = f"Skäl till kortare svarstid: {REASON}"


def test_the_case_page_shows_why_each_deadline_is_shorter(world: World, login: Any) -> None:
    """ADR 0026 keeps the reason on the request; the case page showed the deadline without it
    (only the trail's timeline had it), so whoever read the deadline could not see why."""
    app = _proposed(world)
    svc.application_communicate(
        application=app, actor=world.handler, due=_days(2), short_deadline_reason=REASON
    )
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert SHOWN in _deadline(page, "Svar senast")
    hearing = page.split('id="hearing"', 1)[1].split("</section>", 1)[0]
    assert REASON not in hearing  # said once, at the deadline
    decide = login(world.decider).get(_url(app, "decide")).content.decode()
    assert SHOWN in re.sub(r"<[^>]+>", "", decide.split('id="hearing"', 1)[1])

    supplement = drive(world, world.submit(), State.IN_REVIEW)
    svc.application_request_supplement(
        application=supplement, actor=world.handler, what="Årsmötesprotokoll", due=_days(2),
        short_deadline_reason=REASON,
    )  # fmt: skip
    page = client.get(f"/arenden/{supplement.reference}/").content.decode()
    assert SHOWN in _deadline(page, "Begärt")
    rental = drive(world, world.submit("lokaluthyrning"), State.IN_REVIEW)
    svc.application_start_program_review(
        application=rental, actor=world.handler, reason="Talarna ska namnges.", due=_days(1),
        short_deadline_reason=REASON,
    )  # fmt: skip
    page = client.get(f"/arenden/{rental.reference}/").content.decode()
    assert SHOWN in _deadline(page, "Programmet senast")


def test_an_intended_revocation_s_shorter_deadline_shows_why(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    svc.application_communicate_revocation(
        application=app, actor=world.handler, reasons=demo.REVOCATION_REASONS,
        criteria=[demo.REVOCATION_GROUND], due=_days(2), short_deadline_reason=REASON,
        confirm_not_opinion=True,  # RF 2:21: the grounds name a religion
    )  # fmt: skip
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    panel = page.split('id="revocation-hearing"', 1)[1].split("</p>", 1)[0]
    assert SHOWN in re.sub(r"<[^>]+>", "", panel)


def test_a_normal_deadline_gives_no_reason(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert "Skäl till kortare svarstid" not in _deadline(page, "Svar senast")
