"""A revocation decided under an FL 25 § exception after an earlier intended revocation was
communicated and then dropped (ADR 0022, 0026): its letter said the intended revocation "has
not been communicated" with the applicant, which the case's own letters contradict. It now says
what happened: the earlier kommunicering, when it was dropped, and that this decision was taken
without kommunicering under the exception named, and why."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.vetting.test_revocation_hearing import URGENT_FACTS, revoke
from tests.web.test_documents import _article
from tests.web.test_revocation_drop_pages import REASONS, _hearing
from tests.world import World
from vetting import services as svc
from vetting.models import HearingException

pytestmark = pytest.mark.django_db


def test_the_letter_names_the_dropped_hearing_and_the_exception(world: World, login: Any) -> None:
    app = _hearing(world)
    dropped = svc.application_drop_revocation(
        application=app, actor=world.decider, reasons=REASONS, no_conflict_confirmed=True
    )
    app.refresh_from_db()
    decision = revoke(
        world, app, hearing_exception=HearingException.URGENT, applicant_heard=URGENT_FACTS
    )
    page = login(world.handler).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    article = " ".join(_article(page.content.decode()).split())
    assert "har inte kommunicerats" not in article
    sent, closed = (
        timezone.localdate(d).isoformat() for d in (dropped.sent_at, dropped.dropped_at)
    )
    assert f"kommunicerades med sökanden den {sent}" in article
    assert f"avslutades utan återkallelse den {closed}" in article
    assert "Sökanden yttrade sig över det den" in article  # the earlier answer
    assert "Detta beslut har fattats utan att sökanden fått tillfälle att yttra sig" in article
    assert str(HearingException.URGENT.label) in article and URGENT_FACTS in article
