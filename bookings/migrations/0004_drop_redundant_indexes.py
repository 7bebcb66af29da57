"""Indexes no query needs, dropped to make every write cheaper (ADR 0005):

- the single-column index of three foreign keys that a composite index already leads with
  (``db_index=False`` in the models; dropped by name, see ``config.index_ops``);
- PostgreSQL's ``_like`` companions of ``msg_id`` and ``status``, only ever compared for equality.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from config.index_ops import create_column_index, drop_column_index

FOREIGN_KEYS = (
    ("BookingRequest", "client"),
    ("IdempotencyRecord", "client"),
    ("WebhookMessage", "booking_request"),
)
LIKE = (("WebhookMessage", "msg_id"), ("WebhookMessage", "status"))


def drop(apps: Any, schema_editor: Any) -> None:
    for model_name, field in FOREIGN_KEYS:
        model = apps.get_model("bookings", model_name)
        drop_column_index(schema_editor, model, model._meta.get_field(field).column)
    for model_name, field in LIKE:
        drop_column_index(schema_editor, apps.get_model("bookings", model_name), field, like=True)


def create(apps: Any, schema_editor: Any) -> None:
    for model_name, field in FOREIGN_KEYS:
        create_column_index(schema_editor, apps.get_model("bookings", model_name), field)
    for model_name, field in LIKE:
        create_column_index(schema_editor, apps.get_model("bookings", model_name), field, like=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_bookingclient_bookingrequest_idempotencyrecord_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="bookingrequest",
                    name="client",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="booking_requests",
                        to="bookings.bookingclient",
                    ),
                ),
                migrations.AlterField(
                    model_name="idempotencyrecord",
                    name="client",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="idempotency_records",
                        to="bookings.bookingclient",
                    ),
                ),
                migrations.AlterField(
                    model_name="webhookmessage",
                    name="booking_request",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="webhook_messages",
                        to="bookings.bookingrequest",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
