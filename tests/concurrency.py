"""Races for tests: run calls at the same instant, each in its own thread and connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def run_together(*calls: Callable[[], Any], timeout: float = 30.0) -> list[Any]:
    """Start every call in its own thread, release them together, and return their results
    in order. Each thread has its own database connection (closed at the end), so the calls
    really race in PostgreSQL. A call that raises makes this raise once all have ended."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 -- handed to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if any(thread.is_alive() for thread in threads):
        raise AssertionError(f"a racing call did not finish within {timeout} s")
    if errors:
        raise errors[0]
    return results


def someone_waits_on_a_lock() -> bool:
    """Whether a session of this test database is waiting on a row or table lock."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                       " AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def in_lock_order(monkeypatch, calls: dict[str, Callable[[], Any]], first: str,
                  hold_at: tuple[Any, str]) -> dict[str, Any]:
    """Race two services in a chosen order: run ``calls[first]`` until it returns from
    ``hold_at`` (module, function name: a point where it holds its locks), start the other
    call, and let the first go on once the other waits on a lock. Returns each call's result
    by name."""
    holding, released = threading.Event(), threading.Event()
    module, name = hold_at
    original = getattr(module, name)

    def hold(*args, **kwargs):
        result = original(*args, **kwargs)
        holding.set()
        released.wait(timeout=20)
        return result

    monkeypatch.setattr(module, name, hold)
    (second,) = set(calls) - {first}

    def start_second():
        holding.wait(timeout=20)
        return calls[second]()

    def watch() -> None:
        holding.wait(timeout=20)
        for _ in range(400):  # until the second service queues behind the first one's locks
            if someone_waits_on_a_lock():
                break
            threading.Event().wait(0.05)
        released.set()

    outcomes = run_together(calls[first], start_second, watch)
    return {first: outcomes[0], second: outcomes[1]}
