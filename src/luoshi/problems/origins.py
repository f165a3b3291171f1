"""Where a problem came from, as a link on its page: the app that raised it (a 督查's finding, a 一线走访)
keeps the key of its origin on the problem (``kind:pk``) and registers in its ready() a lookup that answers
the origin's page for a reader who may open it, or None, so that the 问题来源 leads back to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from luoshi.core.filters import whole_number

# kind → (reader, the origin's pk, the problem) → the page, or None when the reader may not open it
ORIGIN_LINKS: dict[str, Callable[[Any, int, Any], str | None]] = {}


def add_origin_link(kind: str, link: Callable[[Any, int, Any], str | None]) -> None:
    ORIGIN_LINKS[kind] = link


def origin_url(reader: Any, problem: Any) -> str | None:
    kind, _, key = problem.origin.partition(":")
    link = ORIGIN_LINKS.get(kind)
    pk = whole_number(key)
    return link(reader, pk, problem) if link is not None and pk is not None else None
