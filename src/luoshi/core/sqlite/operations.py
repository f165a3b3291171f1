"""Flush (``manage.py flush``, the test runner between transactional tests) empties tables the way
PostgreSQL's TRUNCATE does: row triggers do not fire. SQLite has no TRUNCATE and no way to switch a
trigger off, so the tables' triggers are dropped, the rows deleted and the triggers created again,
all in flush's one transaction. Without this the audit log's DELETE trigger would refuse the flush."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            flushed = set(tables)
            triggers = [(name, sql) for name, table, sql in cursor.fetchall() if table in flushed]
        if not triggers:
            return statements
        drops = [f"DROP TRIGGER {self.quote_name(name)};" for name, _ in triggers]
        return drops + statements + [f"{sql};" for _, sql in triggers]
