"""A benchmark's part measured in a child process of its own: spawned, so its peak memory (maximum
resident set size) is its own and not an earlier part's; its CPU time (user and system) is given beside
the wall time the part reports, as the wall time on a shared machine grows with the others' load. Linux
carries a process's peak over the exec, so a child's peak is never below its parent's resident size at
the spawn: a parent that holds much (a ledger it wrote) raises the figures, never lowers them.

    from bench.child import measured
    figures = measured(measure_commit, batch, "bgs-staff", setup=_setup)
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import resource
from collections.abc import Callable
from typing import Any

Figures = dict[str, Any]
POLL_SECONDS = 5


def measured(part: Callable[..., Figures], *args: Any, setup: Callable[[], None] | None = None) -> Figures:
    """``part(*args)``'s figures, run in a spawned child after ``setup`` (``django.setup()`` unless given),
    with ``cpu_seconds``, ``peak_rss_mb`` and ``rss_after_setup_mb`` added; ``{"error": …}`` when the
    part or its setup fails, or the child dies (killed for memory) before it answers. ``part`` and
    ``setup`` must be module-level functions, as the child imports them by name."""
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    process = context.Process(target=_child, args=(part, args, setup, answers))
    process.start()
    figures: Figures | None = None
    while figures is None:
        alive = process.is_alive()  # before the wait: a child gone by then has sent all it ever will
        try:
            figures = answers.get(timeout=POLL_SECONDS)
        except queues.Empty:
            if not alive:
                figures = {"error": f"the child ended without figures (exit code {process.exitcode})"}
    process.join()
    return figures


def _django_setup() -> None:
    import django

    django.setup()


def _child(
    part: Callable[..., Figures], args: tuple[Any, ...], setup: Callable[[], None] | None, answers: Any
) -> None:
    try:
        (setup or _django_setup)()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        baseline, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        figures = part(*args)
    except Exception as exc:  # reported, so the parent does not wait for figures that never come
        answers.put({"error": f"{type(exc).__name__}: {exc}"[:500]})
        raise
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime - cpu, 2)
    figures["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    figures["rss_after_setup_mb"] = round(baseline / 1024, 1)
    answers.put(figures)
