"""Auditors download the verifiable JSONL export of the trail from their pages (issue 3: "as a
download for auditors over the API and in their pages"): the same content as the API's, checked
by the independent verifier, and recorded like every export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from audit.checkpoints import sign_checkpoint
from audit.models import AuditEvent
from audit.services import person_pseudonym
from audit.signing import verifier_key
from tests.api.conftest import officer_for
from tests.audit.conftest import load_verifier, pem
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/revision/export.jsonl"


@pytest.fixture
def key(settings: Any) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = pem(key)
    settings.AUDIT_SIGNING_KEY_FILE = ""
    return key


@pytest.fixture
def trail(world: World, key: Ed25519PrivateKey) -> None:
    drive(world, world.submit(), State.APPROVED)
    sign_checkpoint()
    drive(world, world.submit(), State.IN_REVIEW)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_an_auditor_downloads_a_verifiable_export(
    world: World, login, trail: None, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    today = timezone.localdate().isoformat()
    response = login(world.auditor).get(URL, {"since": today, "until": today})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].startswith('attachment; filename="granska-audit-1-')
    target = tmp_path / "export.jsonl"
    target.write_bytes(body(response))
    vkey = verifier_key("granska.example/audit", key.public_key())
    result = load_verifier().verify(str(target), None, vkey, strict=True, require_signature=True)
    assert result.startswith("OK: events #1-") and "1 checkpoint signatures verified" in result
    assert "export signature verified" in result


def test_the_download_is_what_the_api_exports(world: World, login, trail: None) -> None:
    page = body(login(world.auditor).get(URL)).splitlines()
    api = body(officer_for(world.auditor).get("/api/v1/audit/export?format=jsonl")).splitlines()
    # the API's export also holds the page's own event; each ends with its own signature line
    assert page[1:-1] == api[1 : len(page) - 1]
    assert any(b'"action":"audit.exported"' in line for line in api[len(page) - 1 : -1])
    assert page[-1].startswith(b'{"signature":') and api[-1].startswith(b'{"signature":')


def test_the_download_is_recorded_by_pseudonym(world: World, login, trail: None) -> None:
    login(world.auditor).get(URL)
    event = AuditEvent.objects.filter(action="audit.exported").get()
    assert event.actor_id == person_pseudonym(world.auditor)
    assert event.changes["format"] == "jsonl" and event.object_type == "audit_export"


def test_only_auditors_download(world: World, login, trail: None) -> None:
    assert login(world.handler).get(URL).status_code == 403
    assert login(world.decider).get(URL).status_code == 403
    from django.test import Client

    assert Client().get(URL).status_code == 302  # to the login page
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_a_period_ending_before_it_starts_is_refused(world: World, login) -> None:
    response = login(world.auditor).get(URL, {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 400
    page = response.content.decode()  # the chain page again, the error at its field
    assert 'id="trail-export"' in page and "Slutdagen är före startdagen." in page
    assert 'value="2026-02-01"' in page and "beslutsloggen" not in page
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_pages_offer_the_export_and_the_verifier_key(
    world: World, login, trail: None, key: Ed25519PrivateKey
) -> None:
    auditor = login(world.auditor)
    chain = auditor.get("/revision/kedja/").content.decode()
    assert 'id="trail-export"' in chain and 'action="/revision/export.jsonl"' in chain
    assert verifier_key("granska.example/audit", key.public_key()) in chain
    assert 'id="trail-export-link"' in auditor.get("/revision/").content.decode()


def test_the_chain_page_explains_the_command_and_both_options(
    world: World, login, trail: None, key: Ed25519PrivateKey
) -> None:
    """The key is shown as a key, the command as a command, and what each option refuses and
    what OK and BAD mean, in Swedish and in English."""
    auditor = login(world.auditor)
    chain = auditor.get("/revision/kedja/").content.decode()
    vkey = verifier_key("granska.example/audit", key.public_key())
    assert f'<pre id="verifier-key">{vkey}</pre>' in chain
    assert "--require-checkpoint --require-signature --verifier-key" in chain
    assert "<code>--require-checkpoint</code>: filen underkänns om den saknar" in chain
    assert "<code>--require-signature</code>: filen underkänns om den inte är signerad" in chain
    assert "Byt granska-audit.jsonl mot namnet på filen du laddade ner" in chain
    assert "sist en signatur över hela filen" in chain and 'id="export-unsigned"' not in chain
    auditor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = auditor.get("/revision/kedja/").content.decode()
    assert "<code>--require-signature</code>: the file is rejected if it is not signed" in english
    assert "last a signature over the whole file" in english and "underkänns" not in english


def test_the_chain_page_warns_when_exports_are_not_signed(
    world: World, login, trail: None, settings: Any
) -> None:
    settings.AUDIT_SIGNING_KEY = ""
    chain = login(world.auditor).get("/revision/kedja/").content.decode()
    assert 'id="export-unsigned"' in chain and 'id="verify-command"' not in chain
    assert "Ingen signeringsnyckel är konfigurerad: exporten signeras inte" in chain
