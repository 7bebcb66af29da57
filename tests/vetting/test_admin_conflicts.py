"""A jäv declared or withdrawn in the admin goes through the services (vetting.services.
conflicts), with its event, as an association changed there does (associations.services)."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from audit.services import person_pseudonym
from tests.chain import committed_text
from tests.world import World, admin_browser, staff_browser
from vetting.models import ConflictOfInterest
from vetting.selectors import has_conflict

pytestmark = pytest.mark.django_db
CONFLICTS = "/admin/vetting/conflictofinterest/"


def _declare(world: World) -> ConflictOfInterest:
    response = admin_browser(world).post(
        f"{CONFLICTS}add/",
        {"user": world.handler.pk, "association": world.scouts.pk, "reason": "Styrelseledamot"},
    )
    assert response.status_code == 302, response.content[:2000]
    return ConflictOfInterest.objects.get()


def test_a_jav_declared_in_the_admin_is_recorded_by_the_service(world: World) -> None:
    conflict = _declare(world)
    event = AuditEvent.objects.get(action="conflict.declared")
    assert event.object_id == str(conflict.pk)
    assert event.association_id == world.scouts.pk
    assert set(event.changes) == {"user", "reason"}
    assert event.changes["user"] == person_pseudonym(world.handler)
    assert committed_text(event, "reason") == "Styrelseledamot"
    assert not AuditEvent.objects.filter(action__startswith="refdata.conflictofinterest").exists()
    assert has_conflict(world.handler, world.scouts.pk)


def test_a_declaration_is_not_edited_or_deleted_but_withdrawn_with_its_event(
    world: World,
) -> None:
    conflict = _declare(world)
    browser = admin_browser(world)
    browser.post(f"{CONFLICTS}{conflict.pk}/change/", {"reason": "Ändrad", "user": world.admin.pk})
    conflict.refresh_from_db()
    assert (conflict.reason, conflict.user_id) == ("Styrelseledamot", world.handler.pk)
    assert browser.get(f"{CONFLICTS}{conflict.pk}/delete/").status_code == 403
    response = browser.post(
        CONFLICTS,
        {"action": "withdraw", "_selected_action": [conflict.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is not None
    assert AuditEvent.objects.get(action="conflict.withdrawn").object_id == str(conflict.pk)
    assert not has_conflict(world.handler, world.scouts.pk)


def test_withdrawing_asks_first_on_a_page_naming_the_declaration(world: World) -> None:
    conflict = _declare(world)
    browser = admin_browser(world)
    page = browser.post(CONFLICTS, {"action": "withdraw", "_selected_action": [conflict.pk]})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vill du återta dessa jävsanmälningar?" in text
    assert str(world.handler) in text and world.scouts.name in text and "Styrelseledamot" in text
    assert 'name="post" value="yes"' in text and f'value="{conflict.pk}"' in text
    assert f'href="{CONFLICTS}" class="button cancel-link"' in text  # back: nothing is posted
    assert ConflictOfInterest.objects.get().withdrawn_at is None
    assert not AuditEvent.objects.filter(action="conflict.withdrawn").exists()
    assert has_conflict(world.handler, world.scouts.pk)


def test_a_declaration_already_withdrawn_is_not_asked_about_again(world: World) -> None:
    conflict = _declare(world)
    browser = admin_browser(world)
    chosen = {"action": "withdraw", "_selected_action": [conflict.pk]}
    browser.post(CONFLICTS, {**chosen, "post": "yes"})
    response = browser.post(CONFLICTS, chosen, follow=True)
    assert "Ingen av de valda jävsanmälningarna gäller." in response.content.decode()
    assert AuditEvent.objects.filter(action="conflict.withdrawn").count() == 1


def test_view_only_staff_cannot_withdraw_a_jav(world: World) -> None:
    conflict = _declare(world)
    viewer = staff_browser(world.handler2, "view_conflictofinterest")
    assert 'value="withdraw"' not in viewer.get(CONFLICTS).content.decode()
    for confirmed in ({}, {"post": "yes"}):
        refused = viewer.post(
            CONFLICTS, {"action": "withdraw", "_selected_action": [conflict.pk], **confirmed}
        )
        assert refused.status_code == 403
    assert ConflictOfInterest.objects.get().withdrawn_at is None


def test_an_officer_sees_the_declarations_of_their_administration_only(world: World) -> None:
    conflict = _declare(world)
    page = f"{CONFLICTS}{conflict.pk}/change/"
    colleague = staff_browser(world.handler2, "view_conflictofinterest")
    assert colleague.get(page).status_code == 200
    other = staff_browser(world.other_handler, "view_conflictofinterest")
    assert other.get(page).status_code == 404


ASSOCIATIONS = "/admin/associations/association/"
INLINE = {"statutes_versions-TOTAL_FORMS": "0", "statutes_versions-INITIAL_FORMS": "0"}


def test_an_association_registered_in_the_admin_is_the_services_event(world: World) -> None:
    response = admin_browser(world).post(
        f"{ASSOCIATIONS}add/", {"name": "Schackklubben", "org_number": "8020016013", **INLINE}
    )
    assert response.status_code == 302, response.content[:3000]
    event = AuditEvent.objects.get(action="association.registered")
    assert event.changes["name"] == "Schackklubben"
    assert event.changes["org_number"] == "802001-6013"


def test_an_association_changed_in_the_admin_records_its_name_from_and_to(world: World) -> None:
    spex = world.spex
    response = admin_browser(world).post(
        f"{ASSOCIATIONS}{spex.pk}/change/",
        {
            "name": "Spexet",
            "org_number": "802001-6013",
            "contact_name": spex.contact_name,
            "contact_email": spex.contact_email,
            "contact_phone": spex.contact_phone,
            **INLINE,
        },
    )
    assert response.status_code == 302, response.content[:3000]
    event = AuditEvent.objects.get(action="association.changed")
    assert event.changes == {"name": {"from": "Studentspexet", "to": "Spexet"}}
    spex.refresh_from_db()
    assert spex.name == "Spexet"
    assert spex.org_number != "802001-6013"  # the identity is read-only
    assert not AuditEvent.objects.filter(action__startswith="refdata.association").exists()
    assert admin_browser(world).get(f"{ASSOCIATIONS}{spex.pk}/delete/").status_code == 403
