"""Indexes on the booking intake's tables that no query needs (ADR 0005, "Indexes on the
intake's tables"), dropped by name through ``config.index_ops`` so SQLite rebuilds no table:

- ``BookingRequest.change_seq`` alone: every read of it is one client's feed, which the
  (client, change_seq) index serves (the admin list's order sorts the page instead);
- ``IdempotencyRecord.booking_request``: nothing looks a record up by its request, and requests
  are never deleted (the admin forbids it; the case protects its request);
- ``WebhookMessage.next_attempt_at``: "due" (<= now) matches nearly every message ever sent;
  the status index finds the pending ones.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from config.index_ops import create_column_index, drop_column_index

DROPPED = (
    ("BookingRequest", "change_seq", "change_seq"),
    ("IdempotencyRecord", "booking_request", "booking_request_id"),
    ("WebhookMessage", "next_attempt_at", "next_attempt_at"),
)


def drop(apps: Any, schema_editor: Any) -> None:
    for model_name, _field, column in DROPPED:
        drop_column_index(schema_editor, apps.get_model("bookings", model_name), column)


def create(apps: Any, schema_editor: Any) -> None:
    for model_name, field, _column in DROPPED:
        create_column_index(schema_editor, apps.get_model("bookings", model_name), field)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0009_key_and_secret_rotation_grace"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="bookingrequest",
                    name="change_seq",
                    field=models.BigIntegerField(verbose_name="ändringsnummer"),
                ),
                migrations.AlterField(
                    model_name="idempotencyrecord",
                    name="booking_request",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="bookings.bookingrequest",
                    ),
                ),
                migrations.AlterField(
                    model_name="webhookmessage",
                    name="next_attempt_at",
                    field=models.DateTimeField(verbose_name="nästa försök"),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
