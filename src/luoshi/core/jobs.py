"""Work run outside the request without a queue server: the database is the queue (a status column
claimed by one conditional UPDATE), a lock file per kind of work keeps one runner at a time per data
directory, and a runner is a detached ``luoshi <command>`` or the next ``luoshi tick``."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

Job = TypeVar("Job", bound=models.Model)

T = TypeVar("T")
# A job left running this long lost its runner (the process died): the next runner takes it again.
STALE = dt.timedelta(minutes=30)


# The runners this process started and has not seen exit: polled at each start, which reaps a finished
# one, so it does not stay a zombie of the server's worker.
_started: list[subprocess.Popen[bytes]] = []
# How a started runner finds the lock its starter took for it: "<command>:<file descriptor>".
INHERITED_LOCK = "LUOSHI_RUNNER_LOCK"


def start_command(command: str) -> None:
    """A detached ``luoshi <command>``: it runs what waits, then exits (the request does not wait).

    The caller takes the command's runner lock and hands it to the process it starts, so the lock is
    held from this instant, not from when the new process has loaded. While it is held nothing starts:
    the runner holding it looks for waiting rows again after letting go, and the caller's row is
    committed by then. A burst of requests thus queues rows instead of starting a process each."""
    _started[:] = [process for process in _started if process.poll() is None]
    handle = open(_lock_path(command), "a")  # noqa: SIM115 (the started process keeps the lock open)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        fd = handle.fileno()
        _started.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", "luoshi.cli", command],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
                pass_fds=(fd,),
                env={**os.environ, INHERITED_LOCK: f"{command}:{fd}"},
            )
        )
    finally:
        handle.close()  # the lock stays with the started process's copy of the descriptor


def _lock_path(name: str) -> Path:
    return Path(settings.DATA_DIR) / f"{name}.lock"


def _inherited(name: str) -> int | None:
    """The descriptor of ``name``'s lock when this process was started holding it (taken once)."""
    value = os.environ.get(INHERITED_LOCK, "")
    command, _, fd = value.partition(":")
    if command != name or not fd.isdigit():
        return None
    del os.environ[INHERITED_LOCK]
    return int(fd)


@contextlib.contextmanager
def runner_lock(name: str) -> Iterator[bool]:
    """True while this process holds ``name``'s lock in the data directory; False at once if another does.
    A process started by ``start_command`` holds it already, the first time.

    SQLite takes one writer, so two runners of the same long transaction would fail on a locked database."""
    fd = _inherited(name)
    with open(fd, "a") if fd is not None else _lock_path(name).open("a") as handle:
        if fd is None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


PROGRESS_EVERY = 1000


def counted(rows: Iterable[T], progress: Callable[[int], None] | None) -> Iterator[T]:
    """``rows`` unchanged, telling ``progress`` how many have passed every ``PROGRESS_EVERY`` rows and at
    the end: a job's writer reports how far it got without knowing it is a job."""
    done, every = 0, PROGRESS_EVERY
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % every == 0:
            progress(done)
        yield row
    if progress is not None:
        progress(done)


@dataclass(frozen=True)
class JobQueue(Generic[Job]):
    """One kind of work whose rows are its own queue: a row "queued" waits, and so does one "running"
    whose runner has been gone for ``STALE``. ``model`` has ``status``, ``started_at`` and ``created_at``;
    ``command`` names both the ``luoshi`` command that runs it and its runner lock."""

    command: str
    model: type[Job]
    related: tuple[str, ...] = ()
    on_claim: dict[str, Any] = field(default_factory=dict)  # more fields set when a runner takes a row

    def waiting(self) -> Q:
        stale = timezone.now() - STALE
        return Q(status="queued") | Q(status="running", started_at__lt=stale)

    def claim_next(self) -> Job | None:
        """The oldest waiting row, marked running by this process, or None. Taking a row is one
        conditional UPDATE, so two runners (the started process, the tick, a second server) never take
        the same one."""
        rows = self.model._default_manager
        now = timezone.now()
        for pk in rows.filter(self.waiting()).order_by("created_at", "id").values_list("pk", flat=True)[:10]:
            if rows.filter(self.waiting(), pk=pk).update(status="running", started_at=now, **self.on_claim):
                return rows.select_related(*self.related).get(pk=pk)
        return None

    def run(self, run: Callable[[Job], None], limit: int | None = None) -> int:
        """Run waiting rows one after another (all of them, or ``limit``); the number run. One runner at
        a time per data directory: a second leaves at once, and the first looks again after letting go,
        so a row queued meanwhile is not left for the next tick."""
        ran = 0
        while True:
            with runner_lock(self.command) as held:
                if not held:
                    return ran
                while limit is None or ran < limit:
                    job = self.claim_next()
                    if job is None:
                        break
                    run(job)
                    ran += 1
            if (limit is not None and ran >= limit) or not self.model._default_manager.filter(
                self.waiting()
            ).exists():
                return ran
