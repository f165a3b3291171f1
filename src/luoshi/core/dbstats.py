"""The query planner's statistics on SQLite (PostgreSQL's autovacuum keeps its own).

Without statistics SQLite walks the wrong index (the head's ledger: 0.8 s instead of 10 ms), and an
index a migration adds has none. So every migration ends with a full ``ANALYZE``, and every
``luoshi tick`` runs ``PRAGMA optimize``, SQLite's own rule for which tables to analyze again.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


def analyze(using: str = "default") -> None:
    """ANALYZE the whole SQLite file."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def optimize(using: str = "default") -> None:
    """Let SQLite renew the statistics it judges out of date (``PRAGMA optimize``)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def analyze_after_migrate(using: str = "default", **kwargs: Any) -> None:
    analyze(using)
