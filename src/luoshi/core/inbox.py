"""我的待办 beyond tasks: each app registers what waits on a person (in its AppConfig.ready()), and the
inbox page lists every app's entries; core knows no app, and no app imports another's inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Rows shown per kind of entry; the count says how many there are and the link opens them all.
SHOWN = 5


@dataclass(frozen=True)
class InboxRow:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class InboxEntry:
    """One kind of thing waiting on the person: how many, the first few, and the page that lists them."""

    key: str
    title: str
    hint: str
    count: int
    rows: list[InboxRow] = field(default_factory=list)
    link: str = ""
    action: str = "处理"


Provider = Callable[[Any, dt.date], list[InboxEntry]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """``provider(user, today)`` answers the entries with something in them; registered once per app."""
    _PROVIDERS[name] = provider


def entries_for(user: Any, today: dt.date) -> list[InboxEntry]:
    """Every app's entries for ``user``, in the order the apps registered, the empty ones left out."""
    return [entry for provider in _PROVIDERS.values() for entry in provider(user, today) if entry.count]


def entry(
    key: str,
    title: str,
    hint: str,
    rows: Any,
    row: Callable[[Any], InboxRow],
    link: str,
    action: str = "处理",
) -> InboxEntry:
    """An entry from a query (or a list) of the waiting objects: counted, and the first ``SHOWN`` made into
    rows."""
    first = list(rows[:SHOWN])
    count = len(rows) if isinstance(rows, list) else len(first) if len(first) < SHOWN else rows.count()
    return InboxEntry(key, title, hint, count, [row(obj) for obj in first], link, action)
