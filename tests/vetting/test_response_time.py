"""A reasonable time to answer (FL 25 §): a kommunicering, an intended revocation's hearing, a
supplement request and a programme request give at least the minimum time
(GRANSKA_MIN_RESPONSE_DAYS, GRANSKA_MIN_REQUEST_DAYS); a shorter deadline is refused naming the
earliest day, unless a reason is recorded, which is stored, printed and in the audit event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from audit.facts import event_facts
from audit.freetext import is_commitment
from audit.models import AuditEvent
from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Kind, State
from web.documents.communication import communication_letter

pytestmark = pytest.mark.django_db

REASON = "evenemanget äger rum den 26 november och beslutet måste fattas före dess."
SENTENCE = f"Svarstiden är kortare än normalt eftersom {REASON}"


def _in(days: int) -> Any:
    return timezone.localdate() + timedelta(days=days)


def _proposed(world: World) -> Any:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="Ordföranden uppmanade till våld vid föreningens möte (NO_VIOLENT_EXTREMISM).",
        criteria=["NO_VIOLENT_EXTREMISM"],
    )
    return app


def _letter_text(communication: Any) -> str:
    document = communication_letter(communication)
    return " ".join(
        str(p) for section in document.sections for p in [section.heading, *section.paragraphs]
    )


def test_a_kommunicering_for_tomorrow_is_refused_naming_the_earliest_day(world: World) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_communicate(application=app, actor=world.handler, due=_in(1))
    [message] = info.value.errors["due"]
    assert "minst 7 dagar" in str(message) and _in(7).isoformat() in str(message)
    assert "(25 § förvaltningslagen)" in str(message)  # kommunicering
    app.refresh_from_db()
    assert app.state == State.PROPOSED and not app.communications.exists()


def test_the_minimum_day_needs_no_reason_and_a_reason_for_it_is_refused(world: World) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_communicate(
            application=app, actor=world.handler, due=_in(7), short_deadline_reason=REASON
        )
    assert "short_deadline_reason" in info.value.errors and "due" not in info.value.errors
    sent = svc.application_communicate(application=app, actor=world.handler, due=_in(7))
    assert sent.short_deadline_reason == "" and "kortare än normalt" not in _letter_text(sent)


def test_a_shorter_kommunicering_with_a_reason_is_kept_printed_and_in_the_trail(
    world: World,
) -> None:
    app = _proposed(world)
    sent = svc.application_communicate(
        application=app, actor=world.handler, due=_in(2), short_deadline_reason=f"  {REASON} "
    )
    assert sent.due == _in(2) and sent.short_deadline_reason == REASON
    assert SENTENCE in _letter_text(sent)
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.communicate")
    assert event.changes_shown["short_deadline_reason"] == REASON
    assert is_commitment(event.changes["short_deadline_reason"]) and REASON not in event.canonical
    with translation.override("sv"):  # the auditors' facts of the event show it
        facts = {f.label: f.value for f in event_facts(event)}
    assert facts["Skäl till kortare svarstid"] == REASON


def test_a_one_word_reason_is_refused(world: World) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_communicate(
            application=app, actor=world.handler, due=_in(2), short_deadline_reason="Brådskande."
        )
    assert list(info.value.errors) == ["short_deadline_reason"]
    assert not app.communications.exists()


def test_the_minimum_follows_the_setting(world: World, settings: Any) -> None:
    settings.GRANSKA_MIN_RESPONSE_DAYS = 10
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_communicate(application=app, actor=world.handler, due=_in(9))
    assert "minst 10 dagar" in str(info.value.errors["due"][0])


def test_a_revocation_hearing_for_in_two_days_needs_a_reason(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    asked = {
        "application": app,
        "actor": world.handler,
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "due": _in(2),
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
    }
    with pytest.raises(InvalidInput) as info:
        svc.application_communicate_revocation(**asked)
    assert "minst 7 dagar" in str(info.value.errors["due"][0])
    app.refresh_from_db()
    assert app.revocation_response_due is None
    sent = svc.application_communicate_revocation(**asked, short_deadline_reason=REASON)
    assert sent.short_deadline_reason == REASON and SENTENCE in _letter_text(sent)
    event = AuditEvent.objects.get(
        case_ref=app.reference, action="application.communicate_revocation"
    )
    assert event.changes_shown["short_deadline_reason"] == REASON
    assert is_commitment(event.changes["short_deadline_reason"]) and REASON not in event.canonical


def test_a_supplement_for_tomorrow_needs_a_reason(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    asked = {"application": app, "actor": world.handler, "what": "Årsmötesprotokoll"}
    with pytest.raises(InvalidInput) as info:
        svc.application_request_supplement(**asked, due=_in(1))
    assert "minst 5 dagar" in str(info.value.errors["due"][0])
    # A föreläggande att komplettera is FL 20 §, as its letter says, not 25 § (kommunicering).
    assert "(20 § förvaltningslagen)" in str(info.value.errors["due"][0])
    assert not app.supplement_requests.exists()
    svc.application_request_supplement(**asked, due=_in(5))  # the minimum: no reason
    assert app.supplement_requests.get().short_deadline_reason == ""


def test_a_shorter_supplement_with_a_reason_is_kept_and_in_the_trail(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    svc.application_request_supplement(
        application=app,
        actor=world.handler,
        what="Årsmötesprotokoll",
        due=_in(2),
        short_deadline_reason=REASON,
    )
    assert app.supplement_requests.get().short_deadline_reason == REASON
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.request_supplement")
    assert event.changes_shown["short_deadline_reason"] == REASON
    assert is_commitment(event.changes["short_deadline_reason"]) and REASON not in event.canonical


def test_a_programme_for_tomorrow_needs_a_reason(world: World) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    asked = {"application": app, "actor": world.handler, "reason": "Talarna ska namnges."}
    with pytest.raises(InvalidInput) as info:
        svc.application_start_program_review(**asked, due=_in(1))
    assert "minst 5 dagar" in str(info.value.errors["due"][0])
    assert "25 §" not in str(info.value.errors["due"][0])
    assert not app.program_reviews.exists()
    svc.application_start_program_review(**asked, due=_in(1), short_deadline_reason=REASON)
    assert app.program_reviews.get().short_deadline_reason == REASON
    event = AuditEvent.objects.get(
        case_ref=app.reference, action="application.start_program_review"
    )
    assert event.changes_shown["short_deadline_reason"] == REASON
    assert is_commitment(event.changes["short_deadline_reason"]) and REASON not in event.canonical
