"""Reference data in the admin follows the services' rules: a delegation added or changed there
is judged as ``delegation_create`` judges one (``delegation_problems``), at the form's fields."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from tests.world import World, admin_browser
from vetting.models import Delegation

pytestmark = pytest.mark.django_db

VALID = {
    "administration": "", "kinds": '["foreningsbidrag"]', "max_amount": "1000",
    "valid_from": "2026-01-01", "valid_to": "", "note": "Punkt 9",
}  # fmt: skip


def test_a_delegation_the_service_would_refuse_is_refused_at_its_fields(world: World) -> None:
    browser = admin_browser(world)
    before = Delegation.objects.count()
    events = AuditEvent.objects.filter(action="refdata.delegation.created")
    recorded = events.count()
    bad = {"kinds": '["bidrag"]', "max_amount": "-5", "valid_to": "2025-12-31"}
    response = browser.post(
        "/admin/vetting/delegation/add/", {**VALID, "administration": world.kultur.pk, **bad}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"user", "kinds", "max_amount", "valid_to"} <= set(errors), errors
    assert "Tillåtna ärendeslag" in str(errors["kinds"])
    assert (Delegation.objects.count(), events.count()) == (before, recorded)


def test_a_delegation_changed_to_an_unknown_kind_is_refused(world: World) -> None:
    delegation = Delegation.objects.filter(user=world.decider).get()
    browser = admin_browser(world)
    url = f"/admin/vetting/delegation/{delegation.pk}/change/"
    data = {
        **VALID, "user": world.decider.pk, "administration": world.kultur.pk,
        "kinds": '"foreningsbidrag"',
    }  # fmt: skip
    assert browser.get(url).status_code == 200
    refused = browser.post(url, data)
    assert refused.status_code == 200
    assert "kinds" in refused.context["adminform"].form.errors
    saved = browser.post(url, {**data, "kinds": '["foreningsbidrag", "lokaluthyrning"]'})
    assert saved.status_code == 302
    delegation.refresh_from_db()
    assert delegation.kinds == ["foreningsbidrag", "lokaluthyrning"]


def test_the_decision_list_shows_only_the_decisions_of_cases_the_user_may_see(
    world: World,
) -> None:
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    from tests.world import drive
    from vetting.models import State

    app = drive(world, world.submit(), State.APPROVED)
    user = world.other_handler  # Socialförvaltningen's; the case is Kultur's
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_decision"))
    browser = Client()
    browser.force_login(User.objects.get(pk=user.pk))
    listed = browser.get("/admin/vetting/decision/")
    assert listed.status_code == 200
    assert app.reference not in listed.content.decode()
    decision = app.decisions.get()
    assert browser.get(f"/admin/vetting/decision/{decision.pk}/change/").status_code == 404
    assert app.reference in admin_browser(world).get("/admin/vetting/decision/").text


def test_the_kinds_field_says_how_to_fill_it_in(world: World) -> None:
    """Ops report, defect 8: the raw JSON textarea gave only "Fyll i ett giltigt JSON."."""
    page = admin_browser(world).get("/admin/vetting/delegation/add/")
    help_text = str(page.context["adminform"].form.fields["kinds"].help_text)
    assert '["foreningsbidrag", "lokaluthyrning"]' in help_text
    assert "arrangorsstod (Arrangörsstöd)" in help_text
