from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from associations.models import Association, StatutesVersion
from associations.services import (
    association_get_or_register,
    association_register,
    statutes_add,
    statutes_add_or_find,
)
from associations.tasks import read_statutes_version
from audit.context import SYSTEM
from audit.models import AuditEvent
from tests.world import STATUTES, World
from vetting.errors import InvalidInput

ACCEPTED_SV = "PDF med textlager, DOCX eller UTF-8-text (.txt, .md, .html)."


def test_register_normalises_and_audits(db: None) -> None:
    association = association_register(actor=SYSTEM, org_number="8020000017", name=" Kören ")
    assert association.org_number == "802000-0017" and association.name == "Kören"
    assert AuditEvent.objects.filter(action="association.registered").count() == 1


def test_register_names_the_field_on_bad_number(db: None) -> None:
    with pytest.raises(InvalidInput) as info:
        association_register(actor=SYSTEM, org_number="802000-0018", name="Kören")
    assert "org_number" in info.value.errors
    assert Association.objects.count() == 0


def test_get_or_register_finds_existing_by_any_format(db: None) -> None:
    first = association_get_or_register(actor=SYSTEM, org_number="802000-0017", name="A")
    again = association_get_or_register(actor=SYSTEM, org_number="802000 0017", name="B")
    assert first.pk == again.pk


def test_statutes_from_text_file_pdf_and_duplicates(world: World) -> None:
    data = (STATUTES / "vi_unga_4you_stadgar.txt").read_bytes()
    version = statutes_add(
        association=world.spex,
        actor=world.handler,
        adopted_on=date(2024, 1, 1),
        data=data,
        filename="stadgar.txt",
    )
    assert version.text.startswith(data.decode()[:50]) and len(version.sha256) == 64
    again = statutes_add(
        association=world.spex,
        actor=world.handler,
        adopted_on=date(2024, 1, 1),
        data=data,
        filename="stadgar.txt",
    )
    assert again.pk == version.pk
    assert StatutesVersion.objects.filter(association=world.spex).count() == 1


def test_statutes_reject_unreadable_and_too_large(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as info:
        statutes_add(
            association=world.spex,
            actor=world.handler,
            adopted_on=date(2024, 1, 1),
            data=b"%PDF-1.4 broken",
            filename="x.pdf",
        )
    assert "file" in info.value.errors
    assert info.value.errors["file"] == ["”x.pdf” är ingen läsbar PDF. Godtas: " + ACCEPTED_SV]
    settings.GRANSKA_STATUTES_MAX_BYTES = 10
    with pytest.raises(InvalidInput, match="för stor"):
        statutes_add(
            association=world.spex,
            actor=world.handler,
            adopted_on=date(2024, 1, 1),
            data=b"x" * 11,
            filename="x.txt",
        )


def test_reader_runs_after_commit_and_stores_findings(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    text = (STATUTES / "scouterna_stadgar_2014.txt").read_text()
    with django_capture_on_commit_callbacks() as callbacks:
        version = statutes_add(
            association=world.spex, actor=world.handler, adopted_on=date(2024, 1, 1), text=text
        )
    assert len(callbacks) == 1
    assert version.reader_status == "pending"
    assert read_statutes_version(version.pk) == "statutes"
    version.refresh_from_db()
    assert version.reader_status == "done"
    assert version.reader_findings["non_discrimination_clause"]["value"] == "explicit"
    quote = version.reader_findings["non_discrimination_clause"]["evidence"][0]
    assert version.text[quote["start"] : quote["end"]] == quote["quote"]
    assert connection.vendor in ("sqlite", "postgresql")
    read = AuditEvent.objects.get(action="statutes.read", object_id=str(version.pk))
    assert read.actor_type == "system" and "non_discrimination_clause" in read.changes["criteria"]
    read_statutes_version(version.pk)  # again: the same findings, no second event
    assert AuditEvent.objects.filter(action="statutes.read").count() == 1


@pytest.mark.parametrize(
    "adopted_on",
    [timezone.localdate() + timedelta(days=1), date(1899, 12, 31), date(1, 1, 1)],
    ids=["tomorrow", "1899", "year-1"],
)
def test_statutes_adopted_in_the_future_or_before_1900_are_refused(
    world: World, adopted_on: date
) -> None:
    with pytest.raises(InvalidInput) as info:
        statutes_add(
            association=world.spex, actor=world.handler, adopted_on=adopted_on, text="Stadgar " * 5
        )
    assert list(info.value.errors) == ["adopted_on"]
    assert not StatutesVersion.objects.filter(association=world.spex).exists()


@pytest.mark.parametrize(
    "adopted_on", [timezone.localdate(), date(1900, 1, 1)], ids=["today", "1900-01-01"]
)
def test_statutes_adopted_today_or_on_1900_01_01_are_accepted(
    world: World, adopted_on: date
) -> None:
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=adopted_on, text="Stadgar " * 5
    )
    assert version.adopted_on == adopted_on


def test_statutes_add_or_find_says_whether_the_version_is_new(world: World) -> None:
    text = "Stadgar för Studentspexet. Årsmötet är högsta beslutande organ."
    first, created = statutes_add_or_find(
        association=world.spex, actor=world.handler, adopted_on=date(2024, 1, 1), text=text
    )
    assert created is True
    again, created = statutes_add_or_find(
        association=world.spex, actor=world.handler, adopted_on=date(2025, 1, 1), text=text
    )
    assert created is False and again.pk == first.pk and again.adopted_on == date(2024, 1, 1)
    assert StatutesVersion.objects.filter(association=world.spex).count() == 1


def test_a_statutes_upload_that_fails_leaves_no_file(  # type: ignore[no-untyped-def]
    world: World, settings, tmp_path, monkeypatch
) -> None:
    """The file is saved before the row and the event; when they fail, it is deleted again."""
    from pathlib import Path

    import associations.services as assoc_services

    settings.MEDIA_ROOT = str(tmp_path)

    def broken_event(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(assoc_services, "record_event", broken_event)
    with pytest.raises(RuntimeError):
        assoc_services.statutes_add_or_find(
            association=world.spex, actor=world.handler, adopted_on=date(2024, 1, 1),
            data="Föreningen är öppen för alla.".encode(), filename="stadgar.txt",
        )  # fmt: skip
    assert not StatutesVersion.objects.filter(association=world.spex).exists()
    assert [p for p in Path(tmp_path).rglob("*") if p.is_file()] == []
