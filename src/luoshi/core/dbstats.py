"""The query planner's statistics on SQLite (PostgreSQL's autovacuum keeps its own).

A table is analyzed in full when it has rows and either an index without statistics or a row count
that moved by more than a tenth since its last ANALYZE — PostgreSQL's own rule (autovacuum's
analyze_scale_factor). Sampled statistics (``analysis_limit``) were tried and dropped: SQLite samples
the first rows of each index only, so a status looked ten times rarer than it is and 我的待办 read
3,400 tasks for a page of none. A full ANALYZE of 200,000 tasks takes half a second, and is rarely due.
"""
from __future__ import annotations

from typing import Any

from django.db import connections

CHANGE_RATIO = 0.1


def stale_tables(using: str = "default") -> list[str]:
    """The tables whose statistics are missing or out of date, by the rule above."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        analyzed: dict[str, int] = {}
        with_stats: set[str] = set()
        if cursor.fetchone():
            cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
            for table, index, stat in cursor.fetchall():
                # A partial index counts only its own rows: the table's are the most any index has.
                analyzed[table] = max(analyzed.get(table, 0), int(stat.split()[0]))
                with_stats.add(index or table)
        cursor.execute("SELECT name, tbl_name, type FROM sqlite_master WHERE type IN ('table', 'index')"
                       " AND tbl_name NOT LIKE 'sqlite%' ORDER BY name")
        indexes: dict[str, list[str]] = {}
        for name, table, kind in cursor.fetchall():
            indexes.setdefault(table, [])
            if kind == "index":
                indexes[table].append(name)
        stale = []
        for table, names in indexes.items():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            rows = cursor.fetchone()[0]
            if not rows:
                continue
            missing = any(name not in with_stats for name in names)
            before = analyzed.get(table)
            if missing or before is None or abs(rows - before) > CHANGE_RATIO * before:
                stale.append(table)
        return stale


def refresh_statistics(using: str = "default") -> list[str]:
    """ANALYZE the stale tables (SQLite only); returns their names."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    stale = stale_tables(using)
    with connection.cursor() as cursor:
        for table in stale:
            cursor.execute(f'ANALYZE "{table}"')
    return stale


def refresh_after_migrate(using: str = "default", **kwargs: Any) -> None:
    refresh_statistics(using)
