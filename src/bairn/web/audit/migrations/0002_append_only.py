"""The database itself refuses to change or remove audit entries (UPDATE and DELETE fail).

PostgreSQL: a BEFORE UPDATE OR DELETE trigger raising an exception. SQLite: two BEFORE triggers
calling RAISE(ABORT). TRUNCATE stays possible for the table's owner (it is how a test database
is emptied); in production, run the application as a database role that does not own the tables
(docs/web.md) so it cannot TRUNCATE or drop the trigger either.
"""

from django.db import migrations

TABLE = "audit_auditentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION bairn_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % is not allowed on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bairn_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION bairn_audit_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS bairn_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS bairn_audit_append_only();
"""

SQLITE_UP = [
    f"""CREATE TRIGGER bairn_audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE is not allowed'); END;""",
    f"""CREATE TRIGGER bairn_audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS bairn_audit_no_update;",
    "DROP TRIGGER IF EXISTS bairn_audit_no_delete;",
]


def _run(schema_editor, postgres, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"No append-only trigger for the {vendor} database; add one here.")


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_UP, SQLITE_UP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
