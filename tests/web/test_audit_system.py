"""The auditors' list of the events that are not about a case (/revision/ovriga/): who, when,
what in words, whom it concerns, filtered by kind and period, each linked to its event; its CSV
export is recorded; no secret or hash the trail keeps is printed; a fixed query count a page."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.tokens import api_token_create, api_token_revoke
from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import person_erase, record_event
from audit.tasks import verify_chain
from bookings.services.clients import client_create, client_revoke, client_rotate_key
from tests.factories import UserFactory
from tests.web.test_page_texts import english
from vetting import roles
from vetting.admin_audit import record_reference_change
from vetting.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db
PAGE = "/revision/ovriga/"
EXPORT = "/revision/ovriga/export.csv"


def _rows(page: str) -> dict[int, str]:
    """Each row's text by its event number, tags stripped."""
    rows = re.findall(r'<tr id="event-(\d+)">(.*?)</tr>', page, re.S)
    return {int(seq): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for seq, row in rows}


def _event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


@pytest.fixture
def happened(world: Any) -> dict[str, Any]:
    """One of each: a role change, a booking system created, rotated and revoked, an API token
    created and revoked, an erasure, a webhook redelivered, a verification."""
    request = SimpleNamespace(user=world.admin)
    with transaction.atomic():
        record_reference_change(
            request=request,  # type: ignore[arg-type]
            obj=world.handler2,
            verb="changed",
            changes={
                "groups": {"from": [roles.HANDLER], "to": [roles.DECISION_MAKER]},
                "changed_not_recorded": ["password"],
            },
        )
    creds = client_create(actor=world.admin, name="Bokningen AB", webhook_url="https://b.example/h")
    new_key = client_rotate_key(actor=world.admin, client=creds.client)
    token, raw = api_token_create(actor=world.admin, user=world.handler, name="Skript")
    api_token_revoke(actor=world.admin, token=token)
    leaver = UserFactory(username="leaver", first_name="Lea", last_name="Ver", is_active=False)
    person_erase(user=leaver, actor=SYSTEM)
    with transaction.atomic():
        record_event(
            actor=SYSTEM, action="webhook.redelivered", object_type="webhook_message",
            object_id=7, changes={"msg_id": "msg_x", "client_id": creds.client.pk,
                                  "event_type": "decision.made", "previous_status": "failed"},
        )  # fmt: skip
    client_revoke(actor=world.admin, client=creds.client)
    verify_chain()
    return {"secrets": [creds.api_key, creds.webhook_secret, new_key, raw], "client": creds.client}


def test_the_events_about_no_case_are_listed_in_words(world, login, happened) -> None:
    page = login(world.auditor).get(PAGE).content.decode()
    rows = _rows(page)
    role = rows[_event("refdata.user.changed").seq]
    assert "Användarkonto: ändring" in role and "Roller och användarkonton" in role
    assert world.handler2.get_full_name() in role  # whom it concerns, by name
    assert "Roller: Handläggare → Beslutsfattare" in role
    assert "Ändrat men inte registrerat: Lösenord" in role  # the field in words
    assert world.admin.get_full_name() in role  # who
    delegation = rows[_event("refdata.delegation.created").seq]
    assert "Delegation: tillägg" in delegation and world.decider_small.get_full_name() in delegation
    assert "Högsta belopp: 5" in delegation
    assert "Bokningssystem registrerat" in rows[_event("booking_client.created").seq]
    assert "Bokningssystemets API-nyckel bytt" in rows[_event("booking_client.key_rotated").seq]
    revoked = rows[_event("booking_client.revoked").seq]
    assert "Bokningssystemet spärrat" in revoked and "Bokningen AB" in revoked
    token = rows[_event("api_token.created").seq]
    assert "API-token skapad" in token and world.handler.get_full_name() in token
    assert "API-token spärrad" in rows[_event("api_token.revoked").seq]
    erased = rows[_event("person.erased").seq]
    assert "Personuppgifter raderade" in erased and "Lea" not in erased
    webhook = rows[_event("webhook.redelivered").seq]
    assert "Webhook skickad på nytt" in webhook and "Bokningen AB" in webhook
    assert "Webhookhändelse: decision.made" in webhook and "Systemet" in webhook
    verified = rows[_event("audit.verified").seq]
    assert "Granskningsloggen verifierad" in verified and "OK: kedjan obruten" in verified
    assert not any(e.case_ref for e in AuditEvent.objects.filter(seq__in=rows))


def test_no_secret_or_hash_of_a_key_is_printed(world, login, happened) -> None:
    client = login(world.auditor)
    page = client.get(PAGE).content.decode()
    export = client.get(EXPORT).content.decode("utf-8-sig")
    details = "".join(
        client.get(f"/revision/handelser/{e.seq}/").content.decode()
        for e in AuditEvent.objects.filter(case_ref="").exclude(action__startswith="application.")
    )
    prefixes = [e.changes.get("key_prefix") for e in AuditEvent.objects.all()]
    digests = [e.changes.get("sha256") for e in AuditEvent.objects.all()]
    for text in (page, export, details):
        for secret in happened["secrets"]:
            assert secret not in text
        for value in filter(None, [*prefixes, *digests]):
            assert value not in text


def test_each_row_links_to_its_event_and_a_verification_to_the_chain(world, login, happened):
    client = login(world.auditor)
    page = client.get(PAGE).content.decode()
    event = _event("api_token.created")
    assert f'href="/revision/handelser/{event.seq}/"' in page
    detail = client.get(f"/revision/handelser/{event.seq}/").content.decode()
    assert event.hash in detail and event.prev_hash in detail and "API-token skapad" in detail
    verified = _event("audit.verified")
    row = re.search(rf'<tr id="event-{verified.seq}">(.*?)</tr>', page, re.S).group(1)
    assert 'href="/revision/kedja/"' in row
    assert (
        'id="event-verification"'
        in client.get(f"/revision/handelser/{verified.seq}/").content.decode()
    )


def test_a_case_event_s_page_links_to_it_in_the_case(world, login) -> None:
    app = world.submit()
    event = AuditEvent.objects.filter(case_ref=app.reference).latest("seq")
    page = login(world.auditor).get(f"/revision/handelser/{event.seq}/").content.decode()
    target = f"/revision/arenden/{app.reference}/?event={event.seq}#event-{event.seq}"
    assert f'href="{target}"' in page and event.hash in page


def test_filtered_by_kind_and_period(world, login, happened) -> None:
    client = login(world.auditor)

    def listed(query: str) -> set[str]:
        seqs = _rows(client.get(f"{PAGE}?{query}").content.decode())
        return set(AuditEvent.objects.filter(seq__in=seqs).values_list("action", flat=True))

    assert listed("kind=api_token") == {"api_token.created", "api_token.revoked"}
    assert listed("kind=access") == {"refdata.user.changed"}
    assert listed("kind=delegation") == {"refdata.delegation.created"}
    assert listed("kind=erasure") == {"person.erased"}
    assert listed("kind=webhook") == {"webhook.redelivered"}
    assert "refdata.user.changed" not in listed("kind=refdata")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert listed(f"date_from={tomorrow}") == set()
    assert "api_token.created" in listed(f"date_to={timezone.localdate().isoformat()}")
    bad = client.get(f"{PAGE}?kind=nonsense")
    assert 'id="filter-errors"' in bad.content.decode() and not _rows(bad.content.decode())


def test_the_csv_export_has_them_and_is_recorded(world, login, happened) -> None:
    response = login(world.auditor).get(f"{EXPORT}?kind=booking_client")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["seq", "tidpunkt", "slag", "händelse"]
    actions = {dict(zip(rows[0], r, strict=True))["action"] for r in rows[1:]}
    assert actions == {"booking_client.created", "booking_client.key_rotated",
                       "booking_client.revoked"}  # fmt: skip
    export = _event("audit.exported")
    assert export.object_type == "system_log" and export.changes["rows"] == 3
    assert export.changes["filters"]["kind"] == "booking_client"
    page = login(world.auditor).get(f"{PAGE}?kind=export").content.decode()
    assert "Systemhändelserna exporterade (CSV)" in _rows(page)[export.seq]


def test_in_english(world, login, happened) -> None:
    page = english(login(world.auditor)).get(PAGE).content.decode()
    role = _rows(page)[_event("refdata.user.changed").seq]
    assert "User account: changed" in role and "Roles: Handler → Decision maker" in role
    assert "System events" in page
    log = english(login(world.auditor)).get("/revision/").content.decode()
    assert 'id="system-events-link"' in log and "Other events: roles and accounts" in log


def test_only_auditors_see_them(world, login, happened) -> None:
    seq = _event("api_token.created").seq
    for user in (world.handler, world.decider, world.admin):
        client = login(user)
        for path in (PAGE, EXPORT, f"/revision/handelser/{seq}/"):
            assert client.get(path).status_code == 403, (user, path)
    assert not AuditEvent.objects.filter(object_type="system_log").exists()
    assert login(world.auditor).post(PAGE).status_code == 403  # read only


def test_a_page_takes_a_fixed_number_of_queries(world, login, happened) -> None:
    client = login(world.auditor)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PAGE).status_code == 200
        return len(ctx.captured_queries)

    few = count()  # a page of each kind: people, accounts and booking systems named
    for n in range(40):
        api_token_create(actor=world.admin, user=world.handler, name=f"t{n}")
        with transaction.atomic():
            record_reference_change(
                request=SimpleNamespace(user=world.admin),  # type: ignore[arg-type]
                obj=world.handler2, verb="changed", changes={"is_staff": {"from": 0, "to": 1}},
            )  # fmt: skip
            record_event(
                actor=SYSTEM, action="webhook.redelivered", object_type="webhook_message",
                object_id=n, changes={"client_id": happened["client"].pk},
            )  # fmt: skip
    # The newest rows name an association and an administration too, as the first page did.
    conflict_declare(actor=world.admin, user=world.handler, association=world.spex, reason="Led")
    with transaction.atomic():
        record_event(
            actor=SYSTEM, action="refdata.delegation.created", object_type="delegation",
            changes={"administration": world.kultur.code},
        )  # fmt: skip
    assert AuditEvent.objects.filter(case_ref="").count() > 100  # more than a page
    assert count() == few


def test_a_jav_ground_is_shown_from_beside_the_chain_then_as_pruned(world, login) -> None:
    """ADR 0027: the ground is a commitment in the chain; the page shows the text kept beside
    it, and "gallrad <date>" once pruned (same queries: read with the list)."""
    from audit.pruning import event_texts_prune

    conflict_declare(
        actor=world.admin, user=world.handler, association=world.spex, reason="Min svåger."
    )
    event = _event("conflict.declared")
    assert "Min svåger" not in event.canonical
    client = login(world.auditor)
    assert "Grund för jävet: Min svåger." in _rows(client.get(PAGE).content.decode())[event.seq]
    event_texts_prune(actor=SYSTEM, association_id=world.spex.pk, ground="DHP 4.2")
    row = _rows(client.get(PAGE).content.decode())[event.seq]
    assert f"Grund för jävet: gallrad {timezone.localdate():%Y-%m-%d}" in row
    assert "Min svåger" not in client.get(EXPORT).content.decode("utf-8-sig")


def test_an_export_of_the_trail_is_called_verifiable_only_in_jsonl(world, login) -> None:
    """Only the JSONL export can be verified (audit-format §4): the CSV run says it is not."""
    from audit.export import audit_export

    for fmt in ("jsonl", "csv"):
        _range, chunks = audit_export(actor=SYSTEM, since=None, until=None, fmt=fmt)
        list(chunks)
    jsonl, csv_run = AuditEvent.objects.filter(action="audit.exported").order_by("seq")
    assert csv_run.changes["format"] == "csv"
    rows = _rows(login(world.auditor).get(f"{PAGE}?kind=export").content.decode())
    assert "Granskningsloggen exporterad (verifierbar export)" in rows[jsonl.seq]
    assert "Granskningsloggen exporterad (CSV, inte verifierbar)" in rows[csv_run.seq]
    assert "verifierbar export" not in rows[csv_run.seq]


def test_a_delegation_note_is_shown_from_beside_the_chain_then_as_pruned(world, login) -> None:
    """docs/audit-format.md 1.9: the note is shown as its text, or "gallrad <date>"; it used to
    be only named ("Även registrerat (visas inte): Anteckning")."""
    from audit.models import EventText
    from vetting.models import Delegation

    with transaction.atomic():
        record_reference_change(
            request=SimpleNamespace(user=world.admin),  # type: ignore[arg-type]
            obj=Delegation.objects.first(), verb="changed",
            changes={"note": "Vikarie för Eva under maj."},
        )  # fmt: skip
    event = _event("refdata.delegation.changed")
    assert "Vikarie" not in event.canonical
    client = login(world.auditor)
    row = _rows(client.get(PAGE).content.decode())[event.seq]
    assert "Anteckning: Vikarie för Eva under maj." in row
    assert "visas inte" not in row
    EventText.objects.filter(event_id=event.seq).update(text="", nonce="", pruned_at=timezone.now())
    row = _rows(client.get(PAGE).content.decode())[event.seq]
    assert f"Anteckning: gallrad {timezone.localdate():%Y-%m-%d}" in row and "Vikarie" not in row
