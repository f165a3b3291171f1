"""The query planner's statistics on SQLite (PostgreSQL's autovacuum keeps its own).

Without statistics SQLite walks the wrong index (the head's ledger: 0.8 s instead of 10 ms), and an
index a migration adds has none. So every migration ends with a full ``ANALYZE``, and every
``luoshi tick`` runs ``PRAGMA optimize``, SQLite's own rule for which tables to analyze again. That rule
(SQLite 3.40, Debian 12's) looks only at the tables the tick's own connection has read, and users write
tables the tick never reads (problems, imports), so the first tick of each day analyzes the whole file
instead: about 2 s on a province's gigabyte, where sampling (``analysis_limit``) would misjudge the
columns of few values the ledger's indexes start with.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connections, transaction

DAY = 24 * 3600


def analyze(using: str = "default") -> None:
    """ANALYZE the whole SQLite file."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def optimize(using: str = "default") -> None:
    """Let SQLite renew the statistics it judges out of date (``PRAGMA optimize``), or, once a day, all of
    them (``ANALYZE``).

    Inside a transaction, which this project begins IMMEDIATE: the statistics are written, and a statement
    that starts reading and then needs to write fails at once ("database is locked", without waiting) when
    another process wrote meanwhile, as a second tick does; taking the write lock first waits its turn."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    whole = cache.add(f"dbstats:analyzed:{using}", True, DAY)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("ANALYZE" if whole else "PRAGMA optimize")


def analyze_after_migrate(using: str = "default", **kwargs: Any) -> None:
    analyze(using)
