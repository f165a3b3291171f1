"""What a task is done for, named on its page: apps that hang a matter of their own on a task (a
problem's 整改措施) register in their ready() a lookup that answers the matter the reader may open, or
None, so that the task's page leads back to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Matter:
    label: str  # what the task does for it, e.g. 整改问题
    title: str
    url: str


MATTER_LOOKUPS: list[Callable[[Any, Any], Matter | None]] = []


def add_matter_lookup(lookup: Callable[[Any, Any], Matter | None]) -> None:
    MATTER_LOOKUPS.append(lookup)


def matters_of(user: Any, task: Any) -> list[Matter]:
    return [found for lookup in MATTER_LOOKUPS if (found := lookup(user, task)) is not None]
