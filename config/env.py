"""Typed readers for environment variables, used by settings only."""

import os
from typing import Any
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError(f"{name}: expected a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name}: expected an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}: expected a number, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_proxy_url(name: str) -> str:
    """An outbound HTTP proxy as ``http://host:port`` (empty: none). Only plain http:// to the
    proxy (the tunnel's TLS is end to end), with a port and without credentials."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    scheme, sep, rest = raw.partition("://")
    host, colon, port = rest.rstrip("/").rpartition(":")
    if scheme != "http" or not sep or not colon or not port.isdigit() or not host:
        raise ValueError(f"{name}: expected http://host:port (e.g. http://proxy:3128), got {raw!r}")
    if "@" in host or "/" in host:
        raise ValueError(f"{name}: expected http://host:port, no credentials or path, got {raw!r}")
    url = f"http://{host}:{int(port)}"
    try:  # as the webhook transport reads it: a name (an IPv6 address in brackets), a real port
        parts = urlsplit(url)
        valid = bool(parts.hostname) and (parts.port or 0) > 0
    except ValueError:
        valid = False
    if not valid:
        raise ValueError(f"{name}: expected http://host:port with a port 1-65535, got {raw!r}")
    return url


CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
}


# A Redis cache that does not answer costs a request at most this long per try (redis-py's
# default is no timeout: a host that drops packets would hang the request); the API's rate
# limits then fail open (api/throttling.py).
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def cache_config(name: str, default: str) -> dict[str, Any]:
    """A Django CACHES entry from a URL: ``locmem://``, ``redis://host:6379/1`` or
    ``file:///var/cache/granska`` (an absolute path)."""
    raw = os.environ.get(name) or default
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme not in CACHE_BACKENDS:
        raise ValueError(f"{name}: expected locmem://, redis://… or file:///path, got {raw!r}")
    if scheme == "file" and not rest.startswith("/"):
        raise ValueError(f"{name}: file:// needs an absolute path, got {raw!r}")
    location = {"locmem": rest or "granska", "file": rest}.get(scheme, raw)
    config: dict[str, Any] = {"BACKEND": CACHE_BACKENDS[scheme], "LOCATION": location}
    if scheme in ("redis", "rediss"):
        config["OPTIONS"] = dict(REDIS_CACHE_OPTIONS)
    return config
