import pytest
from django.conf import LazySettings

from tests.world import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: LazySettings) -> None:
    """PBKDF2 is slow on purpose; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()
