"""Result dataclasses: ``Extraction.to_dict()`` is the JSON of `luoshi extract --format json`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _date_dict(phrase: str, date: dt.date | None, placeholder: bool) -> dict[str, Any]:
    if placeholder:
        return {"phrase": phrase, "placeholder": True}
    return {"phrase": phrase, "date": date.isoformat() if date else None}


@dataclass
class Owner:
    """A mention of who must act; ``unit`` is filled when an org chart resolved it."""

    mention: str
    role: str = "owner"  # lead | co | owner
    unit: str | None = None
    unit_name: str | None = None
    confidence: float = 0.0
    # named by a table's unit cell (牵头单位/责任单位 column): the table states the role, the picker keeps it
    tabled: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention": self.mention,
            "role": self.role,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Deadline:
    """A resolved (or placeholder) date phrase with its offsets into the source."""

    phrase: str
    date: dt.date | None
    placeholder: bool = False
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = _date_dict(self.phrase, self.date, self.placeholder)
        d.update(start=self.start, end=self.end)
        return d


@dataclass
class Target:
    """A measurable result named in the item (number, percentage, count)."""

    phrase: str
    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "value": self.value, "unit": self.unit}


@dataclass
class OutlineNode:
    level: int
    marker: str
    title: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "marker": self.marker,
            "title": self.title,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Item:
    """One actionable requirement; ``text == source[start:end]`` always."""

    text: str
    start: int
    end: int
    outline_path: list[str] = field(default_factory=list)
    action: str = ""
    owners: list[Owner] = field(default_factory=list)
    deadline: Deadline | None = None
    start_date: Deadline | None = None
    cadence: str | None = None
    targets: list[Target] = field(default_factory=list)
    lint: list[str] = field(default_factory=list)
    required_guess: bool = True
    deadline_unplaced: str | None = None  # a time phrase read but not placed on a date (寒假前, 限期)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "outline_path": list(self.outline_path),
            "action": self.action,
            "owners": [o.to_dict() for o in self.owners],
            "deadline": self.deadline.to_dict() if self.deadline else None,
            "start_date": self.start_date.to_dict() if self.start_date else None,
            "cadence": self.cadence,
            "targets": [t.to_dict() for t in self.targets],
            "lint": list(self.lint),
            "required_guess": self.required_guess,
            "deadline_unplaced": self.deadline_unplaced,
        }


@dataclass
class NotTask:
    """A passage read as a requirement and set aside, with the reason (不作为任务)."""

    text: str
    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


# the decisions that pick the items (engine.extract_items decides which one runs)
ENGINES = ("learned", "rules", "llm")


@dataclass
class Extraction:
    """What ``extract`` returns: the outline and the items of one text."""

    chars: int
    base_date: dt.date | None
    outline: list[OutlineNode] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    engine: str = "rules"
    notes: list[str] = field(default_factory=list)
    not_tasks: list[NotTask] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chars": self.chars,
            "base_date": self.base_date.isoformat() if self.base_date else None,
            "engine": self.engine,
            "outline": [n.to_dict() for n in self.outline],
            "items": [i.to_dict() for i in self.items],
            "not_tasks": [n.to_dict() for n in self.not_tasks],
            "notes": list(self.notes),
        }
