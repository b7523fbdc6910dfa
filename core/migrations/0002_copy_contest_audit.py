"""Move the audit trail from contest's table to core's, keeping every row and its id.

The contest foreign key becomes a scope (``contest.contest`` and the id) so that core needs
no other app; backwards, contest-scoped rows get their foreign key back.
"""

from django.db import migrations

FORWARD = """
INSERT INTO core_auditevent (id, scope_type, scope_id, actor_id, action, object_type,
                             object_id, before, after, created_at)
SELECT id, CASE WHEN contest_id IS NULL THEN '' ELSE 'contest.contest' END,
       COALESCE(CAST(contest_id AS VARCHAR(64)), ''), actor_id, action, object_type, object_id,
       before, after, created_at
FROM contest_auditevent
"""
BACKWARD = """
INSERT INTO contest_auditevent (id, contest_id, actor_id, action, object_type, object_id,
                                before, after, created_at)
SELECT a.id, c.id, a.actor_id, a.action, a.object_type, a.object_id, a.before, a.after,
       a.created_at
FROM core_auditevent a
LEFT JOIN contest_contest c
  ON a.scope_type = 'contest.contest' AND CAST(c.id AS VARCHAR(64)) = a.scope_id
"""


def _reset_sequence(cursor, vendor: str, table: str) -> None:
    # Copied ids would otherwise collide with the next ones PostgreSQL hands out.
    if vendor == "postgresql":
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FORWARD)
        _reset_sequence(cursor, schema_editor.connection.vendor, "core_auditevent")


def backward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKWARD)
        # A move, not a copy: forwards again must not meet these rows twice.
        cursor.execute("DELETE FROM core_auditevent")
        _reset_sequence(cursor, schema_editor.connection.vendor, "contest_auditevent")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("contest", "0004_video_timeline_hashes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
