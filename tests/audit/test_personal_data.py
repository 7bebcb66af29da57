"""What the chain may never hold: its bytes are kept for ever and copied into every export, so
secrets are never in it, and persons appear only by pseudonym (names, usernames, e-mail
addresses, user ids and recipients stay in tables where they can be erased)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from api.tokens import api_token_create, api_token_revoke
from audit.models import AuditEvent
from audit.services import person_pseudonym
from tests.world import World, admin_browser, drive
from vetting import services as svc
from vetting.models import State
from vetting.services.reference import delegation_create

pytestmark = pytest.mark.django_db

PASSWORD = "S3cret-Passw0rd!x"  # a test value that must never reach the chain


def chain() -> str:
    return "\n".join(AuditEvent.objects.order_by("seq").values_list("canonical", flat=True))


def test_a_user_created_and_changed_in_the_admin_leaves_no_secret_or_name(world: World) -> None:
    browser = admin_browser(world)
    response = browser.post(
        "/admin/auth/user/add/",
        {
            "username": "newbie",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(username="newbie")
    created = AuditEvent.objects.get(action="refdata.user.created")
    assert set(created.changes["changed_not_recorded"]) >= {"password1", "password2", "username"}
    response = browser.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": PASSWORD + "2", "password2": PASSWORD + "2"},
    )
    assert response.status_code == 302, response.content[:2000]
    changed = AuditEvent.objects.get(action="refdata.user.password_changed")
    assert changed.changes == {"changed_not_recorded": ["password"]}
    text = chain()
    assert PASSWORD not in text and "newbie" not in text


def test_bulk_delete_in_the_admin_is_recorded_not_a_server_error(world: World) -> None:
    browser = admin_browser(world)
    made = delegation_create(
        actor=world.admin,
        user=world.handler2,
        administration=world.kultur,
        kinds=["lokaluthyrning"],
        valid_from=date(2026, 1, 1),
    )
    response = browser.post(
        "/admin/vetting/delegation/",
        {"action": "delete_selected", "_selected_action": [made.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="refdata.delegation.deleted", object_id=str(made.pk)
    ).exists()


def test_persons_in_events_are_pseudonyms(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    assign = AuditEvent.objects.get(action="application.assign", case_ref=app.reference)
    handler = person_pseudonym(world.handler)
    assert assign.changes["handler"] == {"from": None, "to": handler}
    assert assign.changes["confirmed_for"] == handler
    propose = AuditEvent.objects.get(action="application.propose", case_ref=app.reference)
    assert propose.changes["proposed_by"]["to"] == handler
    token, _ = api_token_create(actor=world.admin, user=world.handler2)
    api_token_revoke(actor=world.admin, token=token)
    for action in ("api_token.created", "api_token.revoked"):
        assert AuditEvent.objects.get(action=action).changes["user"] == person_pseudonym(
            world.handler2
        )
    delegation_create(
        actor=world.admin,
        user=world.handler2,
        administration=world.kultur,
        kinds=["lokaluthyrning"],
        valid_from=date(2026, 1, 1),
    )
    svc.decision_notify(
        decision=app.decisions.get(),
        actor=world.handler,
        channel="letter",
        recipient="Kim Kontakt, Storgatan 1, 123 45 Staden",
    )
    text = chain()
    for personal in ("handler2", "Kim Kontakt", "Storgatan", f'"user_id":{world.handler2.pk}'):
        assert personal not in text, personal


def test_an_association_changed_in_the_admin_is_found_by_its_association(world: World) -> None:
    """The change is filed under the association (the log's association filter finds it), and
    the contact person's details are named as changed, not recorded."""
    spex = world.spex
    response = admin_browser(world).post(
        f"/admin/associations/association/{spex.pk}/change/",
        {
            "name": spex.name,
            "org_number": spex.org_number,
            "contact_name": "Kalle Kontakt",
            "contact_email": "kalle@example.se",
            "contact_phone": "070-1234567",
            "statutes_versions-TOTAL_FORMS": "0",
            "statutes_versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.get(action="association.changed")
    assert event.association_id == spex.pk
    assert set(event.changes["changed_not_recorded"]) == {
        "contact_name",
        "contact_email",
        "contact_phone",
    }
    assert "kalle@example.se" not in chain() and "Kalle Kontakt" not in chain()
