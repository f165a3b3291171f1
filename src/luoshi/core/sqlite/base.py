"""Django's SQLite backend with one change: ``sql_flush`` (operations.py), which the sealed audit log's
triggers need. Everything else, locking included, is Django's and SQLite's own."""

from __future__ import annotations

from django.db.backends.sqlite3 import base

from .operations import DatabaseOperations


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
