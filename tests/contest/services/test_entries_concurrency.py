import threading
import time

import pytest
from django.db import connection, connections

from contest.errors import ContestError
from contest.models import Entry
from contest.services import entries as services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)

TABS = 4


def _submit_in_own_connection(entry_id, user, barrier, outcomes):
    try:
        entry = Entry.objects.get(pk=entry_id)
        barrier.wait(timeout=10)
        services.submit_entry(entry=entry, by=user)
        outcomes.append("ok")
    except ContestError as error:
        outcomes.append(error.code)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_submit_entry_limit_holds_when_tabs_race(make_entry, entrant, open_contest, monkeypatch):
    original_record = services.record

    def slow_record(**kwargs):
        # Hold each transaction open after its write so that, without the lock, every tab
        # would count before any other commits.
        time.sleep(0.2)
        return original_record(**kwargs)

    monkeypatch.setattr(services, "record", slow_record)
    open_contest.max_entries_per_entrant = 1
    open_contest.save()
    entry_ids = [make_entry().pk for _ in range(TABS)]
    barrier = threading.Barrier(TABS)
    outcomes: list[str] = []
    threads = [
        threading.Thread(target=_submit_in_own_connection,
                         args=(entry_id, entrant, barrier, outcomes))
        for entry_id in entry_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["entry_limit"] * (TABS - 1) + ["ok"]
    assert Entry.objects.filter(status="eligible").count() == 1
