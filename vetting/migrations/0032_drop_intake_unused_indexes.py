"""Indexes on the application table that a new case need not write (ADR 0005, "Indexes on the
intake's tables"):

- ``updated_at``: no query filters or orders by it; dropped by name through
  ``config.index_ops`` (SQLite rebuilds no table);
- ``handler`` and ``proposed_by``: replaced by partial indexes over the rows that have one. Every
  lookup is ``= user`` (which implies NOT NULL, so the planner uses them), and a new case, with
  neither, adds no entry.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.index_ops import create_column_index, drop_column_index

DROPPED = (
    ("updated_at", "updated_at"),
    ("handler", "handler_id"),
    ("proposed_by", "proposed_by_id"),
)


def drop(apps: Any, schema_editor: Any) -> None:
    for _field, column in DROPPED:
        drop_column_index(schema_editor, apps.get_model("vetting", "Application"), column)


def create(apps: Any, schema_editor: Any) -> None:
    for field, _column in DROPPED:
        create_column_index(schema_editor, apps.get_model("vetting", "Application"), field)


def user_field(related_name: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_index=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0031_communication_response_contests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="handler",
                    field=user_field("handled_applications", "handläggare"),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="proposed_by",
                    field=user_field("proposed_applications", "föreslaget av"),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="updated_at",
                    field=models.DateTimeField(auto_now=True, verbose_name="senast ändrad"),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("handler__isnull", False)),
                fields=["handler"],
                name="application_handler",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("proposed_by__isnull", False)),
                fields=["proposed_by"],
                name="application_proposed_by",
            ),
        ),
    ]
