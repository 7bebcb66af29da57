"""Registering cases and statutes from the admin goes through the services."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from associations.models import StatutesVersion
from audit.models import AuditEvent
from tests.world import STATUTES, World, admin_browser
from vetting.models import Application


def admin_client(world: World) -> Client:
    return admin_browser(world)


def test_register_a_grant_case(world: World) -> None:
    response = admin_client(world).post(
        "/admin/vetting/application/add/",
        {
            "kind": "foreningsbidrag",
            "association": world.scouts.pk,
            "administration": world.kultur.pk,
            "subject": "Verksamhetsbidrag",
            "received_on": "2026-11-01",
            "amount_applied": "12000.50",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    app = Application.objects.get()
    assert app.reference.startswith("KFN-2026-") and str(app.amount_applied) == "12000.50"
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


def test_without_a_published_rulebook_the_form_says_so(world: World) -> None:
    from vetting.models import Rulebook

    Rulebook.objects.update(published=False)
    response = admin_client(world).post(
        "/admin/vetting/application/add/",
        {
            "kind": "foreningsbidrag", "association": world.scouts.pk,
            "administration": world.kultur.pk, "subject": "Verksamhetsbidrag",
            "received_on": "2026-11-01", "amount_applied": "100",
        },
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("Inget regelverk är publicerat" in e for e in errors)
    assert not Application.objects.exists()


def test_register_a_rental_with_errors_named_per_field(world: World) -> None:
    client = admin_client(world)
    response = client.post(
        "/admin/vetting/application/add/",
        {
            "kind": "lokaluthyrning",
            "association": world.scouts.pk,
            "administration": world.kultur.pk,
            "subject": "Hyra",
            "received_on": "2026-11-01",
            "event_title": "Möte",
            "event_starts_at_0": "2026-12-01",
            "event_starts_at_1": "18:00",
            "event_ends_at_0": "2026-12-01",
            "event_ends_at_1": "21:00",
            "expected_attendance": "500",
            "premises": world.hall.pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "expected_attendance" in errors and "rymmer" in errors["expected_attendance"][0]
    assert Application.objects.count() == 0


def test_upload_statutes_file_and_reject_unreadable(world: World) -> None:
    client = admin_client(world)
    data = (STATUTES / "liss_studentspex_stadgar.txt").read_bytes()
    ok = client.post(
        "/admin/associations/statutesversion/add/",
        {
            "association": world.spex.pk,
            "adopted_on": "2025-05-01",
            "upload": SimpleUploadedFile("stadgar.txt", data, content_type="text/plain"),
        },
    )
    assert ok.status_code == 302, ok.content[:2000]
    version = StatutesVersion.objects.get(association=world.spex)
    assert version.original_filename == "stadgar.txt" and len(version.sha256) == 64
    bad = client.post(
        "/admin/associations/statutesversion/add/",
        {
            "association": world.spex.pk,
            "adopted_on": "2025-05-01",
            "upload": SimpleUploadedFile(
                "x.pdf", b"%PDF-1.4 broken", content_type="application/pdf"
            ),
        },
    )
    assert bad.status_code == 200 and "upload" in bad.context["adminform"].form.errors


def test_statutes_with_an_implausible_adoption_date_get_a_field_error(world: World) -> None:
    """The service's rule on the adoption date is a field error in the admin, not a 403."""
    client = admin_client(world)
    for day in ("2999-01-01", "1800-01-01"):
        response = client.post(
            "/admin/associations/statutesversion/add/",
            {"association": world.spex.pk, "adopted_on": day, "pasted_text": "§1 Namn"},
        )
        assert response.status_code == 200, (day, response.status_code)
        assert "adopted_on" in response.context["adminform"].form.errors
    assert not StatutesVersion.objects.filter(association=world.spex).exists()


def _staff(user) -> Client:  # type: ignore[no-untyped-def]
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


GRANT = {
    "kind": "foreningsbidrag", "association": "", "subject": "Verksamhetsbidrag",
    "received_on": "2026-11-01", "amount_applied": "100",
}  # fmt: skip


def test_the_admin_registers_by_the_registration_services_rules(world: World) -> None:
    """The admin's add form used the intake service alone: a handläggare could register a case
    for another administration, and a rental for premises of another administration."""
    handler = _staff(world.handler)
    elsewhere = {**GRANT, "association": world.scouts.pk, "administration": world.social.pk}
    refused = handler.post("/admin/vetting/application/add/", elsewhere)
    assert refused.status_code == 200
    assert "administration" in refused.context["adminform"].form.errors
    rental = {
        **GRANT, "kind": "lokaluthyrning", "association": world.scouts.pk,
        "administration": world.social.pk, "amount_applied": "", "event_title": "Möte",
        "event_starts_at_0": "2026-12-01", "event_starts_at_1": "18:00",
        "event_ends_at_0": "2026-12-01", "event_ends_at_1": "20:00",
        "expected_attendance": "20", "premises": world.hall.pk,
    }  # fmt: skip
    other_premises = admin_client(world).post("/admin/vetting/application/add/", rental)
    assert other_premises.status_code == 200
    assert "premises" in other_premises.context["adminform"].form.errors
    assert not Application.objects.exists()
    own = {**elsewhere, "administration": world.kultur.pk}
    assert handler.post("/admin/vetting/application/add/", own).status_code == 302
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


def test_only_those_who_may_register_get_the_admins_add_form(world: World) -> None:
    decider = _staff(world.decider)
    assert decider.get("/admin/vetting/application/add/").status_code == 403
    data = {**GRANT, "association": world.scouts.pk, "administration": world.kultur.pk}
    assert decider.post("/admin/vetting/application/add/", data).status_code == 403
    assert not Application.objects.exists()


def test_only_those_who_add_statutes_on_the_pages_get_the_admins_statutes_form(
    world: World,
) -> None:
    """As on the association's page: handläggare and administrators add statutes."""
    decider = _staff(world.decider)
    url = "/admin/associations/statutesversion/add/"
    assert decider.get(url).status_code == 403
    data = {"association": world.spex.pk, "adopted_on": "2025-05-01", "pasted_text": "§1 Namn"}
    assert decider.post(url, data).status_code == 403
    assert _staff(world.handler).get(url).status_code == 200
    assert not StatutesVersion.objects.filter(association=world.spex).exists()
