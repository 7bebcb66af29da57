"""The administration's nämnd (``board_name``) is set in the admin, as docs/operations.md §3
says: decisions read it ("Beslut på delegation från …"), and a fresh installation has no other
way to fill it in than SQL."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from tests.world import World, admin_browser
from vetting.models import Administration

pytestmark = pytest.mark.django_db
ADMINISTRATIONS = "/admin/vetting/administration/"


def test_the_add_page_offers_the_board_and_saves_it(world: World) -> None:
    browser = admin_browser(world)
    page = browser.get(f"{ADMINISTRATIONS}add/")
    assert "board_name" in page.context["adminform"].form.fields
    response = browser.post(
        f"{ADMINISTRATIONS}add/",
        {"code": "bildning", "name": "Bildningsförvaltningen", "board_name": "Bildningsnämnden"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Administration.objects.get(code="bildning").board_name == "Bildningsnämnden"


def test_the_change_page_sets_the_board_and_records_it(world: World) -> None:
    administration = world.social
    data = {
        "code": administration.code,
        "name": administration.name,
        "board_name": "Socialnämnden",
        "reference_prefix": administration.reference_prefix,
    }
    response = admin_browser(world).post(f"{ADMINISTRATIONS}{administration.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    administration.refresh_from_db()
    assert administration.board_name == "Socialnämnden"
    event = AuditEvent.objects.filter(action="refdata.administration.changed").latest("seq")
    assert event.changes == {"board_name": "Socialnämnden"}
