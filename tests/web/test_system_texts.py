"""Texts the system wrote into the trail are shown in the page's language: the comment of an
accepted statute-reader proposal, a program review closed without a programme, and refusal
reasons on /revision/ and the timeline. The stored Swedish text is unchanged (the hash covers
it); an old event without the message is translated when its text is a known message, and
what a person typed is shown as typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.context import actor_for_user
from audit.models import AuditEvent
from audit.services import record_event
from tests.associations.test_reader_synthetic import statutes
from tests.vetting.test_reader_proposals import OPEN_TO_ALL, with_text
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import PermissionRefused
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db

FOUR_EYES_SV = "Fyra ögon: du har handlagt"


def english(client: Any) -> Any:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_an_accepted_reader_proposal_s_comment_in_english(world: World, login: Any) -> None:
    app, _version = with_text(world, statutes(OPEN_TO_ALL))
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=True
    )
    assert assessment.comment.startswith("Stadgeläsaren:")  # the record stays Swedish
    event = AuditEvent.objects.get(action="assessment.recorded", object_id=str(assessment.pk))
    assert event.reasons_text == assessment.comment
    page = english(login(world.handler)).get(f"/arenden/{app.reference}/").content.decode()
    assert "Stadgeläsaren" not in page
    assert "Statute reader: the statutes say nothing about discrimination" in page


def test_a_review_closed_without_a_programme_in_english(world: World, login: Any) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="fail",
        notes="Sökanden skickade inget program trots påminnelse den 3 maj.",
    )
    client = login(world.handler)
    swedish = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "Programgranskning avslutad; inget program inkom." in swedish
    page = english(client).get(f"/arenden/{app.reference}/").content.decode()
    assert "inget program inkom" not in page
    assert "Programme review closed; no programme arrived." in page
    assert "trots påminnelse" in page  # what the officer typed, as typed


def test_refusals_on_revision_in_english_new_and_old(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    world.handler.groups.add(*world.decider.groups.all())
    handler = User.objects.get(pk=world.handler.pk)  # its roles read afresh
    with pytest.raises(PermissionRefused):
        svc.application_decide(
            application=app, actor=handler, outcome="approved", no_conflict_confirmed=True
        )
    refused = AuditEvent.objects.filter(action="application.refused").latest("seq")
    assert refused.reasons_text.startswith(FOUR_EYES_SV) and "reasons_message" in refused.changes
    record_event(  # an event from before the message was kept: its Swedish text only
        actor=actor_for_user(world.decider),
        action="application.refused",
        object_type="application",
        object_id=app.pk,
        case_ref=app.reference,
        reasons="Bara beslutsfattare fattar beslut.",
        changes={"attempted_action": "decide", "refusal_code": "role"},
    )
    auditor = english(login(world.auditor))
    log = auditor.get("/revision/").content.decode()
    timeline = auditor.get(f"/revision/arenden/{app.reference}/").content.decode()
    for page in (log, timeline):
        assert FOUR_EYES_SV not in page and "Four-eyes:" in page
        assert "Bara beslutsfattare" not in page and "Only decision makers make decisions." in page
