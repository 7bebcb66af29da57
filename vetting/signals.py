"""Sent inside the transaction, after a case changed state and its audit event was written.

Receivers write outbox rows (webhooks, mail) in the same transaction; delivery happens after commit.
Arguments: application, action, from_state, to_state.
"""

from django.dispatch import Signal

state_changed = Signal()
