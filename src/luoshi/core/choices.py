"""Statuses with a label and a colour in one table, so badges and lights never disagree (NetBox's
ChoiceSet)."""

from __future__ import annotations

from typing import ClassVar


class ChoiceSet:
    """Subclasses list ``CHOICES`` as (value, label, colour) and name each value as a class constant."""

    CHOICES: ClassVar[list[tuple[str, str, str]]] = []

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label, _ in cls.CHOICES]

    @classmethod
    def values(cls) -> list[str]:
        return [value for value, _, _ in cls.CHOICES]

    @classmethod
    def label(cls, value: str) -> str:
        return next((label for v, label, _ in cls.CHOICES if v == value), value)

    @classmethod
    def color(cls, value: str) -> str:
        return next((color for v, _, color in cls.CHOICES if v == value), "secondary")
