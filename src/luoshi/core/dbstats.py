"""The query planner's statistics on SQLite (PostgreSQL's autovacuum keeps its own)."""
from __future__ import annotations

from typing import Any

from django.db import connections

# Rows sampled per index: milliseconds even at province size, close enough for the planner.
ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = "default") -> None:
    """Without statistics for an index, SQLite takes it for a very selective one: an index added by a
    migration made 我的待办 read 130,000 closed tasks for a page of none (150 ms instead of 1) until the
    next ANALYZE. A sampled ANALYZE after every migration and every tick keeps the plans right."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")


def refresh_after_migrate(using: str = "default", **kwargs: Any) -> None:
    refresh_statistics(using)
