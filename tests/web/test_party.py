"""The case page shows the name the application gave next to the registered one, warns when
they differ in substance, marks the criteria whose earlier passes wait, and the handler
confirms the party from the page (ADR 0020)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.world import World, assess_all, drive
from vetting.models import Application, State

pytestmark = pytest.mark.django_db


def second_case(world: World, name: str) -> Application:
    assess_all(world, drive(world, world.submit(), State.IN_REVIEW))
    return drive(world, world.submit(applicant_name=name), State.IN_REVIEW)


def test_the_page_warns_and_the_handler_confirms_the_party(world: World, login: Any) -> None:
    app = second_case(world, "Helt Annat Namn")
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="party-warning"' in page and 'role="alert" id="party-warning"' in page
    assert 'id="applicant-name">Helt Annat Namn' in page
    assert page.count('class="muted held"') == 4
    assert 'data-action="confirm_party"' in page
    form = client.get(f"/arenden/{app.reference}/atgard/confirm_party/").content.decode()
    assert "Scoutkåren Exempel (org.nr 802000-0017)" in form and "”Helt Annat Namn”" in form
    refused = client.post(f"/arenden/{app.reference}/atgard/confirm_party/", {})
    assert refused.status_code == 422 and "party_checked" in refused.context["form"].errors
    done = client.post(
        f"/arenden/{app.reference}/atgard/confirm_party/", {"party_checked": "on", "note": "Ok"}
    )
    assert done.status_code == 302
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="party-warning"' in page and 'role="alert" id="party-warning"' not in page
    assert "bekräftat att ärendet gäller föreningen" in page
    assert 'class="muted held"' not in page and "Återanvänd från" in page
    assert 'data-action="confirm_party"' not in page
    assert "Parten bekräftad (namnet i ansökan skiljer sig)" in page  # the timeline


def test_the_same_name_in_another_form_is_shown_without_a_warning(world: World, login: Any) -> None:
    app = second_case(world, "SCOUTKÅREN EXEMPEL")
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="applicant-name">SCOUTKÅREN EXEMPEL<' in page
    assert 'id="party-warning"' not in page and 'data-action="confirm_party"' not in page


def test_the_page_in_english(world: World, login: Any) -> None:
    app = second_case(world, "Helt Annat Namn")
    client = login(world.handler)
    client.cookies["django_language"] = "en"
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "is not the association&#x27;s registered name" in page
    assert "Name in the application" in page and "Confirm the party" in page
