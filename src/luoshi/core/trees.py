"""Materialized paths for trees (units, tasks): "/0000000012/0000000040/".

Zero-padded so that ordering by the path is ordering by the tree, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations


def child_path(parent_path: str | None, pk: int) -> str:
    return (parent_path or "/") + f"{pk:010d}/"


def path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]
