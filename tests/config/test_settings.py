"""Production settings pass check --deploy; migrations match the models."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.config.child import ROOT, child, inherited

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p7Xv2kLq9ZsW4nRt8YbC1mJd6HfG3aEuQ0oIrTyVxNcBzSlKwPe5gDhAjUiMnOp",
    "ALLOWED_HOSTS": "granska.kommun.se",
    "CSRF_TRUSTED_ORIGINS": "https://granska.kommun.se",
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    # Granska's own deployment checks (ops/checks.py): PostgreSQL and Redis (check --deploy
    # connects to neither), an audit signing key (a test key: the base64 line of its PEM), the
    # municipality's own values instead of the examples.
    "DATABASE_URL": "postgres://granska_app:secret@127.0.0.1:1/granska",
    "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    "CACHE_URL": "redis://127.0.0.1:1/1",
    "AUDIT_SIGNING_KEY": "MC4CAQAwBQYDK2VwBCIEIEYgljVPmESKshpuIiEIS5NmtADm8AB9MuYlHG2zLXNY",
    "AUDIT_LOG_ORIGIN": "granska.kommun.se/audit",
    "GRANSKA_ACCESSIBILITY_CONTACT": "tillganglighet@kommun.se",
}


def manage(
    *args: str, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """manage.py in a child process; an ``env`` value of None unsets the variable."""
    full_env = inherited(without=("SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE"))  # set by other tests
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    return child(["manage.py", *args], full_env)


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "GRANSKA_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_defaults_are_flagged_by_check_deploy(tmp_path: Path) -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"GRANSKA_VAR_DIR": str(tmp_path), "SECRET_KEY": ""} | {"DEBUG": "0"},
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout or "W009" in result.stderr


def test_a_deployment_without_its_own_secret_key_refuses_to_start(tmp_path: Path) -> None:
    env = {**PRODUCTION, "GRANSKA_VAR_DIR": str(tmp_path), "SECRET_KEY": None}
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr
    assert manage("check", env={**env, "SECRET_KEY": "s" * 50}).returncode == 0


def test_bad_boolean_env_is_a_clear_error(tmp_path: Path) -> None:
    result = manage("check", env={"DEBUG": "maybe", "GRANSKA_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "DEBUG: expected a boolean" in result.stderr


def test_an_empty_accessibility_contact_is_a_clear_error(tmp_path: Path) -> None:
    env = {"GRANSKA_ACCESSIBILITY_CONTACT": " ", "GRANSKA_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "GRANSKA_ACCESSIBILITY_CONTACT is empty" in result.stderr


def test_a_statutes_requeue_interval_below_one_minute_is_a_clear_error(tmp_path: Path) -> None:
    env = {"GRANSKA_STATUTES_REQUEUE_MINUTES": "0", "GRANSKA_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "GRANSKA_STATUTES_REQUEUE_MINUTES must be at least 1" in result.stderr


@pytest.mark.parametrize("name", ["GRANSKA_MAX_EVENT_DAYS", "GRANSKA_MAX_BOOKING_AHEAD_DAYS"])
def test_an_event_limit_below_one_day_is_a_clear_error(name: str, tmp_path: Path) -> None:
    result = manage("check", env={name: "0", "GRANSKA_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "must be at least 1 (days)" in result.stderr and name in result.stderr


@pytest.mark.parametrize("days", ["0", "367"])
def test_a_repayment_period_outside_a_year_is_a_clear_error(days: str, tmp_path: Path) -> None:
    """The due date the revoke form offers must be one the service accepts (ADR 0013)."""
    result = manage("check", env={"GRANSKA_REPAYMENT_DAYS": days, "GRANSKA_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "GRANSKA_REPAYMENT_DAYS must be between 1 and 366" in result.stderr


def test_migrations_match_models() -> None:
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


# The settings module and the group it imports whole (Granska's own settings).
SETTINGS_FILES = ("settings.py", "domain.py")


def settings_env_names() -> list[str]:
    """Every variable the settings read through config.env."""
    text = "\n".join((ROOT / "config" / name).read_text() for name in SETTINGS_FILES)
    return sorted(set(re.findall(r'(?:env_[a-z]+|cache_config)\(\s*"([A-Z0-9_]+)"', text)))


def test_settings_read_variables() -> None:
    assert {
        "DATABASE_URL",
        "SECRET_KEY",
        "GRANSKA_WEBHOOK_COALESCE_SECONDS",
        "CACHE_URL",
        "GRANSKA_DEMO",
        "GRANSKA_MIN_RESPONSE_DAYS",
    } <= set(settings_env_names())


def test_the_domain_settings_are_settings() -> None:
    """config.domain is part of the one settings module: each of its names is a setting."""
    from django.conf import settings

    from config import domain

    names = [name for name in vars(domain) if name.isupper()]
    assert {"DEMO_MODE", "GRANSKA_APPEAL_ROUTES", "GRANSKA_ACCESSIBILITY_CONTACT"} <= set(names)
    for name in names:
        assert getattr(settings, name) == getattr(domain, name), name


@pytest.mark.parametrize("name", settings_env_names())
def test_env_example_documents_the_variable(name: str) -> None:
    assert f"\n{name}=" in (ROOT / ".env.example").read_text()


def test_server_side_binding_is_on_for_postgresql_unless_turned_off() -> None:
    script = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    url = "postgres://u:p@127.0.0.1:5432/db"
    off = manage("shell", "-c", script, env={"DATABASE_URL": url, "DB_SERVER_SIDE_BINDING": "0"})
    on = manage("shell", "-c", script, env={"DATABASE_URL": url, "DB_SERVER_SIDE_BINDING": "1"})
    default = manage(
        "shell", "-c", script, env={"DATABASE_URL": url, "DB_SERVER_SIDE_BINDING": None}
    )
    assert "server_side_binding" not in off.stdout, off.stderr
    for run in (on, default):
        assert "'server_side_binding': True, 'prepare_threshold': 5" in run.stdout, run.stderr


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "locmem.LocMemCache", "granska"),
        ("redis://127.0.0.1:6379/1", "redis.RedisCache", "redis://127.0.0.1:6379/1"),
        ("file:///var/cache/granska", "filebased.FileBasedCache", "/var/cache/granska"),
    ],
)
def test_cache_url(monkeypatch: pytest.MonkeyPatch, url: str, backend: str, location: str) -> None:
    from config.env import cache_config

    monkeypatch.setenv("CACHE_URL", url)
    config = cache_config("CACHE_URL", "locmem://")
    options = config.pop("OPTIONS", None)
    assert config == {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": location}
    if url.startswith("redis"):  # a Redis that does not answer costs a request half a second
        assert options == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    else:
        assert options is None


@pytest.mark.parametrize("url", ["memcached://x", "redis:6379", "file://relative/dir"])
def test_bad_cache_url_names_the_variable(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    from config.env import cache_config

    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_config("CACHE_URL", "locmem://")


def test_bad_number_env_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.env import env_float

    monkeypatch.setenv("GRANSKA_WEBHOOK_COALESCE_SECONDS", "en sekund")
    with pytest.raises(ValueError, match="GRANSKA_WEBHOOK_COALESCE_SECONDS: expected a number"):
        env_float("GRANSKA_WEBHOOK_COALESCE_SECONDS", 1.0)
    monkeypatch.setenv("GRANSKA_WEBHOOK_COALESCE_SECONDS", "0.5")
    assert env_float("GRANSKA_WEBHOOK_COALESCE_SECONDS", 1.0) == 0.5


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("", ""),
        ("http://proxy.kommun.local:3128", "http://proxy.kommun.local:3128"),
        ("http://10.0.0.1:8080/", "http://10.0.0.1:8080"),
        ("http://[fd00::1]:3128", "http://[fd00::1]:3128"),
    ],
)
def test_webhook_proxy(monkeypatch: pytest.MonkeyPatch, raw: str, url: str) -> None:
    from config.env import env_proxy_url

    monkeypatch.setenv("GRANSKA_WEBHOOK_PROXY", raw)
    assert env_proxy_url("GRANSKA_WEBHOOK_PROXY") == url


@pytest.mark.parametrize(
    "raw",
    [
        "proxy.kommun.local:3128",
        "https://proxy.kommun.local:3128",
        "http://proxy.kommun.local",
        "http://user:secret@proxy.kommun.local:3128",
        "http://proxy.kommun.local:3128/path",
        # What the transport could not read (urlsplit): found at startup, not on every delivery.
        "http://proxy.kommun.local:99999",
        "http://proxy.kommun.local:0",
        "http://fd00::1:3128",
    ],
)
def test_a_bad_webhook_proxy_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    from config.env import env_proxy_url

    monkeypatch.setenv("GRANSKA_WEBHOOK_PROXY", raw)
    with pytest.raises(ValueError, match="GRANSKA_WEBHOOK_PROXY: expected http://host:port"):
        env_proxy_url("GRANSKA_WEBHOOK_PROXY")
