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
