"""The engine's learned choices (which candidates are items, which phrases own them, which date is an
item's deadline) share one form: a linear model over string features, fitted by a trainer under ``bench/``
and shipped as plain JSON, never a pickle."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Self


@dataclass
class Linear:
    """Features' weights summed; a choice is made when the sum reaches ``threshold``. A feature the
    training never saw weighs nothing."""

    weights: dict[str, float]
    threshold: float

    @classmethod
    def from_json(cls, path: str | Path) -> Self:
        """The weights its trainer's ``--write`` wrote; keys the model does not know are ignored."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def score(self, feats: list[str]) -> float:
        return sum(self.weights.get(k, 0.0) for k in feats)
