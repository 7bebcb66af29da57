from collections.abc import Iterator

import pytest
from django.conf import LazySettings
from django.utils import translation

from tests.world import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: LazySettings) -> None:
    """PBKDF2 is slow on purpose; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in Swedish, whatever an earlier test activated."""
    with translation.override("sv"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()
