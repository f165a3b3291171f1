"""A unit's names as they are compared, wherever a written name is looked up (a ledger's cells, an alias
being recorded): simplified characters, no spaces, full-width brackets. And where each alias came from,
read from the unit's history, so the system admin sees who added it before keeping or removing it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from opencc import OpenCC
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from luoshi.core.history import author

from .models import Unit

_T2S = OpenCC("t2s")


# A number in a unit's name as a ledger may write it: in Arabic digits (干部1科, full-width too) or in capital
# numerals (干部壹科); compared in the plain numerals of the name it stands for (干部一科).
_CAPITALS = str.maketrans("０１２３４５６７８９壹贰叁肆伍陆柒捌玖拾", "0123456789一二三四五六七八九十")
_DIGITS = "〇一二三四五六七八九"
_NUMBER = re.compile(r"\d+")


def _numerals(match: re.Match[str]) -> str:
    """1 → 一, 12 → 十二, 20 → 二十; a longer number (or one led by 0) digit by digit: 12380 → 一二三八〇.
    Written here rather than with cn2an: its digit-by-digit mode writes 零 where a name writes 〇, and
    importing it costs about 0.3 s on every start (the org pages import this module)."""
    digits = match.group()
    if len(digits) > 2 or (digits.startswith("0") and len(digits) > 1):
        return "".join(_DIGITS[int(d)] for d in digits)
    tens, ones = divmod(int(digits), 10)
    if not tens:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def quoted(name: str) -> str:
    """A written name quoted for a message, with the name it is compared as where its numbers differ:
    “干部1科”（即“干部一科”）, so a refusal says why a name that looks new is taken."""
    key = simplified(name)
    if _NUMBER.search(name) or name.translate(_CAPITALS) != name:
        return f"“{''.join(str(name).split())}”（即“{key}”）"
    return f"“{key}”"


def simplified(text: str) -> str:
    """A unit's name as compared: simplified characters, no spaces, full-width brackets, numbers in plain
    Chinese numerals (干部1科 and 干部壹科 are 干部一科)."""
    key = "".join(_T2S.convert(str(text)).split()).translate(_CAPITALS)
    key = _NUMBER.sub(_numerals, key)
    return key.replace("(", "（").replace(")", "）")


NAME_KINDS = (("name", "名称"), ("short_name", "简称"), ("aliases", "别称"))
# A unit the org chart's fuzzy matching names this surely is taken for the name without asking (a ledger's
# import takes it); below, the unit is only proposed.
ACCEPTED = 0.85
# Two names this alike once punctuation is dropped (rapidfuzz's ratio) are the same name to a reader: one
# character more in four (干部一科室) is, one character other (组织二科 for 组织一科) is not.
NEAR = 88.0


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


PARTY = "中共"  # 中共江城市委组织部干部一科: the party's prefix before a unit's full name


def names_above(prefix: str, names: list[str]) -> bool:
    """Whether ``prefix`` is names of the units above a unit, one after another (中共 allowed first), as a
    ledger writes them before its own: 江城市委组织部 in 江城市委组织部干部一科. ``names`` are those units'
    names as compared (``simplified``); the import reads a mention so (imports.resolve), and an alias is
    refused that it would read as another unit (``taken_for``)."""
    ordered = sorted(set(names), key=len, reverse=True)
    rest = prefix.removeprefix(PARTY)
    while rest:
        head = next((n for n in ordered if rest.startswith(n)), None)
        if head is None:
            return False
        rest = rest[len(head) :]
    return bool(ordered)


def _after_units_above(key: str, units: list[Unit]) -> Unit | None:
    """The unit among ``units`` whose name ``key`` ends with, after the names of the units above it."""
    by_pk = {u.pk: u for u in Unit.objects.filter(is_active=True).only("id", "name", "short_name", "aliases")}

    def names_of(unit: Unit) -> list[str]:
        return [simplified(n) for n in (unit.name, unit.short_name, *(unit.aliases or [])) if n]

    for unit in units:
        for own in names_of(unit):
            if len(own) < 2 or len(key) <= len(own) or not key.endswith(own):
                continue
            above = [by_pk[int(pk)] for pk in unit.tree_path.strip("/").split("/")[:-1] if int(pk) in by_pk]
            if names_above(key[: -len(own)], [n for a in above for n in names_of(a)]):
                return unit
    return None


def taken_for(name: str, *, besides: Unit) -> Unit | None:
    """The other active unit ``name`` would be read as: the one a ledger's import takes it for (the org
    chart's matching: exactly, or after 市委组织部 and the like, or after the names of the units above it:
    江城市委组织部干部一科), or one of whose names it is near-identical to (rapidfuzz's ratio once
    punctuation is dropped: 干部一科。 or 干部一科室 for 干部一科, not 干部科 nor 组织二科), which the import
    only proposes and an alias would take without asking. None when neither."""
    from luoshi.extract import OrgChart

    units = Unit.objects.filter(is_active=True).exclude(pk=besides.pk)
    rows = [
        {
            **u,
            "name": simplified(u["name"]),
            "short_name": simplified(u["short_name"] or ""),
            "aliases": [simplified(a) for a in u["aliases"] or []],
        }
        for u in units.values("id", "code", "name", "short_name", "aliases")
    ]
    chart = OrgChart(rows)  # the names as compared, as the key is
    key = simplified(name)
    found, confidence = chart.resolve(key)
    if found is not None and confidence >= ACCEPTED:
        return units.filter(pk=int(found.id)).first()
    above = _after_units_above(key, list(units.only("id", "name", "short_name", "aliases", "tree_path")))
    if above is not None:
        return above
    near = [
        (fuzz.ratio(key, simplified(n), processor=default_process), u["id"])
        for u in rows
        for n in (u["name"], u["short_name"], *(u["aliases"] or []))
        if n
    ]
    score, pk = max(near, default=(0.0, 0))
    return units.filter(pk=pk).first() if score >= NEAR else None


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
