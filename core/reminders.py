"""When reminders before a deadline are due: pure, no database.

Offsets in days count on the wall clock of the contest's time zone ("7 days before 18:00" is
18:00 a week earlier, even across a change to summer time); offsets in hours are exact.
An occasion names the reminder and the deadline it was chosen for, so a deadline that moves
yields new occasions and the old one is never due again.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def reminder_time(*, deadline: datetime, time_zone: str, days: int = 0, hours: int = 0
                  ) -> datetime:
    local = deadline.astimezone(zone(time_zone))
    # Python subtracts days from an aware datetime on its wall clock; hours are then exact.
    return (local - timedelta(days=days)).astimezone(zoneinfo.ZoneInfo("UTC")) - timedelta(
        hours=hours)


def due_occasion(*, deadline: datetime, time_zone: str, now: datetime,
                 schedule: dict[str, dict[str, int]]) -> str | None:
    """The occasion of the latest reminder of ``schedule`` (label → days/hours before the
    deadline, and optionally ``grace_hours``) that is due at ``now``, or ``None`` before the
    first one and after the deadline. Only the latest counts, and one reached more than its
    grace ago is not sent late: a deadline moved to three days away skips the "one week
    left" reminder rather than telling a week."""
    if now >= deadline:
        return None
    due = [(reminder_time(deadline=deadline, time_zone=time_zone,
                          days=offset.get("days", 0), hours=offset.get("hours", 0)),
            label, offset.get("grace_hours"))
           for label, offset in schedule.items()]
    reached = [(at, label) for at, label, grace in due
               if at <= now and (grace is None or now - at <= timedelta(hours=grace))]
    if not reached:
        return None
    return f"{max(reached)[1]}@{deadline.isoformat()}"
