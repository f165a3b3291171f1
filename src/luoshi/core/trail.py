"""One trail per object (全程留痕): each event carries the changes it made, in plain Chinese, written when
the change is made, so a timeline reads them as they were then.

An app describes its model once — which fields are not shown, labels for what is not a column, how
a value reads — and its services record ``changes_of(obj, values)`` and ``fact(label, value)`` with each
event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, cast

from django.apps import apps
from django.db.models import Field

EMPTY = "（空）"


class Trail:
    """How one model's changes read: ``readers`` turn a stored value into words (a status's label), and
    ``unshown`` fields are kept with the row but left out, the event's own time and actor saying the same."""

    def __init__(
        self,
        model: str,
        *,
        unshown: frozenset[str] = frozenset(),
        labels: Mapping[str, str] | None = None,
        readers: Mapping[str, Callable[[Any], str]] | None = None,
        list_separator: str = "、",
    ) -> None:
        self.model = model  # "app_label.Model", resolved when first needed
        self.unshown = unshown
        self.labels = dict(labels or {})
        self.readers = dict(readers or {})
        self.list_separator = list_separator

    def shown(self, name: str, value: Any) -> str:
        """A field's value as a reader of the object's page says it."""
        if value is None or value == "" or value == []:
            return EMPTY
        if name in self.readers:
            return self.readers[name](value)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, (list, tuple, set)):
            return self.list_separator.join(str(item) for item in value) or EMPTY
        return str(value)

    def label(self, name: str) -> str:
        if name in self.labels:
            return self.labels[name]
        field = apps.get_model(self.model)._meta.get_field(name)
        return str(cast(Field, field).verbose_name)  # a column, never a relation's reverse

    def change(self, name: str, old: Any, new: Any) -> dict[str, str]:
        return {
            "field": name,
            "label": self.label(name),
            "old": self.shown(name, old),
            "new": self.shown(name, new),
        }

    def changes_of(self, obj: Any, values: Mapping[str, Any]) -> list[dict[str, str]]:
        """What setting ``values`` on ``obj`` changes, read before they are set."""
        return [
            self.change(name, getattr(obj, name), value)
            for name, value in values.items()
            if name not in self.unshown and getattr(obj, name) != value
        ]

    def fact(self, label_text: str, value: Any) -> dict[str, Any]:
        """A detail of an event that is not a field's change (who was told, the files given)."""
        return {"field": "", "label": label_text, "old": None, "new": self.shown("", value)}
