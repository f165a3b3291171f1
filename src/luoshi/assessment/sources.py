"""Judgements given elsewhere before their period could take them: a monthly meeting's 点评 scored while its
month had no scheme or no period opened (or the period was locked). assessment knows no meeting; an app
that keeps such scores registers a source from ``AppConfig.ready``, and computing a period first lets each
source judge into it, through ``services.judge``, what was waiting for it."""

from __future__ import annotations

from collections.abc import Callable

from .models import Period

Source = Callable[[Period], int]  # judges what waits for the period; answers how many now count
_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add (or replace, by name) a source."""
    _sources[name] = source


def gather(period: Period) -> int:
    """Run every source for the period, inside the caller's transaction; how many judgements it made."""
    return sum(source(period) for source in _sources.values())
