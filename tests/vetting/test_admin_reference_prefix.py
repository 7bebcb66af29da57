"""One diarium per administration: each case is numbered PREFIX-YEAR-NNNNN from its
administration's series (``Administration.reference_prefix``), set in the admin by an
administrator. Every case got GRANSKA_REFERENCE_PREFIX (a Socialförvaltningen case a KFN
number). A new prefix numbers the cases registered after it only; the API and the letters
carry the number the case got."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.intake_selectors import _booking_request_sequence, intake_context
from bookings.models import Premises
from bookings.services import client_create
from tests.api.conftest import client_for, officer_for, post_booking
from tests.factories import PremisesFactory
from tests.world import World, admin_browser, drive, social_case, staff_browser
from vetting.models import Administration, Decision, State
from web.documents.decision import decision_document

pytestmark = pytest.mark.django_db
ADMINISTRATIONS = "/admin/vetting/administration/"


def _year() -> int:
    return timezone.localdate().year


def _set_prefix(administration: Administration, prefix: str) -> None:
    Administration.objects.filter(pk=administration.pk).update(reference_prefix=prefix)
    administration.refresh_from_db()


def _form(administration: Administration, **changes: str) -> dict[str, str]:
    fields = ("code", "name", "reference_prefix", "postal_address", "email", "phone")
    return {**{f: getattr(administration, f) for f in fields}, **changes}


def test_two_administrations_number_their_cases_in_two_independent_series(world: World) -> None:
    _set_prefix(world.social, "SN")
    year = _year()
    first = world.submit()
    social = social_case(world)
    second = world.submit()
    assert (first.reference, second.reference) == (f"KFN-{year}-00001", f"KFN-{year}-00002")
    assert social.reference == f"SN-{year}-00001"
    assert social_case(world).reference == f"SN-{year}-00002"


def test_a_new_prefix_numbers_only_the_cases_registered_after_it(world: World) -> None:
    before = world.submit()
    _set_prefix(world.kultur, "KN")
    after = world.submit()
    before.refresh_from_db()
    assert before.reference == f"KFN-{_year()}-00001"
    assert after.reference == f"KN-{_year()}-00001"


def test_a_booking_takes_its_premises_administrations_series_in_the_one_query_context(
    world: World,
) -> None:
    _set_prefix(world.social, "SN")
    PremisesFactory(code="socialens-sal", administration=world.social, capacity=200)
    creds = client_create(actor=SYSTEM, name="Social", administration_id=world.social.pk)
    if connection.vendor == "postgresql":
        _booking_request_sequence()
    with CaptureQueriesContext(connection) as queries:
        context = intake_context(
            creds.client, key="k", premises_code="socialens-sal", org_number="802000-0017"
        )
        assert isinstance(context.premises, Premises)
        assert context.premises.administration.reference_prefix == "SN"
    assert len(queries) == 1
    response = post_booking(client_for(creds), premises="socialens-sal")
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == f"SN-{_year()}-00001"


def test_the_officer_api_and_the_decision_letter_carry_the_administrations_number(
    world: World,
) -> None:
    _set_prefix(world.kultur, "KN")
    app = drive(world, world.submit(), State.APPROVED)
    reference = f"KN-{_year()}-00001"
    assert app.reference == reference
    body = officer_for(world.handler).get(f"/api/v1/applications/{app.pk}/").json()
    assert body["reference"] == reference
    letter = decision_document(Decision.objects.get(application=app))
    assert ("Diarienummer", reference) in letter.meta and reference in letter.filename


def test_an_administrator_sets_the_prefix_in_capitals_and_it_is_validated(world: World) -> None:
    _set_prefix(world.kultur, "KN")
    browser = staff_browser(world.admin, "view_administration", "change_administration")
    page = f"{ADMINISTRATIONS}{world.social.pk}/change/"
    response = browser.post(page, _form(world.social, reference_prefix="sn"))
    assert response.status_code == 302, response.content[:2000]
    world.social.refresh_from_db()
    assert world.social.reference_prefix == "SN"
    event = AuditEvent.objects.get(action="refdata.administration.changed")
    assert event.changes == {"reference_prefix": "SN"}
    for bad, reason in (("S-N", "1–10 versaler"), ("ABCDEFGHIJK", "10 tecken"),
                        ("KN", "används redan av Kultur"),
                        ("KFN", "KFN är kommunens gemensamma diarieserie")):  # fmt: skip
        refused = browser.post(page, _form(world.social, reference_prefix=bad))
        assert refused.status_code == 200, bad
        errors = refused.context["adminform"].form.errors
        assert reason in " ".join(errors["reference_prefix"]), (bad, errors)
    world.social.refresh_from_db()
    assert world.social.reference_prefix == "SN"


def test_a_new_administration_needs_a_prefix_of_its_own(world: World) -> None:
    _set_prefix(world.social, "SN")
    browser = admin_browser(world)
    data = {"code": "bildning", "name": "Bildningsförvaltningen", "reference_prefix": "SN"}
    refused = browser.post(f"{ADMINISTRATIONS}add/", data)
    assert "används redan" in " ".join(refused.context["adminform"].form.errors["reference_prefix"])
    assert (
        browser.post(f"{ADMINISTRATIONS}add/", {**data, "reference_prefix": "BN"}).status_code
        == 302
    )
    assert Administration.objects.get(code="bildning").reference_prefix == "BN"


def test_an_administration_that_shares_the_settings_prefix_still_saves_its_contact_details(
    world: World,
) -> None:
    """Both share the common series (blank, KFN): editing the phone forces no new series."""
    assert world.social.reference_prefix == world.kultur.reference_prefix == ""
    response = admin_browser(world).post(
        f"{ADMINISTRATIONS}{world.social.pk}/change/", _form(world.social, phone="010-1")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_an_officer_may_edit_the_contact_details_but_not_the_prefix(world: World) -> None:
    browser = staff_browser(world.handler, "view_administration", "change_administration")
    page = f"{ADMINISTRATIONS}{world.kultur.pk}/change/"
    assert 'name="reference_prefix"' not in browser.get(page).content.decode()
    response = browser.post(page, _form(world.kultur, reference_prefix="X", phone="010-2"))
    assert response.status_code == 302
    world.kultur.refresh_from_db()
    assert (world.kultur.reference_prefix, world.kultur.phone) == ("", "010-2")


def test_the_demo_gives_socialforvaltningen_its_own_series(settings: Any) -> None:
    from django.core.management import call_command

    settings.GRANSKA_DEMO = settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    prefixes = dict(Administration.objects.values_list("code", "reference_prefix"))
    assert prefixes == {"kultur": "", "social": "SN"}  # Kultur: the common series, KFN
