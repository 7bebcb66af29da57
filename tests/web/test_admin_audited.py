"""No admin change escapes the log: every registered model admin either writes an audit event on
save and delete (AuditedAdmin), saves through a service of its own, or cannot change or delete
(read-only records, and records that have an audited revoke instead)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from vetting.admin_audit import AuditedAdmin

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def editable_fields(model_admin: Any, request: Any) -> list[str]:
    fields = model_admin.get_fields(request)
    readonly = set(model_admin.get_readonly_fields(request))
    return [f for f in fields if f not in readonly]


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=[m._meta.label for m, _ in MODEL_ADMINS]
)
def test_every_admin_change_is_audited_or_impossible(world, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    world.admin.is_superuser = world.admin.is_staff = True
    if isinstance(model_admin, AuditedAdmin):
        return
    assert not model_admin.has_delete_permission(request), "an unaudited delete"
    saves_itself = "save_model" in type(model_admin).__dict__
    can_change = model_admin.has_change_permission(request)
    assert saves_itself or not can_change or editable_fields(model_admin, request) == []
