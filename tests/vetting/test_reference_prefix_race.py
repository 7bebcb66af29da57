"""Two administrators giving the same new diarium prefix at once: both forms pass the model's
check, and the second save hit the database's constraint (vetting 0029), a 500. The save path
(``administration_save``) refuses it instead, and the admin shows the form again with the
reason at ``reference_prefix``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from audit.models import AuditEvent
from tests.world import World, admin_browser
from vetting.admin import AdministrationAdmin
from vetting.errors import InvalidInput
from vetting.models import Administration
from vetting.services.reference import administration_save

pytestmark = pytest.mark.django_db
ADMINISTRATIONS = "/admin/vetting/administration/"
FIELDS = ("code", "name", "reference_prefix", "postal_address", "email", "phone")


def _form(administration: Administration, **changes: str) -> dict[str, str]:
    return {**{f: getattr(administration, f) for f in FIELDS}, **changes}


@pytest.fixture
def raced(world: World, monkeypatch: Any) -> Administration:
    """Kulturförvaltningen gets SN between the form's check and the save (another
    administrator's save at the same moment): after ``is_valid``, before ``save_model``."""
    real = AdministrationAdmin.save_form

    def another_admin_saves_first(self: Any, request: Any, form: Any, change: bool) -> Any:
        Administration.objects.filter(pk=world.kultur.pk).update(reference_prefix="SN")
        return real(self, request, form, change)

    monkeypatch.setattr(AdministrationAdmin, "save_form", another_admin_saves_first)
    return world.kultur


def _reasons(response: Any) -> list[str]:
    assert response.status_code == 200, response.status_code
    errors = response.context["adminform"].form.errors
    assert "reference_prefix" in errors, errors
    return list(errors["reference_prefix"])


def test_a_change_that_lost_the_race_is_a_field_error_not_a_500(world: World, raced) -> None:
    browser = admin_browser(world)
    events = AuditEvent.objects.count()
    page = f"{ADMINISTRATIONS}{world.social.pk}/change/"
    response = browser.post(page, _form(world.social, reference_prefix="sn"))
    assert _reasons(response) == [
        f"Diarieprefixet SN gavs nyss till {raced.name}, som sparades samtidigt. "
        "Välj ett annat prefix."
    ]
    world.social.refresh_from_db()
    assert world.social.reference_prefix == ""
    assert AuditEvent.objects.count() == events  # nothing saved, nothing recorded


def test_a_new_administration_that_lost_the_race_in_english(world: World, raced) -> None:
    browser = admin_browser(world)
    browser.cookies["django_language"] = "en"
    new = Administration(code="bildning", name="Bildningsförvaltningen", reference_prefix="SN")
    response = browser.post(f"{ADMINISTRATIONS}add/", _form(new))
    assert _reasons(response) == [
        f"The diarium prefix SN was just given to {raced.name}, saved at the same moment. "
        "Choose another prefix."
    ]
    assert not Administration.objects.filter(code="bildning").exists()


def test_the_service_names_the_field_and_lets_other_integrity_errors_through(
    world: World,
) -> None:
    Administration.objects.filter(pk=world.kultur.pk).update(reference_prefix="SN")
    world.social.reference_prefix = "SN"
    with pytest.raises(InvalidInput) as refused:
        administration_save(administration=world.social)
    assert list(refused.value.errors) == ["reference_prefix"]
    assert Administration.objects.filter(reference_prefix="SN").count() == 1  # and usable
    twin = Administration(code=world.kultur.code, name="Dubblett")
    with pytest.raises(IntegrityError):
        administration_save(administration=twin)
