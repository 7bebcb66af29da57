"""Pruning the free texts of the trail from the admin (ADR 0027): an administrator chooses a
case or a day and gives the ground, sees how many texts will be pruned, confirms, and the same
service as ``manage.py prune_event_texts`` prunes them. There was no admin entry at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import transaction

from audit.context import SYSTEM
from audit.models import AuditEvent, EventText
from audit.services import record_event
from tests.world import World, admin_browser, staff_browser

pytestmark = pytest.mark.django_db
EVENTS = "/admin/audit/auditevent/"
PRUNE = f"{EVENTS}prune/"
CASE = "KFN-2026-00017"
GROUND = "DHP 4.2: tre år efter beslut"


def _events(n: int, case_ref: str) -> list[int]:
    seqs = []
    for i in range(n):
        with transaction.atomic():
            event = record_event(
                actor=SYSTEM, action="test.note", case_ref=case_ref, reasons=f"Anteckning {i}"
            )
        seqs.append(event.seq)
    return seqs


@pytest.fixture
def texts(world: World) -> list[int]:
    return _events(2, CASE) + _events(1, "KFN-2026-00018")


def _unpruned() -> int:
    return EventText.objects.filter(pruned_at__isnull=True).count()


def test_the_administrator_sees_the_count_confirms_and_the_case_is_pruned(
    world: World, texts: list[int]
) -> None:
    browser = admin_browser(world)
    assert 'href="/admin/audit/auditevent/prune/"' in browser.get(EVENTS).content.decode()
    assert browser.get(PRUNE).status_code == 200
    before = _unpruned()
    preview = browser.post(PRUNE, {"case": CASE, "before": "", "ground": GROUND})
    assert preview.status_code == 200
    assert preview.context["confirmation"].startswith("2 texter kommer att gallras.")
    assert 'name="confirm"' in preview.content.decode()
    assert _unpruned() == before  # the count writes nothing
    done = browser.post(PRUNE, {"case": CASE, "before": "", "ground": GROUND, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == EVENTS
    event = AuditEvent.objects.get(action="audit.texts_pruned")
    assert event.changes["seqs"] == texts[:2] and event.changes["ground"] == GROUND
    said = [str(m) for m in get_messages(done.wsgi_request)]
    assert said == [
        f"Texterna i 2 händelser är gallrade; gallringen är registrerad som händelse #{event.seq}."
    ]
    assert EventText.objects.get(event_id=texts[2]).pruned_at is None  # another case


def test_texts_before_a_day(world: World, texts: list[int]) -> None:
    tomorrow = "2999-01-01"
    browser = admin_browser(world)
    future = browser.post(PRUNE, {"before": tomorrow, "ground": GROUND})
    assert "before" in future.context["form"].errors  # the service's rule, at the field
    today = AuditEvent.objects.get(seq=texts[0]).occurred_at.date()
    nothing = browser.post(PRUNE, {"before": today.isoformat(), "ground": GROUND})
    assert nothing.context["form"].errors["before"] == ["Det finns inga texter att gallra."]


def test_a_missing_ground_is_an_error_naming_the_field(world: World, texts: list[int]) -> None:
    browser = admin_browser(world)
    for confirm in ({}, {"confirm": "1"}):
        response = browser.post(PRUNE, {"case": CASE, "ground": "  ", **confirm})
        assert response.status_code == 200 and response.context["confirmation"] is None
        errors = response.context["form"].errors
        assert list(errors) == ["ground"]
        assert errors["ground"][0].startswith("Ange grunden för gallringen")
    no_filter = browser.post(PRUNE, {"ground": GROUND}).context["form"].errors
    assert list(no_filter) == ["case"]
    assert not AuditEvent.objects.filter(action="audit.texts_pruned").exists()


def test_in_english(world: World, texts: list[int]) -> None:
    browser = admin_browser(world)
    browser.cookies["django_language"] = "en"
    preview = browser.post(PRUNE, {"case": CASE, "ground": GROUND})
    assert preview.context["confirmation"].startswith("2 texts will be pruned.")
    response = browser.post(PRUNE, {"case": CASE, "ground": ""})
    assert response.context["form"].errors["ground"][0].startswith("Give the ground")


def test_an_officer_without_the_right_is_not_offered_it_and_is_refused(
    world: World, texts: list[int]
) -> None:
    auditor = staff_browser(world.auditor, "view_auditevent")
    listing = auditor.get(EVENTS)
    assert listing.status_code == 200 and "/prune/" not in listing.content.decode()
    assert auditor.get(PRUNE).status_code == 403
    confirmed: dict[str, Any] = {"case": CASE, "ground": GROUND, "confirm": "1"}
    assert auditor.post(PRUNE, confirmed).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.texts_pruned").exists()
    assert _unpruned() == 3


def test_the_page_leads_back_to_the_event_list(world: World) -> None:
    """The admin's action pages share one breadcrumb trail (admin/_object_breadcrumbs.html)."""
    page = admin_browser(world).get(PRUNE).content.decode()
    crumbs = page.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert 'href="/admin/"' in crumbs and f'href="{EVENTS}"' in crumbs
