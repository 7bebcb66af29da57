"""Indexes no query needs, dropped to make every write cheaper (ADR 0005):

- the single-column index of ``administration``, which the (administration, state, received_on)
  index already leads with (``db_index=False`` in the model; dropped by name, see
  ``config.index_ops``);
- PostgreSQL's ``_like`` companions of ``state`` and ``reference``, only ever compared for
  equality (searches use ``icontains``, which no b-tree serves).
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from config.index_ops import create_column_index, drop_column_index

LIKE = ("state", "reference")


def drop(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("vetting", "Application")
    drop_column_index(schema_editor, model, "administration_id")
    for field in LIKE:
        drop_column_index(schema_editor, model, field, like=True)


def create(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("vetting", "Application")
    create_column_index(schema_editor, model, "administration")
    for field in LIKE:
        create_column_index(schema_editor, model, field, like=True)


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0002_roles_and_rulebook_v1"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="administration",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="vetting.administration",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
