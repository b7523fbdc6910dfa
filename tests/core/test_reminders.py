"""When reminders before a deadline are due (pure)."""

from datetime import UTC, datetime, timedelta

from core.reminders import due_occasion

DEADLINE = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)
SCHEDULE = {"7d": {"days": 7, "grace_hours": 24}, "24h": {"hours": 24}}


def _due(now, schedule=SCHEDULE, zone="UTC"):
    return due_occasion(deadline=DEADLINE, time_zone=zone, now=now, schedule=schedule)


def test_due_occasion_none_before_the_first_reminder():
    assert _due(DEADLINE - timedelta(days=7, seconds=1)) is None


def test_due_occasion_names_the_reminder_and_the_deadline():
    assert _due(DEADLINE - timedelta(days=7)) == f"7d@{DEADLINE.isoformat()}"
    assert _due(DEADLINE - timedelta(hours=23)) == f"24h@{DEADLINE.isoformat()}"


def test_due_occasion_skips_a_reminder_past_its_grace():
    assert _due(DEADLINE - timedelta(days=5)) is None


def test_due_occasion_none_after_the_deadline():
    assert _due(DEADLINE) is None


def test_due_occasion_counts_days_on_the_wall_clock_across_a_time_change():
    # Paris leaves summer time on 25 October 2026: 13:00 local on the deadline (12:00 UTC)
    # is 13:00 local a week earlier, which was 11:00 UTC.
    week_before = datetime(2026, 10, 23, 11, 0, tzinfo=UTC)
    assert _due(week_before - timedelta(minutes=1), zone="Europe/Paris") is None
    assert _due(week_before, zone="Europe/Paris") == f"7d@{DEADLINE.isoformat()}"
