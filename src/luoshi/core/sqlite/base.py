"""Django's SQLite backend, with writers queued on a file lock before SQLite's own write lock.

Every transaction begins IMMEDIATE (the write lock at BEGIN). A writer that finds the lock taken is
left to SQLite's busy handler, which sleeps in growing steps of up to 100 ms and wakes in no order:
with eight clients writing at once, half the writes waited twice as long as the rest. Here each
transaction first takes an exclusive ``flock`` on a file beside the database and polls it every
half millisecond, so the next writer starts as soon as the last one commits. The file lock is held
exactly as long as SQLite's; an in-memory database, with one connection, needs none.
"""
from __future__ import annotations

import fcntl
import os
import time
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

from .operations import DatabaseOperations

POLL_SECONDS = 0.0005


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _turn_file: int | None = None
    _has_turn = False

    def _start_transaction_under_autocommit(self) -> None:
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def set_autocommit(self, autocommit: bool, *args: Any, **kwargs: Any) -> None:
        try:
            super().set_autocommit(autocommit, *args, **kwargs)
        finally:
            if autocommit:
                self._end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_turn()
            if self._turn_file is not None:
                os.close(self._turn_file)
                self._turn_file = None

    def _take_turn(self) -> None:
        if self._has_turn or self.is_in_memory_db():
            return
        if self._turn_file is None:
            self._turn_file = os.open(f"{self.settings_dict['NAME']}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        while True:
            try:
                fcntl.flock(self._turn_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(POLL_SECONDS)
            else:
                self._has_turn = True
                return

    def _end_turn(self) -> None:
        if self._has_turn:
            self._has_turn = False
            fcntl.flock(self._turn_file, fcntl.LOCK_UN)
