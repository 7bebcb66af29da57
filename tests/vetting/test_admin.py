"""The admin offers only the allowed actions, runs them through the services, audits edits."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.factories import UserFactory
from tests.world import World, drive
from vetting import roles
from vetting.models import DecisionOutcome, Delegation, State


def staff(world: World, user) -> Client:  # type: ignore[no-untyped-def]
    user.is_staff = True
    user.is_superuser = True  # model permissions; roles still decide the actions
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_case_page_offers_only_allowed_actions(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = staff(world, world.handler).get(f"/admin/vetting/application/{app.pk}/change/")
    assert page.status_code == 200
    import re

    offered = set(re.findall(r'name="_fsm_transition_to"\s+value="(\w+)"', page.content.decode()))
    assert offered == {"request_supplement", "escalate", "propose", "withdraw"}


def test_admin_transition_runs_the_service_and_reports_refusals(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    world.handler.groups.add(world.decider.groups.get())
    client = staff(world, world.handler)
    url = f"/admin/vetting/application/{app.pk}/transition/decide_approve/"
    response = client.post(url, {"no_conflict_confirmed": "on"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Fyra ögon" in m for m in messages)
    app.refresh_from_db()
    assert app.state == State.PROPOSED
    decider = staff(world, world.decider)
    decider.post(url, {"no_conflict_confirmed": "on"}, follow=True)
    app.refresh_from_db()
    assert app.state == State.APPROVED
    assert AuditEvent.objects.filter(action="application.decide", case_ref=app.reference).exists()


def test_state_cannot_be_edited_in_the_admin(world: World) -> None:
    app = world.submit()
    client = staff(world, world.admin)
    client.post(f"/admin/vetting/application/{app.pk}/change/", {"state": "approved"})
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_reference_data_changes_are_audited(world: World) -> None:
    client = staff(world, world.admin)
    response = client.post(
        "/admin/vetting/delegation/add/",
        {
            "user": world.handler2.pk,
            "administration": world.kultur.pk,
            "kinds": '["foreningsbidrag"]',
            "max_amount": "1000",
            "valid_from": "2026-01-01",
            "note": "Punkt 9",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    delegation = Delegation.objects.get(note="Punkt 9")
    event = AuditEvent.objects.get(
        action="refdata.delegation.created", object_id=str(delegation.pk)
    )
    assert event.object_type == "delegation"
    assert event.changes["max_amount"] == "1000"
    assert delegation.valid_from == date(2026, 1, 1)


def test_role_changes_are_audited_without_secrets(world: World) -> None:
    """A change of groups, flags or administrations records them from what they were to what
    they are: the trail says what the person could do before, too."""
    client = staff(world, world.admin)
    user = UserFactory(username="ny", roles=[roles.HANDLER])
    user.profile.administrations.set([world.social])
    group = world.decider.groups.get(name=roles.DECISION_MAKER)
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "ny",
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": user.profile.pk,
            "profile-0-user": user.pk,
            "profile-0-administrations": [world.kultur.pk],
        },
    )
    assert response.status_code == 302, response.content[:3000]
    event = AuditEvent.objects.filter(action="refdata.user.changed").latest("seq")
    assert event.changes["groups"] == {"from": [roles.HANDLER], "to": [roles.DECISION_MAKER]}
    assert event.changes["is_staff"] == {"from": False, "to": True}
    assert "is_active" not in event.changes  # unchanged: not recorded
    assert "password" not in event.canonical
    admins = AuditEvent.objects.get(action="refdata.user.administrations_changed")
    assert admins.changes["administrations"] == {"from": ["social"], "to": ["kultur"]}


def test_deactivation_and_superuser_are_recorded_from_and_to(world: World) -> None:
    client = staff(world, world.admin)
    user = UserFactory(username="gammal", roles=[roles.HANDLER])
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "gammal", "is_superuser": "on", "groups": [],
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00",
            "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0", "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": user.profile.pk, "profile-0-user": user.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content[:3000]
    event = AuditEvent.objects.filter(action="refdata.user.changed").latest("seq")
    assert event.changes["is_active"] == {"from": True, "to": False}
    assert event.changes["is_superuser"] == {"from": False, "to": True}
    assert event.changes["groups"] == {"from": [roles.HANDLER], "to": []}


def test_published_rulebook_is_read_only(world: World) -> None:
    client = staff(world, world.admin)
    response = client.post("/admin/vetting/rulebook/1/change/", {"title": "ändrad"})
    assert response.status_code == 403


def test_delegation_service_validates_and_audits(world: World) -> None:
    import pytest

    from vetting.errors import InvalidInput
    from vetting.services.reference import delegation_create

    with pytest.raises(InvalidInput) as info:
        delegation_create(
            actor=world.admin,
            administration=world.kultur,
            kinds=["bidrag"],
            valid_from=date(2026, 1, 1),
        )
    assert {"user", "kinds"} <= set(info.value.errors)
    made = delegation_create(
        actor=world.admin,
        user=world.handler2,
        administration=world.kultur,
        kinds=["lokaluthyrning"],
        valid_from=date(2026, 1, 1),
    )
    event = AuditEvent.objects.get(action="refdata.delegation.created", object_id=str(made.pk))
    assert event.object_type == "delegation" and event.changes["kinds"] == ["lokaluthyrning"]


def test_criteria_changed_or_deleted_in_the_admin_are_recorded(world: World) -> None:
    """Refusals rest on the criteria: a changed title or a deleted criterion is an event too."""
    from datetime import date as day

    from vetting.models import Criterion, Rulebook

    draft = Rulebook.objects.create(version=99, title="Utkast", adopted_on=day(2026, 1, 1))
    keep, drop = (
        Criterion.objects.create(
            rulebook=draft, code=code, title=code.title(), description="d", source="s",
            kinds=["foreningsbidrag"], basis="case", position=n,
        )
        for n, code in enumerate(("KEEP", "DROP"))
    )  # fmt: skip
    row = {"description": "d", "source": "s", "kinds": '["foreningsbidrag"]', "basis": "case"}
    data = {
        "version": "99", "title": "Utkast", "adopted_on": "2026-01-01", "adopted_by": "",
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
        **{f"criteria-0-{k}": v for k, v in row.items()},
        "criteria-0-id": keep.pk, "criteria-0-rulebook": draft.pk, "criteria-0-code": "KEEP",
        "criteria-0-title": "Ny rubrik", "criteria-0-position": "0",
        **{f"criteria-1-{k}": v for k, v in row.items()},
        "criteria-1-id": drop.pk, "criteria-1-rulebook": draft.pk, "criteria-1-code": "DROP",
        "criteria-1-title": "Drop", "criteria-1-position": "1", "criteria-1-DELETE": "on",
    }  # fmt: skip
    response = staff(world, world.admin).post(f"/admin/vetting/rulebook/{draft.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    changed = AuditEvent.objects.get(action="refdata.criterion.changed", object_id=str(keep.pk))
    assert changed.changes["code"] == "KEEP" and changed.changes["title"] == "Ny rubrik"
    deleted = AuditEvent.objects.get(action="refdata.criterion.deleted", object_id=str(drop.pk))
    assert deleted.changes == {"code": "DROP"}


def test_fields_shown_by_their_label_are_not_inputs_on_the_case_page(world: World) -> None:
    """The outcome proposed and the state an escalation left are shown by label, read-only like
    every other field: the change form offers no input for them."""
    app = drive(world, world.submit(), State.PROPOSED)
    page = staff(world, world.admin).get(f"/admin/vetting/application/{app.pk}/change/")
    assert page.status_code == 200
    assert dict(page.context["adminform"].form.fields) == {}
    content = page.content.decode()
    assert 'name="proposed_outcome"' not in content and 'name="escalated_from"' not in content
    assert str(DecisionOutcome(app.proposed_outcome).label) in content


def test_a_revocation_in_the_admin_asks_how_the_applicant_was_heard(world: World) -> None:
    """The admin's revoke form had no ``applicant_heard``, so the service refused every
    revocation made there."""
    from datetime import timedelta

    from tests.world import cast
    from vetting import demo

    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    client = staff(world, world.decider)
    url = f"/admin/vetting/application/{app.pk}/transition/revoke_without_hearing/"
    form = client.get(url).content.decode()
    assert 'name="applicant_heard"' in form and 'name="hearing_exception"' in form
    post = {
        "reasons": demo.NEW_FACT,
        "criteria": demo.REVOCATION_GROUND,
        "repayment_due": str(timezone.localdate() + timedelta(days=30)),
        "hearing_exception": "urgent",
        "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
        "no_conflict_confirmed": "on",
        "confirm_not_opinion": "on",  # the grounds name a religion (RF 2:21)
    }
    client.post(url, post, follow=True)
    app.refresh_from_db()
    assert app.state == State.REVOKED
    assert app.decisions.latest("id").applicant_heard.startswith("Föreningen yttrade sig")


def test_an_administrations_contact_details_are_edited_in_the_admin(world: World) -> None:
    """They are printed in every letter and decision (vetting.facts); the change is audited."""
    client = staff(world, world.admin)
    url = f"/admin/vetting/administration/{world.kultur.pk}/change/"
    assert 'name="postal_address"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "code": "kultur",
            "name": "Kultur- och fritidsförvaltningen",
            "reference_prefix": "",
            "postal_address": "Box 100, 123 45 Exempelstad",
            "email": "kultur@example.se",
            "phone": "010-123 45 00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.kultur.refresh_from_db()
    assert world.kultur.postal_address == "Box 100, 123 45 Exempelstad"
    assert world.kultur.email == "kultur@example.se" and world.kultur.phone == "010-123 45 00"
    event = AuditEvent.objects.get(
        action="refdata.administration.changed", object_id=str(world.kultur.pk)
    )
    assert event.changes["postal_address"] == "Box 100, 123 45 Exempelstad"
    assert "reference_prefix" not in event.changes  # posted as it was


def test_saving_an_account_unchanged_records_nothing(world: World) -> None:
    """Saving a form as it was logged "Användarkonto: ändring" with no details."""
    client = staff(world, world.admin)
    user = UserFactory(username="samma", roles=[roles.HANDLER])
    user.profile.administrations.set([world.kultur])
    before = AuditEvent.objects.count()
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "samma", "is_active": "on",
            "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "groups": [g.pk for g in user.groups.all()],
            "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0", "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": user.profile.pk, "profile-0-user": user.pk,
            "profile-0-administrations": [world.kultur.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    assert list(AuditEvent.objects.order_by("seq")[before:].values_list("action", "changes")) == []
