"""The audit log's hash chain: each row seals its own content and the row before it.

A row changed in place no longer matches its own hash; a row removed from the middle leaves the next
row's ``prev_hash`` pointing at nothing. The database triggers already refuse both; the chain shows
whether someone went around them (a restored backup, a hand-edited file, the triggers dropped).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# pg_advisory_xact_lock key: one writer at a time reads the chain's tail and appends to it.
POSTGRES_LOCK_KEY = 0x4C534155  # "LSAU"


def canonical(event: Any) -> str:
    """The row's content as one string: kind, time (UTC, µs), actor id, username, IP, target, detail."""
    at = event.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = [
        event.kind,
        at,
        event.actor_id,
        event.username,
        event.ip_address or "",
        event.target,
        event.detail or {},
    ]
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def seal(prev_hash: str, event: Any) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(event)}".encode()).hexdigest()


def lock_tail(connection: Any) -> None:
    """Serialise appenders until commit. SQLite needs nothing: its transactions begin IMMEDIATE,
    which already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POSTGRES_LOCK_KEY])


@dataclass
class Break:
    """The first place the chain does not hold."""

    id: int
    reason: str


def first_break(events: Any) -> tuple[int, Break | None]:
    """Walk the rows in id order; return how many were read and the first broken link, if any."""
    prev_hash, prev_id, count = GENESIS, None, 0
    for event in events:
        count += 1
        if event.prev_hash != prev_hash:
            after = f"上一条（id={prev_id}）" if prev_id is not None else "链首"
            return count, Break(event.id, f"prev_hash 与{after}的哈希不符：其间的记录被删除、插入或改动")
        if event.hash != seal(prev_hash, event):
            return count, Break(event.id, "哈希与本条内容不符：本条记录被改动")
        prev_hash, prev_id = event.hash, event.id
    return count, None
