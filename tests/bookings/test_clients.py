"""Booking clients: created by command, key kept only as a hash, rotated and revoked (audited)."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.models import BookingClient, Premises
from bookings.services import ClientSettings, client_create, client_for_key, client_update
from tests.api.conftest import client_for
from tests.factories import AdministrationFactory
from tests.world import admin_browser
from vetting.errors import InvalidInput

pytestmark = pytest.mark.django_db


def create(*args: str) -> dict:
    out = io.StringIO()
    call_command("create_booking_client", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_prints_credentials_and_stores_only_a_hash(world):
    data = create(
        "Bokningen", "--webhook-url", "https://boka.example/hook", "--premises", "stora-salen"
    )
    assert set(data) == {"client_id", "api_key", "webhook_secret"}
    assert data["api_key"].startswith("gk_") and len(data["api_key"]) > 40
    assert data["webhook_secret"].startswith("whsec_")
    client = BookingClient.objects.get(pk=data["client_id"])
    assert client.key_hash == hashlib.sha256(data["api_key"].encode()).hexdigest()
    assert data["api_key"] not in json.dumps(list(BookingClient.objects.values()), default=str)
    assert [p.code for p in client.premises.all()] == ["stora-salen"]
    event = AuditEvent.objects.get(action="booking_client.created")
    assert event.object_id == str(client.pk) and data["api_key"] not in event.canonical


def test_command_refuses_unknown_premises_and_duplicates(world):
    with pytest.raises(CommandError):
        create("X", "--premises", "finns-inte")
    create("Y")
    with pytest.raises(CommandError):
        create("Y")


def test_command_takes_premises_repeated_and_an_administration(world):
    from tests.factories import PremisesFactory

    PremisesFactory(code="lilla-salen", administration=world.kultur)
    err = io.StringIO()
    data = json.loads(_call(err, "A", "--premises", "stora-salen", "--premises", "lilla-salen"))
    client = BookingClient.objects.get(pk=data["client_id"])
    assert sorted(p.code for p in client.premises.all()) == ["lilla-salen", "stora-salen"]
    data = json.loads(_call(err, "B", "--administration", "kultur", "--premises", "stora-salen"))
    assert BookingClient.objects.get(pk=data["client_id"]).administration == world.kultur
    assert err.getvalue() == ""


def test_command_warns_when_the_client_can_book_nothing(world):
    """GET /api/v1/premises/ answered [] with no hint why: the command says so when it creates
    a client with neither premises nor an administration with premises."""
    err = io.StringIO()
    data = json.loads(_call(err, "Tom", "--webhook-url", "https://boka.example/hook"))
    assert err.getvalue().startswith("Varning: bokningssystemet kan inte boka någon lokal")
    assert "--premises KOD" in err.getvalue() and "--administration KOD" in err.getvalue()
    assert BookingClient.objects.filter(pk=data["client_id"]).exists()  # created all the same
    empty = AdministrationFactory(code="tom", name="Tom förvaltning")
    err = io.StringIO()
    with translation.override("en"):
        _call(err, "Tom2", "--administration", empty.code)
    assert err.getvalue().startswith("Warning: the booking client can book no premises")
    assert "--premises CODE" in err.getvalue()


def _call(err: io.StringIO, *args: str) -> str:
    out = io.StringIO()
    call_command("create_booking_client", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_key_lookup(world):
    data = create("Z", "--administration", "kultur")
    assert client_for_key(data["api_key"]).pk == data["client_id"]
    assert client_for_key(data["api_key"] + "x") is None


def _admin(world) -> Client:
    return admin_browser(world)


def test_admin_rotates_and_revokes_with_audit(world, creds):
    browser = _admin(world)
    url = "/admin/bookings/bookingclient/"
    response = browser.post(
        url, {"action": "rotate_key", "_selected_action": [creds.client.pk]}, follow=True
    )
    assert response.status_code == 200
    assert client_for_key(creds.api_key) is not None  # its grace (tests/bookings/test_rotation.py)
    assert AuditEvent.objects.filter(action="booking_client.key_rotated").count() == 1
    browser.post(url, {"action": "rotate_webhook_secret", "_selected_action": [creds.client.pk]})
    creds.client.refresh_from_db()
    assert creds.client.webhook_secret != creds.webhook_secret
    browser.post(url, {"action": "revoke", "_selected_action": [creds.client.pk]})
    creds.client.refresh_from_db()
    assert creds.client.revoked_at is not None
    assert AuditEvent.objects.filter(action="booking_client.revoked").count() == 1
    assert client_for(creds).get("/api/v1/premises/").status_code == 401


def test_admin_pages_render(world, creds):
    browser = _admin(world)
    for url in [
        "/admin/bookings/bookingclient/",
        f"/admin/bookings/bookingclient/{creds.client.pk}/change/",
        "/admin/bookings/webhookmessage/",
        "/admin/bookings/bookingrequest/",
        "/admin/api/apitoken/",
    ]:
        assert browser.get(url).status_code == 200, url


def test_create_api_token_command(world):
    out = io.StringIO()
    call_command("create_api_token", "handler", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("gt_")
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/applications/").status_code == 200
    assert AuditEvent.objects.filter(action="api_token.created").exists()
    with pytest.raises(CommandError, match=r"^Okänd användare: nobody$"):
        call_command("create_api_token", "nobody", stdout=io.StringIO())
    with translation.override("en"), pytest.raises(CommandError, match=r"^Unknown user: nobody$"):
        call_command("create_api_token", "nobody", stdout=io.StringIO())


def _change_form(browser: Client, creds, **changes) -> dict:
    client = creds.client
    data = {
        "name": client.name,
        "webhook_url": client.webhook_url,
        "administration": client.administration_id or "",
        "premises": [p.pk for p in client.premises.all()],
    }
    data.update(changes)
    return data


def test_admin_change_goes_through_the_service_with_audit(world, creds):
    browser = _admin(world)
    url = f"/admin/bookings/bookingclient/{creds.client.pk}/change/"
    other = Premises.objects.create(
        code="lilla-salen", name="Lilla salen", capacity=40, administration=world.kultur
    )
    data = _change_form(
        browser,
        creds,
        webhook_url="https://ny.example/hook",
        premises=[world.hall.pk, other.pk],
    )
    response = browser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    creds.client.refresh_from_db()
    assert creds.client.webhook_url == "https://ny.example/hook"
    assert {p.code for p in creds.client.premises.all()} == {world.hall.code, "lilla-salen"}
    event = AuditEvent.objects.get(action="booking_client.changed")
    assert event.actor_role == "administratör"
    assert event.changes == {
        "name": creds.client.name,
        "webhook_url": {"from": "", "to": "https://ny.example/hook"},
        "premises": {"from": [world.hall.code], "to": sorted([world.hall.code, "lilla-salen"])},
    }
    assert creds.webhook_secret not in event.canonical
    # Saving the form unchanged records nothing.
    browser.post(url, _change_form(browser, creds))
    assert AuditEvent.objects.filter(action="booking_client.changed").count() == 1


def test_client_update_refuses_a_blank_or_taken_name(world, creds, other_creds):
    values = ClientSettings(name="  ", webhook_url="", administration_id=None, premises=frozenset())
    with pytest.raises(InvalidInput) as blank:
        client_update(actor=world.admin, client=creds.client, values=values)
    with pytest.raises(InvalidInput) as taken:
        client_update(
            actor=world.admin,
            client=creds.client,
            values=replace(values, name=other_creds.client.name),
        )
    assert set(blank.value.errors) == set(taken.value.errors) == {"name"}
    assert not AuditEvent.objects.filter(action="booking_client.changed").exists()


def test_premises_admin_changes_are_audited(world):
    browser = _admin(world)
    hall = world.hall
    response = browser.post(
        f"/admin/bookings/premises/{hall.pk}/change/",
        {
            "code": hall.code,
            "name": hall.name,
            "address": hall.address,
            "capacity": 90,
            "administration": hall.administration_id,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="refdata.premises.changed")
    assert event.changes == {"capacity": 90}


def test_admin_refuses_an_internal_webhook_url_on_the_form(world, creds):
    browser = _admin(world)
    url = f"/admin/bookings/bookingclient/{creds.client.pk}/change/"
    data = _change_form(browser, creds, webhook_url="https://169.254.169.254/latest/meta-data/")
    response = browser.post(url, data)
    assert response.status_code == 200
    assert "intern adress" in response.context["adminform"].form.errors["webhook_url"][0]
    creds.client.refresh_from_db()
    assert creds.client.webhook_url == ""
    assert not AuditEvent.objects.filter(action="booking_client.changed").exists()


SECRET = "s3cr3t-hook-token"


def test_webhook_url_credentials_are_not_written_to_the_audit_chain(world):
    """The chain is append-only and exported to auditors: a credential in a webhook URL
    (``user:password@``, a query token) must never enter it; that it changed is recorded."""
    creds = client_create(
        actor=SYSTEM,
        name="Hook",
        webhook_url=f"https://granska:{SECRET}@bokning.example/hooks",
        premises=[world.hall],
    )
    values = ClientSettings(
        name="Hook",
        webhook_url=f"https://bokning.example/hooks?token={SECRET}&v=2&{SECRET}",
        administration_id=None,
        premises=frozenset({world.hall.pk}),
    )
    client_update(actor=SYSTEM, client=creds.client, values=values)
    events = AuditEvent.objects.filter(object_type="booking_client").order_by("seq")
    assert [e.action for e in events if SECRET in e.canonical] == []
    created, changed = events
    assert created.changes["webhook_url"] == "https://***@bokning.example/hooks"
    assert changed.changes["webhook_url"] == {
        "from": "https://***@bokning.example/hooks",
        "to": "https://bokning.example/hooks?token=***&v=***&***",
    }
    creds.client.refresh_from_db()
    assert creds.client.webhook_url == values.webhook_url  # the client's own record keeps it


def test_a_url_without_secrets_is_recorded_as_it_is(world):
    creds = client_create(
        actor=SYSTEM, name="Hook", webhook_url="https://bokning.example:8443/h", premises=[]
    )
    event = AuditEvent.objects.get(action="booking_client.created")
    assert event.changes["webhook_url"] == "https://bokning.example:8443/h"
    assert creds.client.webhook_url == "https://bokning.example:8443/h"


def test_client_revoked_twice_keeps_its_first_revocation(world):
    """Two administrators revoke at once (each with the client as their action listed it)."""
    from bookings.services import client_revoke

    creds = client_create(actor=SYSTEM, name="Bokning", premises=[world.hall])
    seen_by_a = BookingClient.objects.get(pk=creds.client.pk)
    seen_by_b = BookingClient.objects.get(pk=creds.client.pk)
    client_revoke(actor=world.admin, client=seen_by_a)
    first = BookingClient.objects.get(pk=creds.client.pk).revoked_at
    assert first is not None
    again = client_revoke(actor=world.admin, client=seen_by_b)
    assert again.revoked_at == first
    assert BookingClient.objects.get(pk=creds.client.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="booking_client.revoked").count() == 1


def test_command_refusing_a_local_webhook_url_says_how_to_allow_one(world, settings):
    from django.core.management.base import CommandError

    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(CommandError) as info:
        create("Lokal", "--webhook-url", "http://127.0.0.1:9000/hook")
    assert "GRANSKA_WEBHOOK_ALLOW_HTTP=1" in str(info.value)
    assert not BookingClient.objects.filter(name="Lokal").exists()


def test_an_unknown_premises_or_administration_names_the_valid_codes(world):
    """The command speaks the default language (Swedish here, English when it is English) and
    says which codes there are."""
    from django.utils import translation

    with pytest.raises(CommandError) as caught:
        create("Bokningen", "--premises", "nosuch")
    assert str(caught.value) == "Okända lokaler: nosuch. Giltiga koder: stora-salen."
    with pytest.raises(CommandError) as caught:
        create("Bokningen", "--administration", "nosuch")
    assert str(caught.value) == "Okänd förvaltning: nosuch. Giltiga koder: kultur, social."
    with translation.override("en"), pytest.raises(CommandError) as caught:
        create("Bokningen", "--premises", "nosuch")
    assert str(caught.value) == "Unknown premises: nosuch. Valid codes: stora-salen."
    assert not BookingClient.objects.exists()


def test_a_refused_local_webhook_url_says_how_to_allow_one_in_the_servers_language(world):
    """It said both languages at once ("… som make run gör. / For a local test …")."""
    with pytest.raises(CommandError) as swedish:
        _call(io.StringIO(), "Lokal", "--webhook-url", "http://127.0.0.1:9000/hook")
    assert "(En lokal mottagare för test: sätt" in str(swedish.value)
    assert "For a local" not in str(swedish.value)
    with translation.override("en"), pytest.raises(CommandError) as english:
        _call(io.StringIO(), "Lokal", "--webhook-url", "http://127.0.0.1:9000/hook")
    assert "(For a local test receiver set" in str(english.value)
    assert "En lokal" not in str(english.value)
