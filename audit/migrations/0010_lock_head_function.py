"""PostgreSQL: ``audit_lock_head()``, the audit chain lock and the chain's head in one call
(``audit.services``, ADR 0005). Two statements in one function: the read takes its snapshot
after the lock was granted (READ COMMITTED, a VOLATILE function), so it sees the event of the
writer that held the lock before. As one statement the call is prepared like every other; the
two-command string it replaces was parsed and planned for every event.

``locked`` is NULL when the chain head row is missing (the caller restores it); the head's
columns are NULL when the log is empty.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_lock_head()
RETURNS TABLE (locked bigint, seq bigint, hash varchar, occurred_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    head_id bigint;
BEGIN
    SELECT c.id INTO head_id FROM audit_chainhead c WHERE c.id = 1 FOR UPDATE;
    RETURN QUERY
        SELECT head_id, e.seq, e.hash, e.occurred_at
        FROM audit_auditevent e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT head_id, NULL::bigint, NULL::varchar, NULL::timestamptz;
    END IF;
END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_lock_head()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_event_texts"),
    ]

    operations = [migrations.RunPython(create, drop)]
