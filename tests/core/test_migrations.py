"""The audit trail's move from contest to core, run backwards and forwards on a real database."""

import pytest
from django.db import connection

from core.audit import record
from core.models import AuditEvent
from tests.factories import ContestFactory
from tests.migrating import migrate_to

BEFORE_MOVE = [("contest", "0004_video_timeline_hashes"), ("core", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_audit_rows_survive_the_move_to_core_both_ways(back_to_latest):
    contest = ContestFactory()
    scoped = record(actor=None, action="award.create", obj=contest, scope=contest,
                    after={"name": "Grand Prix"})
    unscoped = record(actor=None, action="account.deleted", obj=contest)

    migrate_to(BEFORE_MOVE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, contest_id, action, after FROM contest_auditevent ORDER BY id")
        rows = cursor.fetchall()
    assert [(pk, contest_id, action) for pk, contest_id, action, _after in rows] == [
        (scoped.pk, contest.pk, "award.create"), (unscoped.pk, None, "account.deleted"),
    ]

    migrate_to(None)
    moved = list(AuditEvent.objects.order_by("id").values_list(
        "id", "scope_type", "scope_id", "action", "after"))
    assert moved == [
        (scoped.pk, "contest.contest", str(contest.pk), "award.create", {"name": "Grand Prix"}),
        (unscoped.pk, "", "", "account.deleted", {}),
    ]
    # The sequence continues after the copied ids.
    assert record(actor=None, action="x", obj=contest).pk > unscoped.pk
