"""Race tests: calls started together in threads, each on its own database connection.

    outcomes = at_once(lambda: approve("deputy1"), lambda: approve("head"))
    assert sorted(outcome_names(outcomes)) == ["Conflict", "Task"]

Each thread waits at one barrier so the calls really start together, and closes its connection when done
(a thread's connection outlives the test otherwise and holds the test database open). An exception is an
outcome like a return value, so a test asserts on both in one place.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

# Which rows a statement locks shows only where FOR UPDATE takes OF (PostgreSQL); SQLite locks no rows.
needs_lock_of = pytest.mark.skipif(
    not connection.features.has_select_for_update_of, reason="the database locks no rows one by one"
)


def at_once(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Each call's return value, or the exception it raised, in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - an outcome the test asserts on
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes


def raised(outcomes: list[Any]) -> list[BaseException]:
    """The exceptions among the outcomes."""
    return [o for o in outcomes if isinstance(o, BaseException)]


def codes(outcomes: list[Any], success: str = "ok") -> list[str]:
    """Sorted: the ``code`` of each refusal raised (luoshi's errors carry one), ``success`` for the others."""
    return sorted(
        getattr(o, "code", type(o).__name__) if isinstance(o, BaseException) else success for o in outcomes
    )


def locked_tables(call: Callable[[], Any]) -> list[set[str]]:
    """For each locking statement ``call`` runs, the tables whose rows it locks: those named after
    FOR UPDATE OF, else every table it reads (PostgreSQL locks the joined rows too)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    found = []
    for query in captured.captured_queries:
        sql = query["sql"] or ""
        if "FOR UPDATE" in sql:
            named = sql.split("FOR UPDATE OF", 1)[1] if "FOR UPDATE OF" in sql else ""
            found.append(set(re.findall(r'"(\w+)"', named) or re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)))
    return found
