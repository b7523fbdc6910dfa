import time

import pytest
from django.db import connection

from contest.models import Entry
from contest.services import entries as services
from core.errors import ContestError
from tests.concurrency import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)

TABS = 4


def _submit(entry: Entry, user):
    def call() -> str:
        try:
            services.submit_entry(entry=entry, by=user)
        except ContestError as error:
            return error.code
        return "ok"
    return call


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
    entries = [make_entry() for _ in range(TABS)]
    outcomes = run_together(*(_submit(entry, entrant) for entry in entries))
    assert sorted(outcomes) == ["entry_limit"] * (TABS - 1) + ["ok"]
    assert Entry.objects.filter(status="eligible").count() == 1
