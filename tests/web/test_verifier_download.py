"""The chain page offers the offline verifier (tools/verify_audit_export.py) as a download with
its SHA-256: an auditor needed Granska's source to check an export, and compares the checksum
with the published copy rather than trust the system under audit."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings

from tests.audit.conftest import pem
from web import auditchain

pytestmark = pytest.mark.django_db
PAGE, DOWNLOAD = "/revision/kedja/", "/revision/kedja/verify_audit_export.py"
SCRIPT = Path(django_settings.BASE_DIR) / "tools" / "verify_audit_export.py"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    auditchain.verifier_script.cache_clear()
    yield
    auditchain.verifier_script.cache_clear()


@pytest.fixture
def key(settings: Any) -> None:
    settings.AUDIT_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.AUDIT_SIGNING_KEY_FILE = ""


def test_an_auditor_downloads_the_verifier_the_page_names_by_checksum(world, login, key):
    client = login(world.auditor)
    page = client.get(PAGE).content.decode()
    [sha] = re.findall(r'id="verifier-download".*?<code>([0-9a-f]{64})</code>', page, re.S)
    assert f'href="{DOWNLOAD}" download' in page
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="verify_audit_export.py"'
    assert response.content == SCRIPT.read_bytes()
    assert sha == hashlib.sha256(response.content).hexdigest()


def test_the_offer_is_in_english_for_an_english_reader(world, login, key):
    client = login(world.auditor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(PAGE).content.decode()
    assert "Download the verifier (verify_audit_export.py)" in page
    assert "Ladda ner verifieraren" not in page


def test_only_auditors_download_it(world, login):
    assert login(world.handler).get(DOWNLOAD).status_code == 403


def test_without_tools_in_the_deployment_no_link_and_404(world, login, key, monkeypatch):
    monkeypatch.setattr(auditchain, "VERIFIER_PATH", SCRIPT.with_name("missing.py"))
    client = login(world.auditor)
    page = client.get(PAGE)
    assert page.status_code == 200 and 'id="verifier-download"' not in page.content.decode()
    assert client.get(DOWNLOAD).status_code == 404
