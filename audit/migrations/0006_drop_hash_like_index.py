"""PostgreSQL's ``_like`` companion of the unique ``hash`` column: no query compares a hash with
``LIKE``, and every event paid for it (ADR 0005). Dropped by name, see ``config.index_ops``."""

from typing import Any

from django.db import migrations

from config.index_ops import create_column_index, drop_column_index


def drop(apps: Any, schema_editor: Any) -> None:
    drop_column_index(schema_editor, apps.get_model("audit", "AuditEvent"), "hash", like=True)


def create(apps: Any, schema_editor: Any) -> None:
    create_column_index(schema_editor, apps.get_model("audit", "AuditEvent"), "hash", like=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_filter_indexes"),
    ]

    operations = [migrations.RunPython(drop, create)]
