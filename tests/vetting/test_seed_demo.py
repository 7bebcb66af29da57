"""The demo's cases are consistent: a case whose subject names premises books those premises
(KFN-2026-00005 said Lilla salen and booked Stora salen)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from bookings.models import Premises
from vetting.models import Application, Kind

pytestmark = pytest.mark.django_db


def short_name(premises: Premises) -> str:
    """What a subject calls the premises: "Stora salen" of "Stora salen, Kulturhuset"."""
    return premises.name.split(",")[0]


def test_every_demo_case_books_the_premises_its_subject_names(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    premises = list(Premises.objects.all())
    checked = 0
    for app in Application.objects.select_related("premises"):
        named = [p for p in premises if short_name(p).lower() in app.subject.lower()]
        if not named:
            continue
        assert len(named) == 1, (app.reference, app.subject)
        assert app.premises == named[0], (app.reference, app.subject, app.premises)
        checked += 1
    rentals = Application.objects.filter(kind=Kind.LOKALUTHYRNING)
    assert checked == rentals.count() == 4
    assert set(rentals.values_list("premises__code", flat=True)) == {p.code for p in premises}


def test_the_demo_writes_as_an_officer_would(settings: Any) -> None:
    """Its reasons named "NO_VIOLENT_EXTREMISM" where people read them, and two associations
    failed that criterion on the same "polisanmälan K123-26": no criterion code in any text
    the applicant gets, and each failed assessment its own evidence."""
    from vetting.models import Assessment, Communication, Criterion, Decision

    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    codes = set(Criterion.objects.values_list("code", flat=True))
    texts = [
        *Decision.objects.values_list("reasons", flat=True),
        *Communication.objects.values_list("proposal_text", flat=True),
        *Application.objects.values_list("proposal_reasons", flat=True),
        *Assessment.objects.values_list("evidence_text", flat=True),
    ]
    assert [t for t in texts if any(code in t for code in codes)] == []
    failed = Assessment.objects.filter(
        outcome="fail", criterion__code="NO_VIOLENT_EXTREMISM"
    ).select_related("association")
    by_association = {a.association.name: a.evidence_text for a in failed}
    assert len(by_association) == 2
    assert len(set(by_association.values())) == len(by_association)


def test_the_demo_has_a_revocation_with_återkrav(settings: Any) -> None:
    """A paid grant revoked, reclaiming what was paid by a due date: the revocation document's
    repayment section has something to show in ``make run``."""
    from vetting.models import Decision

    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    revocation = Decision.objects.get(kind="revocation")
    assert revocation.application.subject == "Lokalbidrag 2025"
    assert revocation.application.paid_at is not None
    assert revocation.repayment_due is not None
    # Heard on the intended revocation first (ADR 0015), and the answer registered.
    assert revocation.revocation_hearing is not None and revocation.revocation_hearing.response


def test_the_demo_administrations_have_the_contact_details_letters_print() -> None:
    """Filled in when created, and on a demo database seeded before they existed, never over
    what was entered since."""
    from vetting.management.commands.seed_demo import Command
    from vetting.models import Administration

    Administration.objects.create(code="kultur", name="Kultur- och fritidsförvaltningen")
    Administration.objects.create(code="social", name="Socialförvaltningen", email="s@example.se")
    admins = Command()._administrations()
    kultur, social = admins["kultur"], admins["social"]
    assert kultur.postal_address and kultur.email and kultur.phone
    assert social.postal_address and social.phone and social.email == "s@example.se"


def test_the_demo_says_what_it_made_and_refuses_outside_the_demo(settings: Any) -> None:
    """In the server's language (it was English whatever the language)."""
    from io import StringIO

    from django.core.management.base import CommandError
    from django.utils import translation

    settings.DEMO_MODE, settings.DEBUG = False, False
    with pytest.raises(CommandError, match="kör det bara med GRANSKA_DEMO=1"):
        call_command("seed_demo")
    with translation.override("en"), pytest.raises(CommandError, match="run it only with"):
        call_command("seed_demo")
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out, no_color=True)
    assert out.getvalue().startswith("Demodata klara (12 nya ärenden).\n")
    assert "  Demoinloggningar (lösenordet för alla: granska-demo):\n" in out.getvalue()
    with translation.override("en"):
        call_command("seed_demo", stdout=out, no_color=True)
    assert "Demo data ready (0 new cases).\n  Demo logins (password for all:" in out.getvalue()
