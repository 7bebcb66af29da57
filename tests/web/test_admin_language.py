"""The admin in Swedish speaks Swedish: no English field names (a field without a translated
verbose_name shows its attribute name, "Created at") and no raw codes of the audit trail
("application.submitted") on any list, filter or form, and no bilingual "svenska / English"
action names."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst

from audit.checkpoints import sign_checkpoint
from audit.context import SYSTEM
from audit.labels import EVENT_LABELS
from bookings.services import client_create
from tests.api.conftest import client_for, post_booking
from tests.audit.conftest import pem
from tests.world import World, admin_browser, drive
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Field names that read the same in Swedish.
SAME_IN_SWEDISH = {"Id", "ID", "Status", "Version", "Text", "Hash", "Delegation", "Person"}


def admin_models() -> list[type[Model]]:
    """The registered models and the models of their inlines."""
    models = []
    for model, model_admin in MODEL_ADMINS:
        models += [model, *(inline.model for inline in model_admin.inlines)]
    return models


def english_names() -> set[str]:
    """What Django shows for a field that has no verbose name of its own."""
    names = {
        capfirst(field.name.replace("_", " "))
        for model in admin_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
    }
    return names - SAME_IN_SWEDISH


def texts(page: str) -> set[str]:
    """Every text between tags, without a label's colon."""
    return {html.unescape(t).strip().rstrip(":").strip() for t in re.findall(r">([^<>]+)<", page)}


def pages(browser: Client) -> dict[str, str]:
    """Every changelist, add form and change form (of the first rows) the superuser may open."""
    found: dict[str, str] = {}
    for model, model_admin in MODEL_ADMINS:
        urls = [reverse(admin_urlname(model._meta, "changelist"))]
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]:
            urls.append(reverse(admin_urlname(model._meta, "change"), args=[pk]))
        if model_admin.has_add_permission(_request(browser)):
            urls.append(reverse(admin_urlname(model._meta, "add")))
        for url in urls:
            response = browser.get(url)
            assert response.status_code == 200, url
            found[url] = response.content.decode()
    return found


def _request(browser: Client) -> Any:
    return browser.get("/admin/").wsgi_request


@pytest.fixture
def swedish_admin(world: World, settings: Any) -> dict[str, str]:
    """The world with a decided premises case, a booking request with its webhook message and a
    signed checkpoint, seen by a superuser in Swedish (the default)."""
    settings.AUDIT_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.AUDIT_SIGNING_KEY_FILE = ""
    drive(world, world.submit(Kind.LOKALUTHYRNING), State.APPROVED)
    drive(world, world.submit(), State.ESCALATED)  # escalated_from holds a state code
    creds = client_create(
        actor=SYSTEM,
        name="Bokningssystemet",
        webhook_url="https://bokning.example/h",
        premises=[world.hall],
    )
    assert post_booking(client_for(creds)).status_code == 201
    sign_checkpoint()
    return pages(admin_browser(world))


def test_the_walk_sees_every_kind_of_page(swedish_admin: dict[str, str]) -> None:
    assert "/admin/audit/auditevent/" in swedish_admin
    assert "/admin/bookings/bookingclient/" in swedish_admin
    assert any(url.endswith("/change/") for url in swedish_admin)
    assert any(url.endswith("/add/") for url in swedish_admin)


def test_no_english_field_names(swedish_admin: dict[str, str]) -> None:
    english = english_names()
    assert {"Created at", "Webhook secret", "Key rotated at"} <= english
    found = {url: sorted(texts(page) & english) for url, page in swedish_admin.items()}
    assert not {url: names for url, names in found.items() if names}


def test_no_raw_action_codes(swedish_admin: dict[str, str]) -> None:
    codes = set(EVENT_LABELS) | {s.value for s in State}
    found = {url: sorted(texts(page) & codes) for url, page in swedish_admin.items()}
    assert not {url: names for url, names in found.items() if names}


def test_no_bilingual_action_names(swedish_admin: dict[str, str]) -> None:
    for url, page in swedish_admin.items():
        options = re.findall(r'<option value="[a-z_]+">([^<]+)</option>', page)
        assert not [o for o in options if " / " in o], url


def test_the_event_list_shows_the_pages_labels(swedish_admin: dict[str, str]) -> None:
    events = texts(swedish_admin["/admin/audit/auditevent/"])
    assert {"Ärendet registrerat", "Beslut", "Inkommen", "Beviljad"} <= events
    assert {"Referensdata ändrad", "Bokningssystem"} <= events  # the filters


def test_the_event_filter_finds_a_family_of_actions(world: World) -> None:
    browser = admin_browser(world)
    client_create(actor=world.admin, name="Hook", webhook_url="", premises=[world.hall])
    page = browser.get("/admin/audit/auditevent/?action=booking_client.").content.decode()
    assert "Bokningssystemets uppgifter ändrade" in texts(page)
    assert "Ärendet registrerat" not in texts(page.split('id="changelist-filter"')[0])
