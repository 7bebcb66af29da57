"""The auditors' pages speak in words and link to what they name: whom a jäv or an association's
change concerns, every recorded key, code and field by its label (criteria by title,
administrations by name), each event linked to its own page, a dropped revocation to its letter,
a payment's reference under its own label, a verification with findings in a warning (not an
error), and an erased decision maker's decisions still found by the log's filter."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from associations.services import association_update
from audit.context import SYSTEM, actor_for_user
from audit.models import AuditEvent
from audit.services import person_erase, record_event
from bookings.services.clients import client_create
from tests.web.test_audit_system import _rows
from tests.web.test_page_texts import english
from tests.web.test_revocation_drop_pages import REASONS, _hearing
from tests.world import World, drive
from vetting import demo, roles
from vetting import services as svc
from vetting.admin_audit import record_reference_change
from vetting.models import Criterion, Decision, State
from vetting.services.conflicts import conflict_declare, conflict_withdraw
from web import auditchain

pytestmark = pytest.mark.django_db
SYSTEM_PAGE = "/revision/ovriga/"


def _text(page: str) -> str:
    """What a reader sees of a page: no tags, no attributes, entities read; without an event's
    action code, shown next to its label for matching the JSONL export."""
    body = re.sub(r"<code[^>]*>[^<]*</code>", "", page.split("<main", 1)[-1])
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def _jav_and_association(world: World) -> None:
    conflict = conflict_declare(
        actor=world.admin, user=world.handler, association=world.spex, reason="Styrelseledamot"
    )
    conflict_withdraw(actor=world.admin, conflict=conflict)
    association_update(
        actor=world.admin,
        association=world.spex,
        values={"name": "Spexet i stan", "contact_email": "ny@spex.example"},
    )


def test_a_jav_and_an_association_s_change_name_whom_they_concern(world, login) -> None:
    _jav_and_association(world)
    client = login(world.auditor)
    rows = _rows(client.get(SYSTEM_PAGE).content.decode())
    person = world.handler.get_full_name()
    declared = rows[_event("conflict.declared").seq]
    assert f"{person} – Spexet i stan" in declared and "Jäv anmält" in declared
    assert "Grund för jävet: Styrelseledamot" in declared and "reason" not in declared
    assert person in rows[_event("conflict.withdrawn").seq]
    changed = rows[_event("association.changed").seq]
    assert "Spexet i stan" in changed.split("Namn:")[0]  # the Gäller column names it
    assert "Kontaktpersonens e-post" in changed and "contact_email" not in changed


def test_the_kind_filter_selects_the_jav_and_the_association_events(world, login) -> None:
    _jav_and_association(world)
    client = login(world.auditor)
    page = client.get(SYSTEM_PAGE).content.decode()
    assert '<option value="conflict">Jäv</option>' in page

    def listed(kind: str) -> set[str]:
        found = _rows(client.get(f"{SYSTEM_PAGE}?kind={kind}").content.decode())
        return {e.action for e in AuditEvent.objects.filter(seq__in=found)}

    assert listed("conflict") == {"conflict.declared", "conflict.withdrawn"}
    assert "association.changed" in listed("association")
    assert not listed("refdata") & {"conflict.declared", "association.changed"}


def _coded_events(world: World) -> None:
    """System events that record keys, codes and field names: an account's administrations,
    a reading of statutes (criteria by code), a booking system's administration and premises,
    an erasure, a delegation, and exports with their filters."""
    request = SimpleNamespace(user=world.admin)
    with transaction.atomic():
        record_reference_change(
            request=request,  # type: ignore[arg-type]
            obj=world.handler2,
            verb="administrations_changed",
            changes={"administrations": {"from": [], "to": [world.social.code]}},
        )
        record_event(
            actor=SYSTEM, action="statutes.read", object_type="statutes_version", object_id=1,
            association_id=world.scouts.pk,
            changes={"sha256": "ab" * 32, "document_kind": "statutes",
                     "criteria": ["DEMOCRATIC_STRUCTURE", "OPEN_MEMBERSHIP"], "rules_version": 3},
        )  # fmt: skip
        record_event(
            actor=actor_for_user(world.admin), action="booking_client.changed",
            object_type="booking_client",
            object_id=1,
            changes={"administration_id": {"from": None, "to": world.kultur.pk},
                     "premises": {"from": [], "to": [world.hall.code]}},
        )  # fmt: skip
    client_create(actor=world.admin, name="Bokningen AB", webhook_url="https://b.example/h")
    world.extra["leaver"] = leaver = world.other_handler
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    person_erase(user=leaver, actor=SYSTEM)


# Keys, codes and field names the events above (and the cases) record, never shown raw.
RAW = [
    "criteria", "adopted_on", "filename", "contact_email", "note", "password", "display_name",
    "first_name", "last_name", "username", "email", "reason", "administration_id", "premises",
    "kind=", "date_from", "decision_maker", "social", "kultur", "stora-salen", "statutes",
    "payment_reference",
]  # fmt: skip


def _raw_in(text: str) -> list[str]:
    codes = list(Criterion.objects.values_list("code", flat=True))
    return [raw for raw in [*RAW, *codes] if re.search(rf"(?<![\w.-]){re.escape(raw)}\b", text)]


def test_no_stored_key_code_or_field_name_is_shown_raw(world, login) -> None:
    _coded_events(world)
    _jav_and_association(world)
    rejected = drive(world, world.submit(), State.REJECTED)
    paid = drive(world, world.submit(), State.PAID)
    client = login(world.auditor)
    client.get(f"/revision/export.csv?kind=foreningsbidrag&administration={world.kultur.pk}")
    client.get(f"{SYSTEM_PAGE}export.csv?kind=conflict&date_from=2020-01-01")
    system = _text(client.get(SYSTEM_PAGE).content.decode())
    assert "Förvaltningar: – → Socialförvaltningen" in system
    assert "Kriterier: Demokratisk uppbyggnad, Öppet medlemskap" in system
    assert "Lokaler: – → Stora salen" in system and "Dokumenttyp: stadgar" in system
    assert "Förvaltning: – → Kultur- och fritidsförvaltningen" in system
    assert "Raderade uppgifter: Visningsnamn, Användarnamn" in system
    # In the filter form's order, whatever order the database keeps the keys in (jsonb: none).
    assert "Urval: Förvaltning: Kultur- och fritidsförvaltningen, Ärendeslag: Föreningsbidrag" in (
        system
    )
    assert "Urval: Slag av händelse: Jäv, Från och med: 2020-01-01" in system
    pages = {"system": system}
    for event in AuditEvent.objects.filter(case_ref=""):
        pages[f"event {event.seq}"] = _text(
            client.get(f"/revision/handelser/{event.seq}/").content.decode()
        )
    pages["log"] = _text(client.get("/revision/").content.decode())
    for app in (rejected, paid):
        timeline = client.get(f"/revision/arenden/{app.reference}/").content.decode()
        pages[app.reference] = _text(timeline)
    assert {name: _raw_in(text) for name, text in pages.items() if _raw_in(text)} == {}
    assert "Ingen våldsbejakande extremism" in pages[rejected.reference]
    assert "Kriterier: Ingen våldsbejakande extremism (regelverk v1)" in pages["log"]


def test_the_csv_keeps_the_criterion_codes_next_to_their_titles(world, login) -> None:
    drive(world, world.submit(), State.REJECTED)
    response = login(world.auditor).get("/revision/export.csv?decisions_only=on")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [dict(zip(rows[0], r, strict=True))["kriterier"] for r in rows[1:]]
    assert any("NO_VIOLENT_EXTREMISM (Ingen våldsbejakande extremism)" in c for c in cells)


def test_the_revocation_hearing_names_the_criteria_by_title(world, login) -> None:
    app = _hearing(world)
    page = login(world.decider).get(f"/arenden/{app.reference}/").content.decode()
    box = page.split('id="revocation-hearing"', 1)[1].split("</section>", 1)[0]
    title = Criterion.objects.filter(code=demo.REVOCATION_GROUND).latest("pk").title
    assert title in box and demo.REVOCATION_GROUND not in box


def test_the_log_and_the_timeline_link_each_event_to_its_page(world, login) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    client = login(world.auditor)
    log = client.get("/revision/").content.decode()
    timeline = client.get(f"/revision/arenden/{app.reference}/").content.decode()
    for event in AuditEvent.objects.filter(case_ref=app.reference):
        link = f'href="/revision/handelser/{event.seq}/"'
        assert link in timeline, event.action
        if event.object_type == "application":  # the log lists the transitions
            assert link in log, event.action
    officer = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert "/revision/handelser/" not in officer  # not theirs to open


def test_a_dropped_revocation_links_its_letter(world, login) -> None:
    app = _hearing(world)
    hearing = svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    letter = f'href="/arenden/{app.reference}/kommunicering/{hearing.pk}/avslutad/"'
    client = login(world.auditor)
    assert letter in client.get(f"/revision/arenden/{app.reference}/").content.decode()
    assert letter in client.get(f"/revision/?case={app.reference}").content.decode()
    assert client.get(letter[6:-1]).status_code == 200


def test_a_payment_s_reference_is_shown_as_such_not_as_reasons(world, login) -> None:
    paid = drive(world, world.submit(amount=Decimal("2500.00")), State.PAID)
    reference = AuditEvent.objects.get(
        case_ref=paid.reference, action="application.pay"
    ).reasons_text
    client = login(world.auditor)
    log = client.get(f"/revision/?case={paid.reference}").content.decode()
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", log, re.S) if reference in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert f"Utbetalningsreferens: {reference}" in cells[4]  # with the event, labelled
    assert reference not in cells[7]  # not under "Motivering"
    timeline = _text(client.get(f"/revision/arenden/{paid.reference}/").content.decode())
    assert timeline.count(reference) == 1 and f"Utbetalningsreferens: {reference}" in timeline


def _run(monkeypatch: Any, *, intact: bool, findings: int) -> None:
    report = SimpleNamespace(
        intact=intact, head_seq=9, checkpoints=1, first_bad=None if intact else 4,
        problem="" if intact else "hash", findings=[{}] * findings,
        problem_record=lambda: None,
    )  # fmt: skip
    monkeypatch.setattr(auditchain, "run_verification", lambda **kwargs: report)


def _flash(client: Any) -> str:
    page = client.get(client.post("/revision/kedja/verifiera/")["Location"]).content.decode()
    return re.search(r'<ul class="messages">(.*?)</ul>', page, re.S).group(1)


def test_a_verification_with_findings_only_is_a_warning_not_an_error(
    world, login, monkeypatch
) -> None:
    client = login(world.auditor)
    _run(monkeypatch, intact=True, findings=2)
    flash = _flash(client)
    assert '<li class="warning">' in flash and "error" not in flash
    assert "Kedjan är obruten, men 2 poster skiljer sig i avstämningen" in flash
    _run(monkeypatch, intact=False, findings=0)
    flash = _flash(client)
    assert '<li class="error">' in flash and "verifierad" not in flash
    assert "Kedjan är bruten: loggen har ändrats efter att händelserna skrevs." in flash
    _run(monkeypatch, intact=True, findings=0)
    assert "<li>Hela kedjan är verifierad nu" in _flash(client)


def test_an_erased_decision_maker_s_decisions_are_found_by_the_filter(world, login) -> None:
    grant = drive(world, world.submit(), State.APPROVED)
    decider = world.decider
    decider.groups.remove(decider.groups.get(name=roles.DECISION_MAKER))
    decider.is_active = False
    decider.save(update_fields=["is_active"])
    person = person_erase(user=decider, actor=SYSTEM)
    assert Decision.objects.get(application=grant).decided_by == decider
    client = login(world.auditor)
    page = client.get("/revision/").content.decode()
    assert f'<option value="{decider.pk}">{person.pseudonym}</option>' in page
    chosen = client.get(f"/revision/?decision_maker={decider.pk}&decisions_only=on")
    decision = AuditEvent.objects.get(case_ref=grant.reference, action="application.decide")
    assert decision.actor_id == person.pseudonym
    assert f'href="/revision/handelser/{decision.seq}/"' in chosen.content.decode()
    others = client.get(f"/revision/?decision_maker={world.decider_small.pk}&decisions_only=on")
    assert f'href="/revision/handelser/{decision.seq}/"' not in others.content.decode()


def test_the_new_words_in_english(world, login, monkeypatch) -> None:
    _coded_events(world)
    _jav_and_association(world)
    client = english(login(world.auditor))
    page = _text(client.get(SYSTEM_PAGE).content.decode())
    assert "Grounds of the conflict of interest: Styrelseledamot" in page
    assert "Erased data: Display name, Username, First name, Last name" in page
    assert "Premises: – → Stora salen" in page and "Grund för jävet" not in page
    _run(monkeypatch, intact=True, findings=1)
    assert "The chain is intact, but 1 record differs in the reconciliation" in _flash(client)
