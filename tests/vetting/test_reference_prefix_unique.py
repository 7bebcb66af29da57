"""A diarium prefix of its own is no other administration's, in the database and the model, not
only in the admin's form (ADR 0024); administrations without one (blank) share the common
series, GRANSKA_REFERENCE_PREFIX, which the registration resolves, refusing an own prefix that is
also the common series' with an error naming ``reference_prefix``."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import AdministrationFactory
from tests.world import World, admin_browser, social_case
from vetting.errors import InvalidInput
from vetting.models import Administration
from vetting.services.reference import diarium_prefix

pytestmark = pytest.mark.django_db

MIGRATION = import_module("vetting.migrations.0029_administration_reference_prefix_unique")


def _year() -> int:
    return timezone.localdate().year


def test_the_database_refuses_a_shared_prefix_of_its_own(world: World) -> None:
    Administration.objects.filter(pk=world.social.pk).update(reference_prefix="SN")
    with pytest.raises(IntegrityError), transaction.atomic():
        Administration.objects.filter(pk=world.kultur.pk).update(reference_prefix="SN")
    AdministrationFactory(code="bildning")  # a third in the common series: blanks may share
    assert Administration.objects.filter(reference_prefix="").count() == 2


def test_full_clean_names_the_field(world: World) -> None:
    Administration.objects.filter(pk=world.social.pk).update(reference_prefix="SN")
    taken = Administration(code="ny", name="Ny förvaltning", reference_prefix="SN")
    with pytest.raises(ValidationError) as refused:
        taken.full_clean()
    reasons = refused.value.message_dict["reference_prefix"]
    assert "används redan av Socialförvaltningen" in reasons[0]
    common = Administration(code="ny", name="Ny förvaltning", reference_prefix="KFN")
    with pytest.raises(ValidationError) as refused:
        common.full_clean()
    assert "gemensamma diarieserie" in refused.value.message_dict["reference_prefix"][0]
    Administration(code="ny", name="Ny förvaltning", reference_prefix="BN").full_clean()
    Administration(code="ny", name="Ny förvaltning", reference_prefix="").full_clean()


def test_an_administration_goes_back_to_the_common_series(world: World) -> None:
    Administration.objects.filter(pk=world.social.pk).update(reference_prefix="SN")
    world.social.refresh_from_db()
    fields = ("code", "name", "postal_address", "email", "phone")
    form = {**{f: getattr(world.social, f) for f in fields}, "reference_prefix": ""}
    page = f"/admin/vetting/administration/{world.social.pk}/change/"
    assert admin_browser(world).post(page, form).status_code == 302
    world.social.refresh_from_db()
    assert world.social.reference_prefix == ""
    assert social_case(world).reference == f"KFN-{_year()}-00001"  # the common series


def test_the_registration_resolves_blank_to_the_common_series(world: World, settings: Any) -> None:
    assert diarium_prefix(world.kultur) == "KFN"
    world.kultur.reference_prefix = "KN"
    assert diarium_prefix(world.kultur) == "KN"
    settings.GRANSKA_REFERENCE_PREFIX = "KS"
    assert diarium_prefix(world.social) == "KS"


def test_an_own_prefix_that_is_also_the_common_series_refuses_registration(
    world: World, settings: Any
) -> None:
    """The setting changed to what an administration already had: two diaria would be one."""
    Administration.objects.filter(pk=world.social.pk).update(reference_prefix="SN")
    world.social.refresh_from_db()
    settings.GRANSKA_REFERENCE_PREFIX = "SN"
    with pytest.raises(InvalidInput) as refused:
        social_case(world)
    message = str(refused.value.errors["reference_prefix"][0])
    assert "Socialförvaltningen" in message and "GRANSKA_REFERENCE_PREFIX" in message
    assert world.submit().reference == f"SN-{_year()}-00001"  # the blank ones go on


def test_the_migration_blanks_the_common_series_and_keeps_own_prefixes(world: World) -> None:
    Administration.objects.filter(pk=world.kultur.pk).update(reference_prefix="KFN")
    Administration.objects.filter(pk=world.social.pk).update(reference_prefix="SN")
    MIGRATION.blank_the_common_series(apps, None)
    prefixes = dict(Administration.objects.values_list("code", "reference_prefix"))
    assert prefixes == {"kultur": "", "social": "SN"}
    MIGRATION.restore_the_common_series(apps, None)
    prefixes = dict(Administration.objects.values_list("code", "reference_prefix"))
    assert prefixes == {"kultur": "KFN", "social": "SN"}
