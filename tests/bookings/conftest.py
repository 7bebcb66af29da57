from tests.api.conftest import bc, creds, other_creds
from tests.bookings.receiver import allow_local_receivers, receiver, tls_receiver
from tests.bookings.tls import pki

__all__ = [
    "allow_local_receivers",
    "bc",
    "creds",
    "other_creds",
    "pki",
    "receiver",
    "tls_receiver",
]
