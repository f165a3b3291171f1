"""The query planner's statistics on SQLite (PostgreSQL's autovacuum keeps its own).

Without statistics SQLite walks the wrong index (the head's ledger: 0.8 s instead of 10 ms), and an
index a migration adds has none. So every migration ends with a full ``ANALYZE``, and every
``luoshi tick`` runs ``PRAGMA optimize``, SQLite's own rule for which tables to analyze again.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, transaction


def analyze(using: str = "default") -> None:
    """ANALYZE the whole SQLite file."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def optimize(using: str = "default") -> None:
    """Let SQLite renew the statistics it judges out of date (``PRAGMA optimize``).

    Inside a transaction, which this project begins IMMEDIATE: the statistics are written, and a statement
    that starts reading and then needs to write fails at once ("database is locked", without waiting) when
    another process wrote meanwhile, as a second tick does; taking the write lock first waits its turn."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def analyze_after_migrate(using: str = "default", **kwargs: Any) -> None:
    analyze(using)
