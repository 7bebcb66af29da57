"""The caller's address for API limits and login lockouts (config.client_ip)."""

from __future__ import annotations

from django.http import HttpRequest

from config.client_ip import client_ip


def request(**meta: str) -> HttpRequest:
    r = HttpRequest()
    r.META.update(meta)
    return r


def test_remote_addr_unless_proxies_are_trusted(settings) -> None:
    assert client_ip(request(REMOTE_ADDR="203.0.113.7")) == "203.0.113.7"
    forged = request(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(forged) == "203.0.113.7"  # GRANSKA_NUM_PROXIES=0: the header is not believed


def test_no_address_is_none_not_the_text_none() -> None:
    """An internal request (a test client's login) has no address; "None" is no inet value."""
    assert client_ip(request()) is None
