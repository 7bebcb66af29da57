"""The propose and decide forms offer only the outcomes the case's kind allows: no "Delvis
bifall" (a lower amount than applied for) for a premises rental. One posted anyway, or sent
over the API, is refused by a message naming the outcome by its label, not its code."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import officer_for
from tests.world import drive
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db

REASONS = "Föreningen uppfyller samtliga kriterier enligt stadgarna och årsmötesprotokollet."
REFUSAL = "Utfallet ”Delvis bifall” gäller bara bidrag."


def _offered(page: str) -> list[str]:
    select = re.search(r'<select name="outcome".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([a-z_]+)"', select.group(0))


def test_a_rental_is_offered_approval_or_rejection_only(world, login):
    rental = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    page = login(world.handler).get(f"/arenden/{rental.reference}/atgard/propose/")
    assert _offered(page.content.decode()) == ["approved", "rejected"]
    proposed = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROPOSED)
    page = login(world.decider).get(f"/arenden/{proposed.reference}/atgard/decide/")
    assert _offered(page.content.decode()) == ["approved", "rejected"]


def test_a_grant_is_offered_partial_approval_too(world, login):
    grant = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    page = login(world.handler).get(f"/arenden/{grant.reference}/atgard/propose/")
    assert _offered(page.content.decode()) == ["approved", "partly_approved", "rejected"]


def test_partial_approval_posted_for_a_rental_is_refused_by_its_label(world, login):
    rental = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    response = login(world.handler).post(
        f"/arenden/{rental.reference}/atgard/propose/",
        {"outcome": "partly_approved", "reasons": REASONS},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert REFUSAL in page and "(partly_approved)" not in page


def test_partial_approval_over_the_api_is_refused_by_its_label(world):
    rental = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{rental.pk}/actions/propose/",
        {"outcome": "partly_approved", "reasons": REASONS},
        format="json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"outcome": [REFUSAL]}


def test_a_lower_amount_approved_names_partial_approval_by_its_label(world):
    grant = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{grant.pk}/actions/propose/",
        {"outcome": "approved", "amount": "1.00", "reasons": REASONS},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["amount"] == [
        "Ett lägre belopp än det sökta är utfallet ”Delvis bifall”."
    ]


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def test_after_proposing_the_handler_is_told_what_happens_next(world, login):
    """The handler saw only "Klart: Föreslå beslut." and not that the case had left their hands
    (or, for an adverse proposal, that it is communicated first)."""
    from tests.world import assess_all

    rental = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    assess_all(world, rental)
    client = login(world.handler)
    url = f"/arenden/{rental.reference}/atgard/propose/"
    response = client.post(url, {"outcome": "approved", "reasons": REASONS}, follow=True)
    assert "Nästa steg: en beslutsfattare med delegation för ärendet beslutar." in _messages(
        response
    )
    other = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    assess_all(world, other, fail="NO_VIOLENT_EXTREMISM")
    post = {"outcome": "rejected", "reasons": REASONS, "criteria": ["NO_VIOLENT_EXTREMISM"]}
    response = client.post(f"/arenden/{other.reference}/atgard/propose/", post, follow=True)
    assert any("ska kommuniceras (FL 25 §)" in m for m in _messages(response)), response.content
