"""The decision log shows the amounts a decision, a payment and a revocation record; its
"Beslutsfattare" filter offers everyone who has decided, not only today's decision makers; the
chain page does not call an intact chain broken when only reconciliation has findings; a case's
events page a page at a time, with a fixed number of queries."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.context import SYSTEM, actor_for_user
from audit.models import AuditEvent
from audit.services import record_event
from audit.tasks import verify_chain
from tests.world import drive
from vetting import roles
from vetting.models import Application, Decision, State
from web.views.audit import PAGE_SIZE

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ")


def _log_row(page: str, seq: int) -> str:
    found = re.search(rf'<tr>\s*<td><a href="/revision/handelser/{seq}/"(.*?)</tr>', page, re.S)
    assert found, seq
    return _text(found.group(1))


def test_the_log_shows_the_amounts_granted_paid_and_reclaimed(world, login) -> None:
    paid = drive(world, world.submit(amount=Decimal("17500.00")), State.PAID)
    revoked = drive(world, world.submit(amount=Decimal("2500.00")), State.REVOKED)
    page = login(world.auditor).get("/revision/").content.decode()

    def row(app: Application, action: str) -> str:
        event = AuditEvent.objects.get(case_ref=app.reference, action=action)
        return _log_row(page, event.seq)

    assert "Beviljat belopp: 17 500 kr" in row(paid, "application.decide")
    assert "Utbetalt belopp: 17 500 kr" in row(paid, "application.pay")
    assert "Återkrävt belopp: " in row(revoked, "application.revoke")
    assert "Beviljat belopp: 2 500 kr" in row(revoked, "application.decide")
    assert "belopp" not in row(paid, "application.assign")  # a transition records none


def test_a_former_decision_maker_can_still_be_chosen(world, login) -> None:
    grant = drive(world, world.submit(), State.APPROVED)
    assert Decision.objects.get(application=grant).decided_by == world.decider
    world.decider.groups.remove(world.decider.groups.get(name=roles.DECISION_MAKER))
    client = login(world.auditor)
    page = client.get("/revision/").content.decode()
    assert f'<option value="{world.decider.pk}">{world.decider.get_full_name()}</option>' in page
    chosen = client.get(f"/revision/?decision_maker={world.decider.pk}&decisions_only=on")
    body = chosen.content.decode()
    assert 'id="filter-errors"' not in body
    decision = AuditEvent.objects.get(case_ref=grant.reference, action="application.decide")
    assert f"?event={decision.seq}#event-{decision.seq}" in body
    assert f'<option value="{world.handler.pk}">' not in page  # never decided


def _finding(world: Any) -> Application:
    """A case whose state no longer matches its last event (a finding of reconciliation)."""
    app = drive(world, world.submit(), State.APPROVED)
    Application.objects.filter(pk=app.pk).update(state=State.REJECTED)
    return app


def test_an_intact_chain_with_findings_is_not_called_broken(world, login) -> None:
    app = _finding(world)
    verify_chain()
    run = AuditEvent.objects.filter(action="audit.verified").latest("seq")
    assert run.changes["intact"] is True and run.changes["findings"]
    page = login(world.auditor).get("/revision/kedja/").content.decode()
    assert "Kedjan stämmer inte" not in page
    assert "Kedjan är obruten, men avstämningen har avvikelser" in page
    summary = _text(re.search(r'<p id="reconciliation-summary">(.*?)</p>', page, re.S).group(1))
    n = len(run.changes["findings"])
    assert "Hasharna och signaturerna stämmer" in summary
    assert f"Men {n} post" in summary and "stämmer inte med sina händelser" in summary
    findings = re.search(r'<ul id="reconciliation-findings">(.*?)</ul>', page, re.S).group(1)
    assert app.reference in findings
    assert 'id="verified-range"' in page  # the chain's verified range is still shown


def test_a_broken_chain_is_still_called_broken(world, login) -> None:
    with transaction.atomic():
        record_event(
            actor=SYSTEM, action="audit.verified", object_type="audit_chain",
            reasons="BROKEN at #3: hash does not match the event's canonical bytes",
            changes={"intact": False, "first_bad": 3, "head_seq": 9, "checkpoints": 0,
                     "findings": ["case X: state a, trail says b"]},
        )  # fmt: skip
    page = login(world.auditor).get("/revision/kedja/").content.decode()
    assert "Kedjan stämmer inte" in page and "bruten vid händelse nr 3" in page
    assert 'id="reconciliation-summary"' not in page


def _crowded(app: Application, n: int, by: Any) -> list[int]:
    """``n`` more events in the case (refused attempts of ``by``, as a busy case gathers)."""
    seqs = []
    for _ in range(n):
        with transaction.atomic():
            event = record_event(
                actor=actor_for_user(by), action="application.refused", object_type="application",
                object_id=app.pk, case_ref=app.reference, from_state=app.state,
                to_state=app.state, changes={"attempted_action": "assign"},
            )  # fmt: skip
        seqs.append(event.seq)
    return seqs


def _listed(page: str) -> list[int]:
    return [int(s) for s in re.findall(r'<li id="event-(\d+)">', page)]


def test_a_case_s_events_are_paginated(world, login) -> None:
    app = world.submit()
    _crowded(app, PAGE_SIZE + 10, world.handler2)
    seqs = list(
        AuditEvent.objects.filter(case_ref=app.reference)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    client = login(world.auditor)
    url = f"/revision/arenden/{app.reference}/"
    first = client.get(url).content.decode()
    assert _listed(first) == seqs[:PAGE_SIZE]
    assert 'href="?page=2"' in first and f"{len(seqs)} händelser" in first
    second = client.get(f"{url}?page=2").content.decode()
    assert _listed(second) == seqs[PAGE_SIZE:]
    # The log's link to an event opens the page that holds it.
    assert _listed(client.get(f"{url}?event={seqs[-1]}").content.decode()) == seqs[PAGE_SIZE:]
    assert _listed(client.get(f"{url}?event={seqs[0]}").content.decode()) == seqs[:PAGE_SIZE]
    assert _listed(client.get(f"{url}?event=x").content.decode()) == seqs[:PAGE_SIZE]


def test_a_decision_s_link_opens_the_page_that_holds_it(world, login) -> None:
    app = world.submit()
    _crowded(app, PAGE_SIZE + 5, world.handler2)
    drive(world, app, State.APPROVED)
    decision = Decision.objects.get(application=app)
    page = (
        login(world.auditor)
        .get(f"/revision/arenden/{app.reference}/?decision={decision.pk}")
        .content.decode()
    )
    assert f'id="decision-{decision.pk}"' in page


def test_a_case_page_takes_a_fixed_number_of_queries(world, login) -> None:
    client = login(world.auditor)
    small = drive(world, world.submit(), State.APPROVED)
    large = drive(world, world.submit(), State.APPROVED)
    _crowded(large, 3 * PAGE_SIZE, world.handler2)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    expected = count(f"/revision/arenden/{small.reference}/")
    for query in ("", "?page=2", "?page=4"):
        assert count(f"/revision/arenden/{large.reference}/{query}") == expected, query
    assert len(_listed(client.get(f"/revision/arenden/{large.reference}/").content.decode())) == (
        PAGE_SIZE
    )


def test_only_auditors_see_a_case_s_events(world, login) -> None:
    app = world.submit()
    for user in (world.handler, world.decider):
        assert login(user).get(f"/revision/arenden/{app.reference}/?page=2").status_code == 403
