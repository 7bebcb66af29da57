"""Every action the services record in the audit trail has a readable label on the pages (the
timeline showed "decision.notified decision.notified"), and so does every action a refused
attempt can name (the log showed "Nekad: view_escalation_notes")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from audit.labels import attempted_action_label
from tests.world import World, drive
from vetting import services as svc
from vetting.actions import ACTIONS
from vetting.errors import PermissionRefused
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


# The functions that record a refused attempt (application.refused) and name the action tried:
# audited_refusals(action, ...) directly, and perform_transition(action=...) through it.
REFUSAL_RECORDERS = {"audited_refusals": 0, "perform_transition": "action"}


def _named_action(call: ast.Call, where: int | str) -> ast.expr | None:
    if isinstance(where, int):
        return call.args[where] if len(call.args) > where else None
    return next((k.value for k in call.keywords if k.arg == where), None)


def attempted_actions() -> set[str]:
    """Every action a refused attempt can record, read off the calls in the source. A call that
    names its action other than by a literal fails the scan (it could record any code), except
    perform_transition handing its own ``action`` on to audited_refusals."""
    found: set[str] = set()
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id not in REFUSAL_RECORDERS:
                continue
            arg = _named_action(node, REFUSAL_RECORDERS[node.func.id])
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
            else:
                passed_on = isinstance(arg, ast.Name) and arg.id == "action"
                assert passed_on and path.name == "_core.py", (path, node.lineno)
    return found


def test_the_scan_finds_the_attempted_actions_it_should() -> None:
    actions = attempted_actions()
    assert {"assign", "decide", "notify", "view_escalation_notes", "assess"} <= actions
    assert len(actions) >= 20


@pytest.mark.parametrize("action", sorted(attempted_actions()))
def test_every_attempted_action_has_a_swedish_and_an_english_label(action: str) -> None:
    swedish = attempted_action_label(action)
    assert swedish != action and "_" not in swedish
    with translation.override("en"):
        english = attempted_action_label(action)
    assert english != swedish and "_" not in english


@pytest.mark.django_db
def test_a_refused_reading_of_the_security_notes_is_named_in_the_log(world: World, login) -> None:
    app = drive(world, world.submit(), State.ESCALATED)
    with pytest.raises(PermissionRefused):
        svc.escalation_notes_view(application=app, actor=world.handler2)
    auditor = login(world.auditor)
    page = auditor.get("/revision/").content.decode()
    assert "Nekad</strong>: Läs säkerhetsanteckningarna" in page
    assert "view_escalation_notes" not in page
    timeline = auditor.get(f"/revision/arenden/{app.reference}/").content.decode()
    assert "application.refused</code>: Läs säkerhetsanteckningarna" in timeline
    auditor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = auditor.get("/revision/").content.decode()
    assert "Refused</strong>: Read the security notes" in page
