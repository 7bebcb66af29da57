"""Indexes for filtered pages of the log: every filter column with ``seq`` after it, and the
decision administrations as an expression with statistics of its own (docs/audit-format.md §6).

The single-column indexes that the composite ones make redundant are dropped by name, not by
``AlterField``: on SQLite that would rebuild the event table, and with it drop its append-only
triggers.
"""

from typing import Any

from django.db import migrations, models

COLUMNS = ("action", "actor_id", "association_id", "case_ref")


def drop_single_column_indexes(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("audit", "AuditEvent")
    table = model._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        single = info["index"] and not info["unique"] and len(info["columns"]) == 1
        if single and info["columns"][0] in COLUMNS and not info.get("primary_key"):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def create_single_column_indexes(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("audit", "AuditEvent")
    for column in COLUMNS:
        field = model._meta.get_field(column)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_columns_from_canonical"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="auditevent", name="audit_decision_adm_seq"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                models.Case(
                    models.When(
                        action__in=("application.decide", "application.correct",
                                    "application.revoke"),
                        then=models.F("actor_administration"),
                    ),
                    default=None,
                    output_field=models.CharField(),
                ),
                models.F("seq"),
                name="audit_decision_adm",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor_administration", "seq"], name="audit_event_adm_seq"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor_id", "seq"], name="audit_event_actor_seq"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["association_id", "seq"], name="audit_event_assoc_seq"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent", name="action",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditevent", name="actor_id",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditevent", name="association_id",
                    field=models.BigIntegerField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="auditevent", name="case_ref",
                    field=models.CharField(blank=True, max_length=40),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, create_single_column_indexes),
            ],
        ),
    ]
