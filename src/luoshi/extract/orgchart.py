"""Owner mentions resolved against an org chart: by name, short name and alias, else fuzzily."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Owner


@dataclass
class Unit:
    id: str
    name: str
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)


class OrgChart:
    """Units by name, short name and alias; other mentions fuzzy-matched with rapidfuzz."""

    def __init__(self, units: list[dict[str, Any]], threshold: float = 80.0) -> None:
        self.units = [
            Unit(
                str(u.get("id", u.get("code", u["name"]))),
                u["name"],
                u.get("short_name") or "",
                list(u.get("aliases") or []),
            )
            for u in units
        ]
        self.threshold = threshold
        self._exact: dict[str, Unit] = {}
        for u in self.units:
            for n in (u.name, u.short_name, *u.aliases):
                if n:
                    self._exact.setdefault(_key(n), u)
        self._choices = list(self._exact)

    @classmethod
    def from_yaml(cls, path: str | Path) -> OrgChart:
        """``units: [{id, name, short_name, aliases}]`` or a bare list of such mappings."""
        import yaml

        from .errors import ExtractError

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ExtractError(f"无法读取组织机构文件：{path}（{exc}）") from exc
        units = data.get("units") if isinstance(data, dict) else data
        if not isinstance(units, list) or not all(isinstance(u, dict) and u.get("name") for u in units):
            raise ExtractError(f"组织机构文件格式不正确：{path}（需要 units 列表，每项至少有 name）")
        return cls(units)

    @property
    def names(self) -> list[str]:
        """Every name, short name and alias the chart knows, as compared (spaces removed)."""
        return list(self._choices)

    def named(self, name: str) -> Unit | None:
        """The unit of exactly this name, short name or alias."""
        return self._exact.get(_key(name))

    def resolve(self, mention: str) -> tuple[Unit | None, float]:
        """The unit a mention names and a confidence in [0, 1]; (None, 0) when nothing is close."""
        k = _key(mention)
        if k in self._exact:
            return self._exact[k], 1.0
        for prefix in ("市委组织部", "组织部", "部机关", "市委", "市"):
            if k.startswith(prefix) and k[len(prefix) :] in self._exact:
                return self._exact[k[len(prefix) :]], 0.95
        if not self._choices:
            return None, 0.0
        from rapidfuzz import fuzz, process

        best = process.extractOne(k, self._choices, scorer=fuzz.WRatio, score_cutoff=self.threshold)
        if best is None:
            return None, 0.0
        return self._exact[best[0]], round(best[1] / 100.0 * 0.9, 3)

    def annotate(self, owners: list[Owner]) -> None:
        """Each owner's unit, where its mention names one. A word of two characters must be a name exactly:
        fuzzily, 党员 or 干部 scores 90 inside any longer name holding it (党员教育中心, 干部一科), and a
        general word in a sentence would be shown as the unit the text named."""
        for o in owners:
            if len(_key(o.mention)) <= 2 and self.named(o.mention) is None:
                continue
            if _key(o.mention).startswith(SEVERAL):  # the counties' departments, not the city's own 组织部
                continue
            unit, conf = self.resolve(o.mention)
            if unit is not None:
                o.unit, o.unit_name, o.confidence = unit.id, unit.name, conf


# a mention naming every unit of a kind (各科室, 各区县委组织部, 有关单位) is no one unit of the chart
SEVERAL = ("各", "有关", "相关", "所有")


def _key(s: str) -> str:
    return "".join(s.split()).replace("(", "（").replace(")", "）")
