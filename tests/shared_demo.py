"""One demo organization per test process, kept in an open transaction that demo tests nest inside.

`load_demo(with_work=False)` runs the org and account services for 17 units and 47 people: about 1,500
queries, a second on SQLite and more over PostgreSQL's socket. Over half the suite asks for the demo, so
loading it afresh for each test cost 20 of the suite's 46 minutes on PostgreSQL (docs/benchmarks.md). Here
the demo is loaded once, inside a transaction that is never committed; each demo test's own transaction
(pytest-django's `db`) is then a savepoint inside it, rolled back after the test as before. A test that does
not ask for the demo, or needs real commits (`transactional_db`, `live_server`), first rolls the demo back,
so it starts from the empty database it always had; the next demo test loads it again.

The switch happens in `pytest_runtest_setup`, before any fixture: the transaction must be open before the
test's own. The first demo test of a process runs before the test database exists, so it loads the demo
inside its own transaction, as every test once did.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from luoshi.demo import load_demo


class SharedDemo:
    def __init__(self) -> None:
        self.blocker: Any = None  # pytest-django's database blocker, once the test database exists
        self.atomic: Any = None  # the open outer transaction holding the demo

    def prepare(self, item: pytest.Item) -> None:
        """Open the demo's transaction for a demo test, close it for any other database test."""
        if self.blocker is None:
            return
        if wants_shared_demo(item):
            if self.atomic is None:
                with self.blocker.unblock():
                    self.atomic = transaction.atomic()
                    self.atomic.__enter__()
                    load_demo(with_work=False)
        elif uses_database(item):
            self.close()

    @property
    def open(self) -> bool:
        return self.atomic is not None

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        assert not connection.in_atomic_block


def uses_database(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return bool(item.get_closest_marker("django_db")) or "db" in names or "transactional_db" in names


def wants_shared_demo(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "demo" not in names or "transactional_db" in names or "live_server" in names:
        return False
    marker = item.get_closest_marker("django_db")
    return not (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
