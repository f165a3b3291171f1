"""Work run outside the request without a queue server: the database is the queue (a status column
claimed by one conditional UPDATE), a lock file per kind of work keeps one runner at a time per data
directory, and a runner is a detached ``luoshi <command>`` or the next ``luoshi tick``."""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.conf import settings

Job = TypeVar("Job")

T = TypeVar("T")


def start_command(command: str) -> None:
    """A detached ``luoshi <command>``: it runs what waits, then exits (the request does not wait)."""
    subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "luoshi.cli", command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


@contextlib.contextmanager
def runner_lock(name: str) -> Iterator[bool]:
    """True while this process holds ``name``'s lock in the data directory; False at once if another does.

    SQLite takes one writer, so two runners of the same long transaction would fail on a locked database."""
    with open(settings.DATA_DIR / f"{name}.lock", "a") as handle:
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


def run_waiting(
    name: str,
    claim_next: Callable[[], Job | None],
    run: Callable[[Job], None],
    waiting: Callable[[], bool],
    limit: int | None = None,
) -> int:
    """Run claimed jobs one after another (all of them, or ``limit``); the number run. One runner at a
    time per data directory: a second leaves at once, and the first looks again (``waiting``) after
    letting go, so a job queued meanwhile is not left for the next tick."""
    ran = 0
    while True:
        with runner_lock(name) as held:
            if not held:
                return ran
            while limit is None or ran < limit:
                job = claim_next()
                if job is None:
                    break
                run(job)
                ran += 1
        if (limit is not None and ran >= limit) or not waiting():
            return ran
