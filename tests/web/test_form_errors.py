"""The officers' outcome forms show every field's error at once, each at its field: a bad
amount and thin reasons together (whether the service or the form's own check finds the
amount wrong), the jäv confirmation with them, and a revocation's fields."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting.models import State

pytestmark = pytest.mark.django_db


def _url(app: Any, action: str) -> str:
    return f"/arenden/{app.reference}/atgard/{action}/"


def _rows(html: str) -> dict[str, str]:
    """Each form row's HTML by the name of its field."""
    rows = html.split('<div class="form-row">')[1:]
    return {m.group(1): row for row in rows if (m := re.search(r'name="(\w+)"', row))}


def _field_errors(response: Any, fields: set[str]) -> dict[str, str]:
    """The errors, checked to be exactly ``fields`` and each shown in its own field's row."""
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == fields, form.errors
    rows = _rows(response.content.decode())
    for field in fields:
        for error in form.errors[field]:
            shown = error.replace("'", "&#x27;").replace('"', "&quot;")
            assert shown in rows[field], (field, error)
    return {field: " ".join(form.errors[field]) for field in fields}


def _grant_in_review(world: World) -> Any:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    return app


@pytest.mark.parametrize(
    ("amount", "why"),
    [("5000", "överstiga sökt belopp"), ("-5", "större än eller lika med 0")],
    ids=["above-applied-service", "negative-form"],
)
def test_the_proposal_form_shows_a_bad_amount_and_thin_reasons_at_once(
    world: World, login: Any, amount: str, why: str
) -> None:
    app = _grant_in_review(world)
    post = {"outcome": "partly_approved", "amount": amount, "reasons": "Avslag."}
    response = login(world.handler).post(_url(app, "propose"), post)
    errors = _field_errors(response, {"amount", "reasons"})
    assert why in errors["amount"] and "för korta" in errors["reasons"]
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_the_decide_form_shows_the_jav_confirmation_with_the_outcome_s_fields(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.PROPOSED)
    client = login(world.decider)
    form = client.get(_url(app, "decide")).context["form"]
    post = {
        "outcome": "approved",
        "amount": "3000",  # lower than applied: not an approval in full
        "reasons": "",
        "proposal_version": form.initial["proposal_version"],
    }
    response = client.post(_url(app, "decide"), post)
    _field_errors(response, {"amount", "no_conflict_confirmed"})


def test_the_revoke_form_shows_every_field_s_error_at_once(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    client = login(world.decider)
    post = {"reasons": "Villkor brutna.", "criteria": ["OPEN_MEMBERSHIP"], "reclaim_amount": "-1"}
    response = client.post(_url(app, "revoke"), post)
    # The criterion the case met is named at once too (the form has the case).
    fields = {"reasons", "reclaim_amount", "applicant_heard", "hearing_exception", "criteria"}
    errors = _field_errors(response, fields)
    assert "för korta" in errors["reasons"]
    post = {
        **post,
        "reclaim_amount": "999999",
        "hearing_exception": "urgent",
        "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
    }
    response = client.post(_url(app, "revoke"), post)
    # RF 2:21: no criterion cited that failed, so the revocation rests on every failed one, and
    # the new facts name a religion.
    fields = {"reasons", "reclaim_amount", "criteria", "no_conflict_confirmed"}
    _field_errors(response, fields | {"confirm_not_opinion"})
    app.refresh_from_db()
    assert app.state == State.PAID


def test_a_correction_form_with_a_bad_amount_still_asks_for_reasons(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    client = login(world.decider_small)
    post = {"outcome": "approved", "amount": "abc", "reasons": "", "no_conflict_confirmed": "on"}
    errors = _field_errors(client.post(_url(app, "correct"), post), {"amount", "reasons"})
    assert "En ändring måste motiveras" in errors["reasons"]


def test_a_supplement_request_names_a_missing_text_and_a_past_day_together(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    response = client.post(_url(app, "request_supplement"), {"what": "", "due": "2020-01-01"})
    errors = _field_errors(response, {"what", "due"})
    assert "Datumet ska vara efter dagens datum." in errors["due"]
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_the_service_names_both_fields_of_a_supplement_request(world: World) -> None:
    from datetime import date

    from vetting import services as svc
    from vetting.errors import InvalidInput

    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        svc.application_request_supplement(
            application=app, actor=world.handler, what=" ", due=date(2020, 1, 1)
        )
    assert set(info.value.errors) == {"what", "due"}


def test_a_missing_field_of_a_revocation_comes_with_the_case_s_problems(
    world: World, login: Any
) -> None:
    """A tester's revocation: no word on the hearing, a criterion the case met and more
    reclaimed than was paid. Only "Det här fältet är obligatoriskt" showed; the criterion and
    the återkrav came on the next submit."""
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    post = {
        "reasons": demo.NEW_FACT,
        "criteria": ["OPEN_MEMBERSHIP"],
        "reclaim_amount": "999999",
        "repayment_due": str(timezone.localdate() + timedelta(days=30)),
        "applicant_heard": "",
        "no_conflict_confirmed": "on",
        "confirm_not_opinion": "on",  # the grounds name a religion (RF 2:21)
    }
    response = login(world.decider).post(_url(app, "revoke"), post)
    fields = {"applicant_heard", "hearing_exception", "criteria", "reclaim_amount"}
    errors = _field_errors(response, fields)
    assert "Återkrav ska vara mellan 0 och" in errors["reclaim_amount"]
    app.refresh_from_db()
    assert app.state == State.PAID
