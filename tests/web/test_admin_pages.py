"""Every admin page renders: each registered model's list (plain, searched, sorted, filtered),
add form and change form, with data from the real services in it. Runs on SQLite (make test) and
on PostgreSQL (.ci/run), where a query the admin builds (a search, a filter, a sort) could fail
that the other pages never build."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from audit.context import SYSTEM
from bookings.services import client_create
from tests.api.conftest import client_for, post_booking
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)  # fmt: skip


@pytest.fixture
def admin_browser(world: World) -> Client:
    """The world's administrator with every model permission, plus cases and a booking request
    with its webhook message, so every list has rows."""
    drive(world, world.submit(), State.APPROVED)
    creds = client_create(
        actor=SYSTEM, name="Bokningssystemet", webhook_url="https://bokning.example/h",
        premises=[world.hall],
    )  # fmt: skip
    assert post_booking(client_for(creds)).status_code == 201
    user = world.admin
    user.is_staff = user.is_superuser = True
    user.save()
    browser = Client()
    browser.force_login(user)
    return browser


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(admin_urlname(model._meta, view), args=args)


def _filter_queries(model_admin: Any, request: Any) -> list[str]:
    """One query string per choice of each list filter, as the sidebar links them."""
    changelist = model_admin.get_changelist_instance(request)
    queries = []
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            query = choice.get("query_string", "")
            if query and query != "?":
                queries.append(query)
    return queries


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=[m._meta.label for m, _ in MODEL_ADMINS]
)
def test_every_admin_list_renders(admin_browser: Client, model: Any, model_admin: Any) -> None:
    base = _url(model, "changelist")
    page = admin_browser.get(base)
    assert page.status_code == 200, base
    request = page.wsgi_request
    queries = ["?o=1", "?o=-1"]
    if model_admin.search_fields:
        queries.append("?q=a")
    queries += _filter_queries(model_admin, request)
    for query in queries:
        response = admin_browser.get(base + query)
        assert response.status_code in (200, 302), f"{base}{query}: {response.status_code}"


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=[m._meta.label for m, _ in MODEL_ADMINS]
)
def test_every_admin_form_renders(admin_browser: Client, model: Any, model_admin: Any) -> None:
    request = admin_browser.get(_url(model, "changelist")).wsgi_request
    if model_admin.has_add_permission(request):
        assert admin_browser.get(_url(model, "add")).status_code == 200
    obj = model._default_manager.order_by("pk").last()
    if obj is not None:
        url = _url(model, "change", obj.pk)
        assert admin_browser.get(url).status_code == 200, url
