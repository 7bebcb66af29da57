"""The work queue: groups with counters, filters, sorting, paging, constant query counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import DelegationFactory
from tests.world import assess, assess_all, drive, take_over
from vetting import services as svc
from vetting.models import Application, Kind, State

pytestmark = pytest.mark.django_db


def counts(page: str) -> dict[str, int]:
    return {g: int(n) for g, n in re.findall(r'data-group="(\w+)">\((\d+)\)', page)}


ROW = re.compile(
    r'<a href="/arenden/([\w-]+)/">.*?<td class="nowrap">(\d{4}-\d\d-\d\d)</td>\s*'
    r'<td class="nowrap">(?:<span[^>]*>)?(\d{4}-\d\d-\d\d)?(\s*\(försenat\))?',
    re.S,
)


def rows(body: str) -> list[tuple[str, date | None, bool]]:
    """(reference, shown deadline, marked overdue) of each queue row, in page order."""
    return [
        (ref, date.fromisoformat(deadline) if deadline else None, bool(late))
        for ref, _received, deadline, late in ROW.findall(body)
    ]


def _received(app: Application, days_ago: int) -> None:
    Application.objects.filter(pk=app.pk).update(
        received_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_groups_and_counters(world, login):
    mine = world.submit(subject="Mitt ärende")
    drive(world, mine, State.IN_REVIEW)
    unassigned = world.submit(subject="Ingen har tagit")
    waiting = world.submit(subject="Väntar på komplettering")
    drive(world, waiting, State.SUPPLEMENT_REQUESTED)
    old = world.submit(subject="Gammalt ärende")
    Application.objects.filter(pk=old.pk).update(
        received_on=timezone.localdate() - timedelta(days=60)
    )
    other = world.submit(subject="Annan handläggares")
    client = login(world.handler)
    page = client.get("/").content.decode()
    assert counts(page) == {"mine": 2, "unassigned": 3, "waiting": 1, "overdue": 1, "all": 5}
    assert mine.reference in page and unassigned.reference not in page

    def listed(group: str) -> set[str]:
        body = client.get(f"/?group={group}").content.decode()
        return {a.reference for a in (mine, unassigned, waiting, old, other) if a.reference in body}

    assert listed("unassigned") == {unassigned.reference, old.reference, other.reference}
    assert listed("waiting") == {waiting.reference}
    assert listed("overdue") == {old.reference}


def test_communicated_and_overdue_response_are_waiting_and_overdue(world, login):
    app = world.submit()
    drive(world, app, State.COMMUNICATED)
    Application.objects.filter(pk=app.pk).update(
        response_due=timezone.localdate() - timedelta(days=1)
    )
    page = login(world.handler).get("/?group=overdue").content.decode()
    assert app.reference in page and "försenat" in page
    assert counts(page)["waiting"] == 1


def test_filters_and_sorting(world, login):
    grant = world.submit(Kind.FORENINGSBIDRAG, subject="Bidragsärende")
    rental = world.submit(Kind.LOKALUTHYRNING, subject="Hyresärende")
    spex = world.submit(Kind.FORENINGSBIDRAG, subject="Spexärende", association=world.spex)
    client = login(world.handler)

    def refs(query: str) -> list[str]:
        body = client.get(f"/?group=all&{query}").content.decode()
        return re.findall(r'href="/arenden/([\w-]+)/"', body)

    assert refs("kind=lokaluthyrning") == [rental.reference]
    assert refs(f"premises={world.hall.pk}") == [rental.reference]
    assert refs(f"association={world.spex.pk}") == [spex.reference]
    assert refs(f"administration={world.kultur.pk}&state=submitted") == [
        spex.reference,
        rental.reference,
        grant.reference,
    ]
    assert refs("sort=received_asc") == [grant.reference, rental.reference, spex.reference]
    drive(world, rental, State.IN_REVIEW)
    drive(world, spex, State.SUPPLEMENT_REQUESTED)
    assert refs("sort=deadline")[0] == spex.reference


def test_htmx_request_gets_only_the_results(world, login):
    world.submit()
    response = login(world.handler).get("/?group=all", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}


def test_full_page_and_htmx_answer_of_one_url_vary_by_hx_request(world, login):
    """Back after an htmx filter and a paging link restored the cached fragment as the page
    (no Vary: HX-Request): both answers now say they differ by it, and a plain GET of the URL
    htmx pushed is the full page."""
    world.submit()
    client = login(world.handler)
    path = f"/?group=all&state={State.SUBMITTED}"
    fragment = client.get(path, HTTP_HX_REQUEST="true")
    full = client.get(path)
    assert "hx-request" in _vary(fragment) and "hx-request" in _vary(full)
    assert "<html" not in fragment.content.decode()
    body = full.content.decode()
    assert "<html" in body and 'id="queue-results"' in body and "<table" in body


def test_htmx_history_restore_gets_the_full_page(world, login):
    world.submit()
    response = login(world.handler).get(
        "/?group=all", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
    assert "hx-history-restore-request" in _vary(response)


def test_htmx_filter_answer_refreshes_the_group_tabs_out_of_band(world, login):
    world.submit()
    client = login(world.handler)
    body = client.get(
        f"/?group=all&kind={Kind.LOKALUTHYRNING}", HTTP_HX_REQUEST="true"
    ).content.decode()
    tabs = body[body.index('<nav id="queue-tabs"') :]
    assert 'hx-swap-oob="true"' in tabs.split(">", 1)[0]
    assert f"?group=mine&amp;kind={Kind.LOKALUTHYRNING}" in tabs
    assert counts(body)["all"] == 0  # the counters follow the filter: no rental case
    page = client.get("/").content.decode()
    assert '<nav id="queue-tabs"' in page and "hx-swap-oob" not in page


def test_htmx_filter_answer_points_the_language_switcher_at_the_filtered_queue(world, login):
    """The URL htmx pushes is where switching language returns, not the page's first URL."""
    client = login(world.handler)
    path = f"/?group=all&kind={Kind.LOKALUTHYRNING}"
    body = client.get(path, HTTP_HX_REQUEST="true").content.decode()
    field = re.search(r'<input id="language-next"[^>]*>', body)
    assert field is not None
    assert 'hx-swap-oob="true"' in field.group(0)
    assert f'value="/?group=all&amp;kind={Kind.LOKALUTHYRNING}"' in field.group(0)
    page = client.get("/?group=all").content.decode()
    assert '<input id="language-next" name="next" type="hidden" value="/?group=all">' in page
    switched = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert switched.status_code == 302 and switched["Location"] == path


def test_paginated(world, login):
    for i in range(27):
        world.submit(subject=f"Ärende {i}")
    client = login(world.handler)
    first = client.get("/?group=all").content.decode()
    assert "Sida 1 av 2" in first and first.count('href="/arenden/') == 25
    second = client.get("/?group=all&page=2").content.decode()
    assert second.count('href="/arenden/') == 2


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("group", ["mine", "all", "waiting", "overdue"])
def test_query_count_is_constant_in_rows(world, login, group):
    client = login(world.handler)

    def add(n: int) -> None:
        for _ in range(n):
            app = world.submit(Kind.LOKALUTHYRNING)
            drive(world, app, State.SUPPLEMENT_REQUESTED)
            Application.objects.filter(pk=app.pk).update(
                supplement_due=timezone.localdate() - timedelta(days=1)
            )

    add(2)
    few = _queries(client, f"/?group={group}")
    add(18)
    many = _queries(client, f"/?group={group}")
    assert few == many


def test_an_invalid_filter_is_explained_and_lists_nothing(world, login):
    app = world.submit(Kind.FORENINGSBIDRAG)
    client = login(world.handler)
    path = f"/?group=all&kind={Kind.FORENINGSBIDRAG}&administration=abc"
    page = client.get(path).content.decode()
    assert app.reference not in page and "0 ärenden" in page
    assert 'id="filter-errors"' in page
    assert "Förvaltning: Välj ett giltigt alternativ." in page
    assert '<ul class="errorlist"' in page  # also at the field itself
    body = client.get(path, HTTP_HX_REQUEST="true").content.decode()
    assert app.reference not in body and "Förvaltning: Välj ett giltigt alternativ." in body
    assert app.reference in client.get(f"/?group=all&kind={Kind.FORENINGSBIDRAG}").content.decode()


def test_deadline_sort_follows_the_deadline_the_rows_show(world, login, settings):
    """One deadline per row (the earliest that applies), shown and sorted by: a case about to
    pass its handling time comes before one whose applicant has 20 days left."""
    settings.GRANSKA_HANDLING_DAYS = 30
    today = timezone.localdate()
    urgent = drive(world, world.submit(subject="Handläggningstiden går ut"), State.IN_REVIEW)
    _received(urgent, 28)  # handling deadline: today + 2
    waiting = drive(world, world.submit(subject="Komplettering"), State.SUPPLEMENT_REQUESTED)
    Application.objects.filter(pk=waiting.pk).update(supplement_due=today + timedelta(days=20))
    fresh = world.submit(subject="Ny")  # handling deadline: today + 30

    body = login(world.handler).get("/?group=all&sort=deadline").content.decode()
    listed = rows(body)
    assert [r[0] for r in listed] == [urgent.reference, waiting.reference, fresh.reference]
    assert [d for _, d, _ in listed] == [
        today + timedelta(days=2),
        today + timedelta(days=20),
        today + timedelta(days=30),
    ]
    assert "komplettering" in body and "handläggningstid" in body  # which deadline it is


def test_every_row_of_the_overdue_group_is_marked_overdue(world, login, settings):
    """Past the handling time while the supplement deadline is ahead: the row shows the missed
    handling deadline, marked, as the group counts it."""
    settings.GRANSKA_HANDLING_DAYS = 30
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    today = timezone.localdate()
    Application.objects.filter(pk=app.pk).update(
        received_on=today - timedelta(days=60), supplement_due=today + timedelta(days=10)
    )
    body = login(world.handler).get("/?group=overdue").content.decode()
    assert rows(body) == [(app.reference, today - timedelta(days=30), True)]
    assert counts(body)["overdue"] == 1


def test_group_counters_follow_the_active_filter(world, login):
    world.submit(Kind.FORENINGSBIDRAG)
    world.submit(Kind.ARRANGORSSTOD)
    rental = world.submit(Kind.LOKALUTHYRNING)
    client = login(world.handler)
    body = client.get(
        f"/?group=all&kind={Kind.LOKALUTHYRNING}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert rental.reference in body and "1 ärende" in body
    assert counts(body) == {"mine": 0, "unassigned": 1, "waiting": 0, "overdue": 0, "all": 1}


def test_decision_makers_queue_is_what_they_may_decide(world, login):
    """Proposals (not adverse ones still to be communicated), and communicated cases whose
    response came in or whose deadline passed; not what the decision maker prepared."""
    proposed = drive(world, world.submit(subject="Förslag"), State.PROPOSED)
    heard = drive(world, world.submit(subject="Yttrande inkom"), State.COMMUNICATED)
    svc.application_record_response(
        application=heard, actor=world.handler, response="Vi bestrider."
    )
    lapsed = drive(world, world.submit(subject="Svarstiden gick ut"), State.COMMUNICATED)
    Application.objects.filter(pk=lapsed.pk).update(
        response_due=timezone.localdate() - timedelta(days=1)
    )
    awaiting = drive(world, world.submit(subject="Väntar på svar"), State.COMMUNICATED)
    drive(world, world.submit(subject="Under handläggning"), State.IN_REVIEW)
    client = login(world.decider)
    page = client.get("/").content.decode()  # the decision maker's own group comes first
    assert counts(page) == {"to_decide": 3, "unassigned": 0, "waiting": 2, "overdue": 1, "all": 5}
    assert 'data-group="mine"' not in page
    listed = {r[0] for r in rows(page)}
    assert listed == {proposed.reference, heard.reference, lapsed.reference}
    assert awaiting.reference not in listed

    # Whoever took part in preparing a case does not find it here (four-eyes): its handler,
    # and someone the audit trail shows assessing it.
    world.handler.groups.add(world.decider.groups.get())
    mixed = login(world.handler).get("/?group=to_decide").content.decode()
    assert counts(mixed)["to_decide"] == 0 and counts(mixed)["mine"] == 5
    world.handler2.groups.add(world.decider.groups.get())
    DelegationFactory(user=world.handler2, administration=world.kultur)
    assessed = drive(world, world.submit(), State.IN_REVIEW)
    take_over(world, assessed, world.handler2)
    assess(world, assessed, "OPEN_MEMBERSHIP", "pass", by=world.handler2)
    take_over(world, assessed, world.handler)  # and back: the trail still shows the assessment
    assess_all(world, assessed)
    svc.application_propose(
        application=assessed,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    )
    assert counts(login(world.decider).get("/").content.decode())["to_decide"] == 4
    assert counts(login(world.handler2).get("/").content.decode())["to_decide"] == 3


def test_security_coordinator_queue_is_the_escalated_cases(world, login):
    escalated = drive(world, world.submit(), State.ESCALATED)
    drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.security).get("/").content.decode()
    assert counts(page)["escalated"] == 1 and 'data-group="to_decide"' not in page
    assert [r[0] for r in rows(page)] == [escalated.reference]


@pytest.mark.parametrize(
    ("who", "group"), [("decider", "to_decide"), ("security", "escalated"), ("handler", "overdue")]
)
def test_role_groups_query_count_is_constant_in_rows(world, login, who, group):
    client = login(getattr(world, who))

    def add(n: int) -> None:
        for _ in range(n):
            app = drive(world, world.submit(), State.PROPOSED)
            Application.objects.filter(pk=app.pk).update(state=State.ESCALATED)
            drive(world, world.submit(), State.PROPOSED)

    add(1)
    few = _queries(client, f"/?group={group}&sort=deadline")
    add(6)
    many = _queries(client, f"/?group={group}&sort=deadline")
    assert few == many


def test_the_kind_is_not_doubled_before_the_subject(world, login):
    """Booking requests once stored 'Lokaluthyrning: <title>' as the subject, and the pages put
    the kind before it again. New cases store the title; older rows are shown without the
    repeat (their registered subject is left as recorded)."""
    from audit.context import SYSTEM
    from bookings.services import client_create
    from tests.api.conftest import client_for, post_booking

    booking = client_for(client_create(actor=SYSTEM, name="Bokning", premises=[world.hall]))
    new = Application.objects.get(reference=post_booking(booking).json()["reference"])
    old = world.submit(Kind.LOKALUTHYRNING)
    Application.objects.filter(pk=old.pk).update(subject="Lokaluthyrning: Höstmöte")
    client = login(world.handler)
    body = client.get("/?group=all").content.decode()
    sv = '<span lang="sv">'
    assert f"Lokaluthyrning: {sv}Vårkonsert" in body and f"Lokaluthyrning: {sv}Höstmöte" in body
    assert f"Lokaluthyrning: {sv}Lokaluthyrning" not in body
    case = client.get(f"/arenden/{old.reference}/").content.decode()
    assert f"<h1>{old.reference}: {sv}Höstmöte</span></h1>" in case
    assert new.subject_text == "Vårkonsert"


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (State.IN_REVIEW, Kind.FORENINGSBIDRAG),
        (State.PROPOSED, Kind.FORENINGSBIDRAG),
        (State.COMMUNICATED, Kind.FORENINGSBIDRAG),
        (State.APPROVED, Kind.FORENINGSBIDRAG),
        (State.PROPOSED, Kind.LOKALUTHYRNING),
    ],
)
def test_to_decide_is_exactly_what_the_state_machine_lets_the_decider_decide(world, state, kind):
    """The group's query restates the decide transition's conditions in SQL: it must agree
    with allowed_actions (the state machine and the four-eyes rule) case by case."""
    from vetting.actions import allowed_actions
    from web.selectors import group_conditions, with_deadline

    app = drive(world, world.submit(kind), state)
    if state == State.COMMUNICATED:
        svc.application_record_response(application=app, actor=world.handler, response="Svar")
        app.refresh_from_db()
    condition = group_conditions(world.decider)["to_decide"]
    listed = with_deadline(Application.objects.filter(pk=app.pk)).filter(condition).exists()
    assert listed == ("decide" in allowed_actions(app, world.decider))


def test_to_decide_leaves_out_what_no_delegation_of_the_decider_covers(world, login):
    """A decision maker whose delegation covers grants up to 5 000 kr is not offered a larger
    grant or another kind: deciding would be refused for want of delegation."""
    from decimal import Decimal

    small = drive(world, world.submit(amount=Decimal("3000")), State.PROPOSED)
    large = drive(world, world.submit(amount=Decimal("9000")), State.PROPOSED)
    browser = login(world.decider_small)
    listed = {r[0] for r in rows(browser.get("/?group=to_decide").content.decode())}
    assert small.reference in listed and large.reference not in listed
    page = browser.get(f"/arenden/{large.reference}/").content.decode()
    assert 'data-action="decide"' not in page
    assert 'data-action="decide"' in browser.get(f"/arenden/{small.reference}/").content.decode()


@pytest.mark.parametrize(
    ("program_in", "received", "shown_in", "kind", "late"),
    [
        (5, False, 5, "arrangemangets program", False),  # before the handling time: the programme's
        (-1, False, -1, "arrangemangets program", True),  # passed: overdue
        (40, False, 30, "handläggningstid", False),  # after the handling time: that comes first
        (5, True, 30, "handläggningstid", False),  # received: the handler's turn
    ],
)
def test_a_case_waiting_for_its_programme_shows_the_programme_deadline(
    world, login, settings, program_in, received, shown_in, kind, late
):
    """A case in programme review showed the handling time while the case page said
    "Programmet senast <earlier date>": the programme deadline is the applicant's deadline,
    for the row, the sorting and the overdue group, as a supplement's is."""
    from vetting.models import ProgramReview

    settings.GRANSKA_HANDLING_DAYS = 30
    today = timezone.localdate()
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    _received(app, 0)
    ProgramReview.objects.filter(application=app).update(
        due=today + timedelta(days=program_in),
        program_received_at=timezone.now() if received else None,
    )
    body = login(world.handler).get("/?group=all&sort=deadline").content.decode()
    assert rows(body) == [(app.reference, today + timedelta(days=shown_in), late)]
    assert f'<span class="muted">{kind}</span>' in body
    assert counts(body)["overdue"] == int(late)
    assert counts(body)["waiting"] == int(not received)
