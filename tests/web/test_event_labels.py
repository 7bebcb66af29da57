"""Every action the services record in the audit trail has a readable label on the pages (the
timeline showed "decision.notified decision.notified")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.world import World, drive
from vetting import services as svc
from vetting.actions import ACTIONS
from vetting.models import Decision, State
from web.templatetags.granska import event_label

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "associations", "audit", "bookings", "vetting", "web")


def source_files() -> list[Path]:
    return [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def recorded_actions() -> set[str]:
    """Every action a service passes to record_event: the literal dotted ones, one per workflow
    action (``application.<action>``), each booking-client change and a reference-data change."""
    found: set[str] = set()
    for path in source_files():
        text = path.read_text()
        found |= set(re.findall(r'\baction="([a-z_]+(?:\.[a-z_]+)+)"', text))
        found |= {
            f"booking_client.{verb}"
            for verb in re.findall(r'_client_event\(\s*\w+,\s*"([a-z_]+)"', text)
        }
    found |= {f"application.{action}" for action in ACTIONS}
    found |= {"refdata.delegation.changed", "refdata.user.password_changed"}
    return found


def test_the_scan_finds_the_actions_it_should() -> None:
    actions = recorded_actions()
    assert {"decision.notified", "application.refused", "application.decide"} <= actions
    assert {"booking_client.created", "booking_client.revoked", "person.erased"} <= actions


@pytest.mark.parametrize("action", sorted(recorded_actions()))
def test_every_recorded_action_has_a_label(action: str) -> None:
    assert event_label(action) != action


@pytest.mark.django_db
def test_the_timeline_labels_a_notification(world: World, login) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    svc.decision_notify(
        decision=Decision.objects.get(application=app),
        actor=world.handler,
        channel="email",
        recipient="kim@forening.example",
    )
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert "Underrättelse om beslutet registrerad</strong>" in page
    assert "<strong>decision.notified</strong>" not in page
