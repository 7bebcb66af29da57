"""Booking systems: their credentials (``clients``) and their requests (``requests``).

Every function owns its transaction. Callers import from here; the modules hold the code.
"""

from bookings.services.clients import (
    ClientSettings,
    Credentials,
    client_actor,
    client_create,
    client_for_key,
    client_revoke,
    client_revoke_previous_key,
    client_revoke_previous_secret,
    client_rotate_key,
    client_rotate_webhook_secret,
    client_update,
)
from bookings.services.requests import (
    BookingInput,
    DuplicateExternalRef,
    IdempotencyKeyReused,
    IntakeResult,
    booking_request_program,
    booking_request_replay,
    booking_request_respond,
    booking_request_submit,
    booking_request_supplement,
    booking_request_withdraw,
    client_action_open,
    client_actions,
    current_change_seq,
    on_state_changed,
    record_change,
)

__all__ = [
    "BookingInput",
    "ClientSettings",
    "Credentials",
    "DuplicateExternalRef",
    "IdempotencyKeyReused",
    "IntakeResult",
    "booking_request_program",
    "booking_request_replay",
    "booking_request_respond",
    "booking_request_submit",
    "booking_request_supplement",
    "booking_request_withdraw",
    "client_action_open",
    "client_actions",
    "client_actor",
    "client_create",
    "client_for_key",
    "client_revoke",
    "client_revoke_previous_key",
    "client_revoke_previous_secret",
    "client_rotate_key",
    "client_rotate_webhook_secret",
    "client_update",
    "current_change_seq",
    "on_state_changed",
    "record_change",
]
