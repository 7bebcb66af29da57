"""The admin shows a staff user what the case pages show them (vetting.admin_scope): an officer
of one administration sees its rows and not another's, on the lists, the change pages (404) and
the autocomplete; buttons only to those who may press them, and a POST by others is a 403."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken
from api.tokens import api_token_create
from audit.context import SYSTEM
from bookings.models import Premises
from tests.factories import PremisesFactory, UserFactory
from tests.world import World, admin_browser, drive, social_case, staff_browser
from vetting.admin_scope import ScopedAdminMixin
from vetting.models import Application, Delegation, Kind, State
from vetting.services.reference import delegation_create

pytestmark = pytest.mark.django_db
CASES = "/admin/vetting/application/"
VIEW_ALL = (
    "view_application", "view_delegation", "view_administration", "view_auditevent",
    "view_premises", "view_user", "view_apitoken",
)  # fmt: skip


def test_every_admin_and_inline_says_whose_rows_it_shows() -> None:
    """One rule for all (the mixin): a new admin without it would show every administration."""
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, ScopedAdminMixin), model
        assert hasattr(model_admin, "visibility"), model
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedAdminMixin), inline
            assert hasattr(inline, "visibility"), inline


def _rows(world: World) -> dict[str, Any]:
    """A case, a delegation, premises of each administration."""
    social = social_case(world)
    return {
        "mine": world.submit(),
        "theirs": social,
        "their_delegation": delegation_create(
            actor=SYSTEM,
            administration=world.social,
            kinds=list(Kind.values),
            valid_from=date(2026, 1, 1),
            user=world.other_handler,
            note="Socialnämnden",
        ),
        "their_premises": PremisesFactory(code="socialens-sal", administration=world.social),
    }


def test_an_officer_sees_the_cases_of_their_administration_and_not_anothers(world: World) -> None:
    rows = _rows(world)
    browser = staff_browser(world.handler, *VIEW_ALL)
    page = browser.get(CASES).content.decode()
    assert rows["mine"].reference in page
    assert rows["theirs"].reference not in page
    assert browser.get(f"{CASES}{rows['mine'].pk}/change/").status_code == 200
    for suffix in ("change/", "history/"):
        assert browser.get(f"{CASES}{rows['theirs'].pk}/{suffix}").status_code == 404
    events = browser.get("/admin/audit/auditevent/").content.decode()
    assert rows["mine"].reference in events and rows["theirs"].reference not in events


@pytest.mark.parametrize(
    ("url", "mine", "theirs"),
    [
        ("/admin/vetting/delegation/{}/change/", "kultur_delegation", "their_delegation"),
        ("/admin/vetting/administration/{}/change/", "kultur", "social"),
        ("/admin/bookings/premises/{}/change/", "hall", "their_premises"),
        ("/admin/auth/user/{}/change/", "handler2", "other_handler"),
    ],
)
def test_reference_rows_of_another_administration_are_not_found(
    world: World, url: str, mine: str, theirs: str
) -> None:
    rows = _rows(world)
    rows["kultur_delegation"] = Delegation.objects.filter(administration=world.kultur).first()
    objects = {**vars(world), **rows}
    browser = staff_browser(world.handler, *VIEW_ALL)
    assert browser.get(url.format(objects[mine].pk)).status_code == 200
    assert browser.get(url.format(objects[theirs].pk)).status_code == 404


def test_the_autocomplete_offers_only_the_premises_the_user_may_see(world: World) -> None:
    rows = _rows(world)
    browser = staff_browser(world.handler, *VIEW_ALL)
    response = browser.get(
        "/admin/autocomplete/",
        {"app_label": "vetting", "model_name": "application", "field_name": "premises"},
    )
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert world.hall.pk in ids and rows["their_premises"].pk not in ids
    superuser = admin_browser(world).get(
        "/admin/autocomplete/",
        {"app_label": "vetting", "model_name": "application", "field_name": "premises"},
    )
    assert {int(r["id"]) for r in superuser.json()["results"]} == set(
        Premises.objects.values_list("pk", flat=True)
    )


def test_a_staff_user_without_an_officer_role_sees_no_case(world: World) -> None:
    app = world.submit()
    nobody = UserFactory(username="utan_roll", roles=[], administrations=[world.kultur])
    page = staff_browser(nobody, *VIEW_ALL).get(CASES).content.decode()
    assert app.reference not in page


def test_a_superuser_sees_every_administrations_cases(world: World) -> None:
    rows = _rows(world)
    page = admin_browser(world).get(CASES).content.decode()
    assert rows["mine"].reference in page and rows["theirs"].reference in page


def test_the_case_list_costs_the_same_queries_for_one_case_as_for_five(world: World) -> None:
    """The filter is a condition in the list's query, not a query per row."""
    world.submit()
    browser = staff_browser(world.handler, "view_application")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(CASES).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(4):
        world.submit()
    assert Application.objects.count() == 5
    assert queries() == one


def _offered(page: Any) -> set[str]:
    return set(re.findall(r'name="_fsm_transition_to"\s+value="(\w+)"', page.content.decode()))


def test_view_only_staff_see_no_transition_buttons_and_their_post_is_refused(
    world: World,
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    url = f"{CASES}{app.pk}/change/"
    viewer = staff_browser(world.handler, "view_application")
    assert _offered(viewer.get(url)) == set()
    assert viewer.post(url, {"_fsm_transition_to": "withdraw"}).status_code == 403
    transition = f"{CASES}{app.pk}/transition/withdraw/"
    assert viewer.get(transition).status_code == 403
    assert viewer.post(transition, {"reason": "Sökanden återkallar"}).status_code == 403
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    changer = staff_browser(world.handler, "view_application", "change_application")
    assert "withdraw" in _offered(changer.get(url))


def test_view_only_staff_are_offered_no_list_action_and_a_posted_one_is_refused(
    world: World,
) -> None:
    token, _raw = api_token_create(actor=SYSTEM, user=world.handler)
    tokens = "/admin/api/apitoken/"
    viewer = staff_browser(world.handler, "view_apitoken")
    assert 'value="revoke"' not in viewer.get(tokens).content.decode()
    refused = viewer.post(tokens, {"action": "revoke", "_selected_action": [token.pk]})
    assert refused.status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    changer = staff_browser(world.handler, "view_apitoken", "change_apitoken")
    assert 'value="revoke"' in changer.get(tokens).content.decode()


def test_an_officer_sees_only_their_own_api_tokens(world: World) -> None:
    own, _ = api_token_create(actor=SYSTEM, user=world.handler)
    other, _ = api_token_create(actor=SYSTEM, user=world.handler2)
    browser: Client = staff_browser(world.handler, "view_apitoken")
    assert browser.get(f"/admin/api/apitoken/{own.pk}/change/").status_code == 200
    assert browser.get(f"/admin/api/apitoken/{other.pk}/change/").status_code == 404


def test_an_officer_editing_a_colleague_keeps_the_administrations_they_cannot_see(
    world: World,
) -> None:
    """The picker offers an officer only their own administrations; saving must not drop the
    colleague's others (they were not offered, so not chosen away)."""
    from audit.models import AuditEvent
    from tests.factories import UserFactory
    from vetting import roles

    colleague = UserFactory(username="kollega", roles=[roles.HANDLER])
    colleague.profile.administrations.set([world.kultur, world.social])
    browser = staff_browser(world.handler, "view_user", "change_user", "change_profile")
    response = browser.post(
        f"/admin/auth/user/{colleague.pk}/change/",
        {
            "username": "kollega", "is_active": "on",
            "groups": [g.pk for g in colleague.groups.all()],
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00",
            "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0", "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": colleague.profile.pk, "profile-0-user": colleague.pk,
            "profile-0-administrations": [world.kultur.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content[:3000]
    codes = set(colleague.profile.administrations.values_list("code", flat=True))
    assert codes == {world.kultur.code, world.social.code}
    assert not AuditEvent.objects.filter(action="refdata.user.administrations_changed").exists()


def _account_form(user: Any, **extra: Any) -> dict[str, Any]:
    return {
        "username": user.username, "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00",
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0", "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": user.profile.pk, "profile-0-user": user.pk,
        "profile-0-administrations": [a.pk for a in user.profile.administrations.all()],
        **extra,
    }  # fmt: skip


def test_a_staff_officer_cannot_give_themselves_rights(world: World) -> None:
    """A staff officer with "change user" made themselves superuser and administratör."""
    from django.contrib.auth.models import Group

    from vetting import roles

    admin_group = Group.objects.get(name=roles.ADMINISTRATOR)
    browser = staff_browser(world.handler, "view_user", "change_user", "change_profile")
    escalate = {"is_superuser": "on", "is_staff": "on", "groups": [admin_group.pk]}
    response = browser.post(
        f"/admin/auth/user/{world.handler.pk}/change/", _account_form(world.handler, **escalate)
    )
    assert response.status_code == 302, response.content[:2000]
    world.handler.refresh_from_db()
    assert not world.handler.is_superuser
    assert list(world.handler.groups.values_list("name", flat=True)) == [roles.HANDLER]
    page = browser.get(f"/admin/auth/user/{world.handler.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page


def test_nobody_but_a_superuser_changes_a_superusers_account(world: World) -> None:
    from tests.factories import UserFactory

    root = UserFactory(username="root", administrations=[world.kultur])
    root.is_superuser = True
    root.save()
    browser = staff_browser(world.handler, "view_user", "change_user", "change_profile")
    form = {**_account_form(root), "username": "taken-over"}
    assert browser.post(f"/admin/auth/user/{root.pk}/change/", form).status_code == 403
    assert browser.get(f"/admin/auth/user/{root.pk}/password/").status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_an_administrator_sets_a_colleagues_roles_but_not_their_own_or_superuser(
    world: World,
) -> None:
    from django.contrib.auth.models import Group

    from vetting import roles

    decider = Group.objects.get(name=roles.DECISION_MAKER)
    browser = staff_browser(world.admin, "view_user", "change_user", "change_profile")
    world.admin.refresh_from_db()
    response = browser.post(
        f"/admin/auth/user/{world.handler2.pk}/change/",
        _account_form(world.handler2, groups=[decider.pk], is_superuser="on"),
    )
    assert response.status_code == 302, response.content[:2000]
    world.handler2.refresh_from_db()
    assert list(world.handler2.groups.values_list("name", flat=True)) == [roles.DECISION_MAKER]
    assert not world.handler2.is_superuser
    own = browser.get(f"/admin/auth/user/{world.admin.pk}/change/").content.decode()
    assert 'name="groups"' not in own
