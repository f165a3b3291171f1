"""A unit's names as they are compared, wherever a written name is looked up (a ledger's cells, an alias
being recorded): simplified characters, no spaces, full-width brackets. And where each alias came from,
read from the unit's history, so the system admin sees who added it before keeping or removing it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from opencc import OpenCC

from luoshi.core.history import author

from .models import Unit

_T2S = OpenCC("t2s")


def simplified(text: str) -> str:
    """A unit's name as compared: simplified characters, no spaces, full-width brackets."""
    key = "".join(_T2S.convert(str(text)).split())
    return key.replace("(", "（").replace(")", "）")


NAME_KINDS = (("name", "名称"), ("short_name", "简称"), ("aliases", "别称"))


def holder_of(name: str, *, besides: Unit | None = None) -> tuple[Unit, str] | None:
    """The active unit (other than ``besides``) one of whose names ``name`` is once compared, with which
    of its names it is (名称, 简称 or 别称); None when no other unit is called so."""
    key = simplified(name)
    units = Unit.objects.filter(is_active=True).only("id", "name", "short_name", "aliases")
    if besides is not None:
        units = units.exclude(pk=besides.pk)
    for unit in units:
        for field, label in NAME_KINDS:
            value = getattr(unit, field)
            if any(simplified(n) == key for n in (value if isinstance(value, list) else [value]) if n):
                return unit, label
    return None


RECORDED = "时记为别名“{}”"  # after where it came from: 导入《台账.xlsx》时记为别名“人才工作领导小组”


def alias_reason(alias: str, source: str) -> str:
    """The change reason the unit's history keeps with an alias recorded from ``source`` (导入《…》)."""
    return source + RECORDED.format(alias) if source else f"记为别名“{alias}”"


@dataclass(frozen=True)
class AliasSource:
    alias: str
    who: str
    at: dt.datetime
    reason: str

    @property
    def source(self) -> str:
        """Where the alias came from (导入《台账.xlsx》), as ``alias_reason`` wrote it; "" when not said."""
        tail = RECORDED.format(self.alias)
        return self.reason.removesuffix(tail) if self.reason.endswith(tail) else ""


def alias_sources(unit: Unit) -> list[tuple[str, AliasSource | None]]:
    """The unit's aliases in their order, each with the change that last added it: who, when, and the
    reason recorded with it (the import it was recorded from); None for one its history does not show."""
    sources: dict[str, AliasSource] = {}
    before: set[str] = set()
    records = unit.history.select_related("history_user__person").order_by("history_date", "history_id")
    for record in records:
        now = set(record.aliases or [])
        for alias in now - before:
            sources[alias] = AliasSource(
                alias, author(record.history_user), record.history_date, record.history_change_reason or ""
            )
        before = now
    return [(alias, sources.get(alias)) for alias in unit.aliases or []]
