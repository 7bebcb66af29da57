from tests.api.conftest import bc, creds, other_creds
from tests.bookings.tls import pki

__all__ = ["bc", "creds", "other_creds", "pki"]
