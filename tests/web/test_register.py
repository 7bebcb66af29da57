"""The officers' page that registers a case received by post, e-mail or the e-service: who may
open it, an existing or a new association, every field's error at once with what was typed
kept, the event's local times, the diarienummer in the message and a bounded query count."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.models import Association
from audit.models import AuditEvent
from audit.services import person_pseudonym
from tests.factories import AssociationFactory, PremisesFactory
from tests.world import World
from vetting.models import Application, Kind, Rulebook

pytestmark = pytest.mark.django_db

URL = "/registrera/"


def grant_post(world: World, **overrides: str) -> dict[str, str]:
    return {
        "kind": Kind.FORENINGSBIDRAG,
        "administration": str(world.kultur.pk),
        "subject": "Verksamhetsbidrag 2026",
        "received_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "association": str(world.scouts.pk),
        "amount_applied": "12000",
        "contact_name": "Karin Ek",
        "contact_email": "karin@scout.example",
        **overrides,
    }


def _rows(html: str) -> dict[str, str]:
    """Each form row's HTML by the name of its field."""
    rows = html.split('<div class="form-row">')[1:]
    return {m.group(1): row for row in rows if (m := re.search(r'name="(\w+)"', row))}


@pytest.mark.parametrize(
    ("who", "status"),
    [("handler", 200), ("admin", 200), ("decider", 403), ("security", 403), ("auditor", 403)],
)
def test_who_may_open_the_page_and_sees_the_link(
    world: World, login: Any, who: str, status: int
) -> None:
    client = login(getattr(world, who))
    assert client.get(URL).status_code == status
    queue = client.get("/?group=all").content.decode()
    assert ('id="register-link"' in queue) is (status == 200)


@pytest.mark.parametrize("who", ["decider", "security", "auditor"])
def test_others_cannot_register(world: World, login: Any, who: str) -> None:
    assert login(getattr(world, who)).post(URL, grant_post(world)).status_code == 403
    assert not Application.objects.exists()


def test_anonymous_is_sent_to_log_in(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["handler", "admin"])
def test_register_a_grant_for_an_existing_association(world: World, login: Any, who: str) -> None:
    client = login(getattr(world, who))
    response = client.post(URL, grant_post(world))
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenden/{app.reference}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Ansökan är registrerad med diarienummer {app.reference}."
    ]
    assert (app.kind, app.association_id, app.administration_id) == (
        Kind.FORENINGSBIDRAG,
        world.scouts.pk,
        world.kultur.pk,
    )
    assert app.amount_applied == Decimal("12000") and app.contact_email == "karin@scout.example"
    assert app.received_on == timezone.localdate() - timedelta(days=3)
    event = AuditEvent.objects.get(action="application.submitted")
    assert event.case_ref == app.reference
    assert event.actor_id == person_pseudonym(getattr(world, who))
    assert app.reference in client.get(response["Location"]).content.decode()


def test_register_with_a_new_association(world: World, login: Any) -> None:
    post = grant_post(world, association="", org_number="8020000025", association_name="Kören")
    response = login(world.handler).post(URL, post)
    assert response.status_code == 302
    association = Association.objects.get(org_number="802000-0025")
    assert association.name == "Kören" and association.contact_email == "karin@scout.example"
    assert Application.objects.get().association_id == association.pk
    assert AuditEvent.objects.filter(action="association.registered").count() == 1


def test_a_new_association_s_number_that_is_registered_is_an_error_naming_it(
    world: World, login: Any
) -> None:
    """ "Ny förening" with a number already registered would file the case under that
    association without a word (ADR 0020): the number's field names it and what to do."""
    post = grant_post(world, association="", org_number="802000 0017", association_name="Fel Namn")
    response = login(world.handler).post(URL, post)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"org_number"}
    assert "Scoutkåren Exempel" in errors["org_number"][0]
    assert "rätta numret" in errors["org_number"][0]
    assert 'aria-invalid="true"' in _rows(response.content.decode())["org_number"]
    assert not Application.objects.exists() and Association.objects.count() == 2


def test_the_empty_choices_are_alike_and_the_subject_is_marked_required(
    world: World, login: Any
) -> None:
    html = login(world.admin).get(URL).content.decode()
    assert "---------" not in html
    rows = _rows(html)
    for field in ("kind", "administration", "premises"):
        assert '<option value="" selected>–</option>' in rows[field], field
    assert re.search(r'<input[^>]*name="subject"[^>]*required', rows["subject"])


def test_every_field_s_error_at_once_and_what_was_typed_is_kept(world: World, login: Any) -> None:
    """The service finds them all (the form's own checks pass)."""
    post = grant_post(
        world,
        kind=Kind.ARRANGORSSTOD,
        association="",
        org_number="802000-0018",
        association_name="",
        subject="",
        amount_applied="0",
        received_on=(timezone.localdate() + timedelta(days=2)).isoformat(),
        event_title="",
        event_description="Konsert i parken",
    )
    response = login(world.handler).post(URL, post)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {
        "org_number",
        "association_name",
        "subject",
        "amount_applied",
        "received_on",
        "event_title",
        "event_starts_at",
        "event_ends_at",
        "expected_attendance",
    }, errors
    assert "Luhn" in errors["org_number"][0]
    rows = _rows(response.content.decode())
    for field in errors:
        assert 'aria-invalid="true"' in rows[field], field
    assert 'value="802000-0018"' in rows["org_number"]
    assert "Konsert i parken" in rows["event_description"]
    assert 'value="karin@scout.example"' in rows["contact_email"]
    assert not Application.objects.exists() and Association.objects.count() == 2


def test_the_form_s_own_errors_come_with_the_service_s(world: World, login: Any) -> None:
    post = grant_post(
        world, contact_email="inte en adress", amount_applied="tolv", subject="", association=""
    )
    response = login(world.handler).post(URL, post)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {
        "contact_email",
        "amount_applied",
        "subject",
        "org_number",
        "association_name",
    }


def test_an_association_from_the_list_and_a_new_number_are_not_both_given(
    world: World, login: Any
) -> None:
    post = grant_post(world, org_number="8020000025", association_name="Kören")
    response = login(world.handler).post(URL, post)
    assert set(response.context["form"].errors) == {"org_number"}


def _summer() -> int:
    return timezone.localdate().year + 1


def test_an_event_s_times_are_swedish_local_time(world: World, login: Any) -> None:
    year = _summer()
    post = grant_post(
        world,
        kind=Kind.ARRANGORSSTOD,
        event_title="Sommarkonsert",
        event_starts_at=f"{year}-07-01T18:00",
        event_ends_at=f"{year}-07-01T21:30",
        expected_attendance="150",
    )
    assert login(world.handler).post(URL, post).status_code == 302
    app = Application.objects.get()
    assert app.event_starts_at == datetime(year, 7, 1, 16, 0, tzinfo=UTC)  # CEST, UTC+2
    assert app.event_ends_at == datetime(year, 7, 1, 19, 30, tzinfo=UTC)
    assert (app.event_title, app.expected_attendance) == ("Sommarkonsert", 150)


def test_a_time_that_does_not_exist_in_stockholm_is_a_field_error(world: World, login: Any) -> None:
    """The clocks go from 02:00 to 03:00 on the last Sunday of March."""
    year = _summer()
    sunday = max(d for d in range(25, 32) if datetime(year, 3, d).weekday() == 6)
    post = grant_post(
        world,
        kind=Kind.ARRANGORSSTOD,
        event_title="Nattvandring",
        event_starts_at=f"{year}-03-{sunday}T02:30",
        event_ends_at=f"{year}-03-{sunday}T05:00",
        expected_attendance="10",
    )
    response = login(world.handler).post(URL, post)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"event_starts_at"}


def test_register_a_rental_at_the_desk_takes_the_premises_administration(
    world: World, login: Any
) -> None:
    start = timezone.localtime() + timedelta(days=7)
    post = grant_post(
        world,
        kind=Kind.LOKALUTHYRNING,
        administration="",
        amount_applied="",
        event_title="Årsmöte",
        event_starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        event_ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        expected_attendance="40",
        premises=str(world.hall.pk),
    )
    assert login(world.handler).post(URL, post).status_code == 302
    app = Application.objects.get()
    assert (app.premises_id, app.administration_id) == (world.hall.pk, world.kultur.pk)
    assert app.amount_applied is None


def test_a_handler_is_offered_the_own_administration_and_its_premises(
    world: World, login: Any
) -> None:
    PremisesFactory(code="fritidsgarden", name="Fritidsgården", administration=world.social)
    page = login(world.handler).get(URL).content.decode()
    assert "Stora salen" in page and "Fritidsgården" not in page
    assert "Socialförvaltningen" not in page
    assert re.search(rf'<option value="{world.kultur.pk}" selected>', page)
    post = grant_post(world, administration=str(world.social.pk))
    response = login(world.handler).post(URL, post)
    assert set(response.context["form"].errors) == {"administration"}
    assert "Fritidsgården" in login(world.admin).get(URL).content.decode()


def test_search_keeps_what_was_typed_and_lists_the_matches(world: World, login: Any) -> None:
    AssociationFactory(name="Scoutkåren Norra")
    client = login(world.handler)
    post = grant_post(world, association="", association_search="scoutkår", find="1")
    response = client.post(URL, post)
    assert response.status_code == 200 and not Application.objects.exists()
    page = response.content.decode()
    assert "Scoutkåren Exempel" in page and "Scoutkåren Norra" in page
    assert "Studentspexet" not in page  # only the matches are listed
    assert 'value="Verksamhetsbidrag 2026"' in page and "2 föreningar matchar" in page
    assert 'aria-invalid="true"' not in page  # a search checks nothing yet
    # One match (here by the number without its hyphen) is chosen.
    post = grant_post(world, association="", association_search="8020000017", find="1")
    page = client.post(URL, post).content.decode()
    assert f'<option value="{world.scouts.pk}" selected>' in page
    # A valid number that matches none is filled in as the new association's.
    post = grant_post(world, association="", association_search="802000-0025", find="1")
    page = client.post(URL, post).content.decode()
    assert "Ingen förening matchar" in page
    assert 'value="802000-0025"' in _rows(page)["org_number"]


def test_without_a_published_rulebook_the_page_says_so(world: World, login: Any) -> None:
    Rulebook.objects.update(published=False)
    post = grant_post(world, association="", org_number="8020000025", association_name="Kören")
    response = login(world.handler).post(URL, post)
    assert response.status_code == 503
    assert "Inget regelverk är publicerat" in response.content.decode()
    assert not Association.objects.filter(org_number="802000-0025").exists()


def _queries(client: Any, path: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(path, data) if data else client.get(path)
        assert response.status_code in (200, 422)
    return len(ctx.captured_queries)


def test_the_page_s_queries_do_not_grow_with_the_data(world: World, login: Any) -> None:
    client = login(world.handler)
    search = grant_post(world, association="", association_search="förening", find="1")
    invalid = grant_post(world, subject="", kind=Kind.LOKALUTHYRNING, premises="")

    def add(n: int) -> None:
        for i in range(n):
            AssociationFactory(name=f"Förening {i}")
            PremisesFactory(administration=world.kultur)
            world.submit()

    add(2)
    few = (_queries(client, URL), _queries(client, URL, search), _queries(client, URL, invalid))
    add(30)
    many = (_queries(client, URL), _queries(client, URL, search), _queries(client, URL, invalid))
    assert many == few and max(many) <= 15, (few, many)
    assert "Listan visar de 20 första träffarna" in client.post(URL, search).content.decode()


def test_the_association_page_opens_the_form_with_the_association_chosen(
    world: World, login: Any
) -> None:
    client = login(world.handler)
    page = client.get(f"/foreningar/{world.scouts.pk}/").content.decode()
    assert f'href="{URL}?association={world.scouts.pk}"' in page
    form = client.get(f"{URL}?association={world.scouts.pk}").content.decode()
    assert f'<option value="{world.scouts.pk}" selected>' in form
    assert 'id="register-for-association"' not in (
        login(world.decider).get(f"/foreningar/{world.scouts.pk}/").content.decode()
    )


def test_the_page_in_english(world: World, login: Any) -> None:
    client = login(world.handler)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(URL).content.decode()
    assert "<h1>Register application</h1>" in page and "Applicant association" in page
    assert "Swedish time (Europe/Stockholm)." in page and "Sökande förening" not in page
    post = grant_post(world, association="", org_number="8020000018", association_name="")
    page = client.post(URL, post).content.decode()
    assert "check digit" in page and "Name of the association (new association)" in page


@pytest.mark.parametrize("value", ["abc", "9" * 40, "-1", "99999"])
def test_a_bad_association_value_is_a_field_error(world: World, login: Any, value: str) -> None:
    client = login(world.handler)
    assert client.get(f"{URL}?association={value}").status_code == 200
    response = client.post(URL, grant_post(world, association=value))
    assert response.status_code == 422
    assert "association" in response.context["form"].errors


def test_an_e_mail_address_longer_than_the_column_is_a_field_error(
    world: World, login: Any
) -> None:
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".se"  # 307 characters, well-formed
    response = login(world.handler).post(URL, grant_post(world, contact_email=address))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"contact_email"}


def test_a_received_day_years_back_is_shown_at_its_field(world: World, login: Any) -> None:
    """A typo in the year (2016) is refused at the field with the limit, nothing registered."""
    typo = timezone.localdate().replace(year=2016, day=1)
    response = login(world.handler).post(URL, grant_post(world, received_on=typo.isoformat()))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"received_on"}, errors
    assert "365" in errors["received_on"][0]
    assert 'aria-invalid="true"' in _rows(response.content.decode())["received_on"]
    assert not Application.objects.exists()
