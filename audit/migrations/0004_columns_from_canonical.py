"""On PostgreSQL, a CHECK constraint ties every column of an event to its canonical bytes.

With the constraint in place (and validated), no row can have a column that differs from its
canonical bytes, so ``audit_verify`` only hashes the canonical bytes and checks the links; it checks
the constraint's definition before and after reading the rows and compares the columns row by row
only when the constraint is missing, altered or not validated (docs/audit-format.md, "Verification").

Existing rows are checked when the constraint is validated. A row that does not match its
canonical bytes (tampered before this migration) does not stop the migration: the constraint is
then left NOT VALID, and verification compares every row and names it. SQLite is unchanged (its
verification rebuilds the canonical text from the columns, see audit.verify).
"""

from django.db import DatabaseError, migrations, transaction

from audit.constraint import CONSTRAINT, EXPRESSION_V1, add_constraint_sql


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(add_constraint_sql("audit_auditevent", valid=False, expression=EXPRESSION_V1))
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"ALTER TABLE audit_auditevent VALIDATE CONSTRAINT {CONSTRAINT}")
    except DatabaseError:
        pass  # a row differs from its canonical bytes: audit_verify will name it


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE audit_auditevent DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_checkpoints_indexes_append_only"),
    ]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
