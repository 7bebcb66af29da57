"""A change page shows "Spara" only when something on it can be saved (vetting.admin_scope
``anything_to_save``): a case (every field read-only, its actions are the transitions' buttons),
a jäv declaration (withdrawn, never edited), an API token (revoked, never edited) showed them, and
pressing one saved nothing. A view-only page (a published rulebook's too) has none, as before."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from api.tokens import api_token_create
from audit.context import SYSTEM
from tests.world import World, admin_browser, drive, staff_browser
from vetting.models import ConflictOfInterest, Rulebook, State
from vetting.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db
SAVE_BUTTONS = ('name="_save"', 'name="_continue"', 'name="_addanother"')
RULEBOOK_PERMS = (
    "view_rulebook", "change_rulebook", "add_criterion", "change_criterion", "delete_criterion",
)  # fmt: skip


def _page(browser: Client, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _has_save(page: str) -> bool:
    return any(button in page for button in SAVE_BUTTONS)


def test_a_case_page_has_its_actions_and_no_save_button(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    officer = staff_browser(world.handler, "view_application", "change_application")
    page = _page(officer, f"/admin/vetting/application/{app.pk}/change/")
    assert 'name="_fsm_transition_to"' in page
    assert not _has_save(page)


def test_a_jav_declaration_page_has_no_save_button(world: World) -> None:
    conflict = conflict_declare(
        actor=world.admin, user=world.handler, association=world.scouts, reason="Styrelseledamot"
    )
    page = _page(admin_browser(world), f"/admin/vetting/conflictofinterest/{conflict.pk}/change/")
    assert not _has_save(page)
    assert ConflictOfInterest.objects.get().reason == "Styrelseledamot"


def test_an_api_token_page_has_no_save_button(world: World) -> None:
    token, _ = api_token_create(actor=SYSTEM, user=world.handler, name="Min")
    owner = staff_browser(world.handler, "view_apitoken", "change_apitoken")
    assert not _has_save(_page(owner, f"/admin/api/apitoken/{token.pk}/change/"))


def test_a_published_rulebook_and_its_criteria_have_no_inputs_and_no_save_button(
    world: World,
) -> None:
    browser = staff_browser(world.admin, *RULEBOOK_PERMS)
    published = Rulebook.objects.get(published=True)
    page = _page(browser, f"/admin/vetting/rulebook/{published.pk}/change/")
    assert not _has_save(page)
    assert 'name="criteria-0-code"' not in page and 'name="criteria-TOTAL_FORMS"' in page
    draft = Rulebook.objects.create(version=99, title="Utkast", adopted_on=date(2026, 1, 1))
    assert _has_save(_page(browser, f"/admin/vetting/rulebook/{draft.pk}/change/"))


def test_a_view_only_account_page_has_no_save_button_though_its_profile_inline_could_change(
    world: World,
) -> None:
    browser = staff_browser(world.admin, "view_user", "change_profile")
    assert not _has_save(_page(browser, f"/admin/auth/user/{world.handler.pk}/change/"))


def test_a_page_with_inputs_keeps_its_save_buttons(world: World) -> None:
    page = _page(admin_browser(world), f"/admin/vetting/administration/{world.kultur.pk}/change/")
    assert 'name="_save"' in page and 'name="_continue"' in page
