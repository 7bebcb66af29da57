"""The case page of a case another handler prepares: only "Ta över ärendet" is offered; a
preparing action posted anyway is refused naming the handler (nothing is sent anywhere); taking
over asks for the jäv confirmation and then offers the preparing actions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from audit.models import AuditEvent
from bookings.models import WebhookMessage
from tests.world import World, drive, take_over
from vetting import services as svc
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db


def buttons(page: str) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', page)


def action_url(app: Any, action: str) -> str:
    return f"/arenden/{app.reference}/atgard/{action}/"


def test_the_other_handler_is_offered_only_taking_over(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.handler2).get(f"/arenden/{app.reference}/").content.decode()
    assert buttons(page) == ["assign"]
    assert "Ta över ärendet" in page and "Ta ärendet<" not in page
    own = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert "assign" not in buttons(own) and "propose" in buttons(own)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("propose", {"outcome": "approved", "reasons": "Föreningen uppfyller villkoren."}),
        ("request_supplement", {"what": "Stadgar"}),
        ("withdraw", {"reason": "Sökanden återkallar per e-post."}),
    ],
)
def test_a_preparing_action_posted_by_the_other_handler_is_refused(
    world: World, login: Any, action: str, data: dict[str, str]
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler2)
    opened = client.get(action_url(app, action)).content.decode()
    name = world.handler.get_full_name()
    assert f"Ärendet handläggs av {name}. Ta över ärendet först." in opened
    response = client.post(action_url(app, action), data)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ärendet handläggs av någon annan" in page and name in page
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and app.handler == world.handler
    assert not WebhookMessage.objects.exists()


def test_taking_over_asks_for_the_jav_confirmation(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler2)
    form = client.get(action_url(app, "assign")).content.decode()
    assert "<h1>Ta över ärendet</h1>" in form and 'name="no_conflict_confirmed"' in form
    assert client.post(action_url(app, "assign"), {}).status_code == 422
    response = client.post(action_url(app, "assign"), {"no_conflict_confirmed": "on"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.handler == world.handler2 and app.state == State.IN_REVIEW
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "propose" in buttons(page) and "assign" not in buttons(page)
    assert "Ärendet övertaget av en annan handläggare" in page  # the timeline


def test_an_administrator_does_not_see_the_current_handler_to_give_it_to(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    form = login(world.admin).get(action_url(app, "assign")).content.decode()
    assert f'value="{world.handler2.pk}"' in form
    assert f'value="{world.handler.pk}"' not in form


def test_the_other_handler_may_not_register_the_program(world: World, login: Any) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    response = login(world.handler2).post(action_url(app, "program_submit"), {"text": "Program"})
    assert response.status_code == 403
    assert world.handler.get_full_name() in response.content.decode()
    assert app.program_reviews.get().program_received_at is None


def test_the_timeline_names_both_handlers_and_the_reason(world: World, login: Any) -> None:
    """The timeline showed only "Ärendet övertaget …" and who clicked: now the handler it was
    taken from and the one it went to, by name, and the reason given, to officers and auditors
    alike (the event keeps pseudonyms only)."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = login(world.handler2).post(
        action_url(app, "assign"),
        {"no_conflict_confirmed": "on", "reason": "Hanna är föräldraledig från måndag."},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="application.take_over")
    assert event.reasons_text == "Hanna är föräldraledig från måndag."
    old, new = world.handler.get_full_name(), world.handler2.get_full_name()
    assert old not in event.canonical and new not in event.canonical
    officer = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    auditor = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    for page in (officer, auditor):
        assert f"Från handläggare: {old} · Till handläggare: {new}" in page
        assert "Hanna är föräldraledig från måndag." in page


def test_taking_over_without_a_reason_is_still_possible(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    form = login(world.handler2).get(action_url(app, "assign")).content.decode()
    assert 'name="reason"' in form
    fresh = login(world.handler2).get(action_url(world.submit(), "assign")).content.decode()
    assert 'name="reason"' not in fresh  # taking a new case: nobody to take it from
    take_over(world, app, world.handler2)
    assert AuditEvent.objects.get(action="application.take_over").reasons == ""


def _notice(page: str) -> str:
    """The queue's notice of cases taken over from the user ("" when there is none)."""
    if "data-taken-over" not in page:
        return ""
    return page.split("data-taken-over", 1)[1].split("</section>", 1)[0]


def test_the_first_handler_is_told_on_the_work_queue(world: World, login: Any) -> None:
    """The case vanished from "Mina ärenden" without a word: the queue now lists the cases taken
    over from the handler in the last 14 days, to whom, by whom, when and why."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    other = drive(world, world.submit(), State.IN_REVIEW)
    svc.application_assign(
        application=app, actor=world.handler2, no_conflict_confirmed=True, reason="Semester."
    )
    svc.application_assign(
        application=other, actor=world.admin, handler=world.handler2, no_conflict_confirmed=True
    )
    notice = _notice(login(world.handler).get("/").content.decode())
    assert "Ärenden som tagits över från dig de senaste 14 dagarna" in notice
    assert notice.count(f"till {world.handler2.get_full_name()}") == 2
    assert app.reference in notice and "Semester." in notice
    assert f"(av {world.admin.get_full_name()})" in notice  # the administrator gave the other
    assert _notice(login(world.handler2).get("/").content.decode()) == ""  # not the taker's
    take_over(world, other, world.handler)  # back with the first handler: no longer listed
    later = _notice(login(world.handler).get("/").content.decode())
    assert app.reference in later and other.reference not in later


def test_the_notice_keeps_to_its_days(world: World, login: Any, monkeypatch: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    take_over(world, app, world.handler2)
    assert app.reference in _notice(login(world.handler).get("/").content.decode())
    monkeypatch.setattr("web.selectors.TAKEN_OVER_DAYS", 0)  # the take-over is now older
    assert _notice(login(world.handler).get("/").content.decode()) == ""


def test_typed_assessment_is_kept_when_a_colleague_took_the_case_meanwhile(
    world: World, login: Any
) -> None:
    """Hanna fills in "Bedöm kriterium" while Hugo takes the case over: her evidence came back
    as a bare message with no form. The form is shown again with her input and the refusal."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    url = action_url(app, "assess") + "?criterion=OPEN_MEMBERSHIP"
    assert 'name="evidence_text"' in client.get(url).content.decode()
    take_over(world, app, world.handler2)
    evidence = "Stadgarna §3: alla som delar föreningens syfte får bli medlemmar."
    post = {
        "criterion": "OPEN_MEMBERSHIP",
        "outcome": "pass",
        "evidence_kind": "fact",
        "evidence_text": evidence,
    }
    response = client.post(url, post)
    assert response.status_code == 403
    page = response.content.decode()
    name = world.handler2.get_full_name()
    assert f"Ärendet handläggs av {name}. Ta över ärendet först." in page
    assert '<form method="post"' in page and evidence in page
    assert f'href="{action_url(app, "assign")}" id="take-over-link"' in page
    assert not app.assessments.filter(criterion__code="OPEN_MEMBERSHIP").exists()
