"""Dropping and recreating an index by what it covers, for migrations.

Used where ``AlterField`` would rebuild a table on SQLite (and with it drop the audit table's
append-only triggers), or where Django has no switch for the index at all: the
``varchar_pattern_ops`` companion (``…_like``) that it adds on PostgreSQL to every indexed or
unique ``CharField``, which only a ``LIKE 'prefix%'`` query can use. Migrations import these
functions, so their behaviour must stay as it is.
"""

from __future__ import annotations

from typing import Any


def drop_column_index(schema_editor: Any, model: Any, column: str, *, like: bool = False) -> None:
    """Drop the non-unique index on ``column`` alone; with ``like``, its ``_like`` companion
    instead (PostgreSQL only: other databases have none)."""
    connection = schema_editor.connection
    if like and connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    for name, info in constraints.items():
        plain = info["index"] and not info["unique"] and not info.get("primary_key")
        if plain and info["columns"] == [column] and name.endswith("_like") == like:
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def create_column_index(
    schema_editor: Any, model: Any, field_name: str, *, like: bool = False
) -> None:
    """The reverse of ``drop_column_index``: the index Django would have created."""
    field = model._meta.get_field(field_name)
    if not like:
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
    elif schema_editor.connection.vendor == "postgresql":
        sql = schema_editor._create_like_index_sql(model, field)
        if sql is not None:
            schema_editor.execute(sql)
