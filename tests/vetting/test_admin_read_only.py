"""The admin's read-only records (``vetting.admin_scope.ReadOnlyAdmin``): decisions, audit
events and checkpoints are never added, changed or deleted there, and offer no list action,
not even to a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from audit.models import AuditEvent, Checkpoint
from vetting.models import Decision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Decision, AuditEvent, Checkpoint])
def test_a_read_only_record_is_never_added_changed_or_deleted(model):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("root", "root@example.se", "x")
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}
