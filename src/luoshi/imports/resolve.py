"""Names in a ledger's cells resolved against the org chart: units (name, short name, alias, the names of
the units above it written before it, fuzzy, each with a confidence) through the org chart the
decomposition engine uses (directives.services.org_chart), and people by name within the unit they must
belong to. A name is read in simplified characters (a WPS ledger typed in traditional ones names the same
units), and a unit whose name is only a part of the written one is never taken: 人才工作领导小组办公室 is
not 办公室."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from luoshi.core.errors import InvalidInput
from luoshi.directives.services import org_chart
from luoshi.org.models import NOT_ADMIN, WITH_ACCOUNT, Person, Unit, leaders_by_unit, leaders_in_charge
from luoshi.org.names import ACCEPTED, names_above, simplified
from luoshi.org.scopes import ASSIGN, person_of, unit_scope

SPLIT = re.compile(r"[、，,；;/／\n]+|\s{1,}")
ROLE_WORDS = re.compile(r"[（(]?(?:牵头|主责|负责|配合|协办|参与)[）)]?$|等$|[（(][^）)]*[)）]$")
PARTIAL = 0.3  # the confidence of a unit whose name is only a part of the written one: never taken
SUGGEST = 60.0  # a name this close (fuzz.ratio) is offered instead of one merely contained in the mention
MAX_CHOICES = 1000  # unit names chosen for at one time
NEAR = 0.9  # the confidence of a unit near the importer named by the end of its name: said, and taken
SURE = 0.95  # the confidence below which a unit taken is a guess (UnitMatch.guessed)


@dataclass
class UnitMatch:
    mention: str
    unit: Unit | None
    confidence: float
    suggestion: Unit | None = None  # a close name not taken without the person's word
    override: bool = False
    part: str = ""  # a unit's name found inside the mention, not taken for it

    @property
    def guessed(self) -> bool:
        """Taken for a unit by a near name, not as written nor chosen by the importer: said, and his to
        change in the preview."""
        return self.unit is not None and self.confidence < SURE and not self.override

    def to_json(self) -> dict[str, Any]:
        return {
            "mention": self.mention,
            "unit": self.unit.pk if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "confidence": round(self.confidence, 3),
            "suggestion": self.suggestion.pk if self.suggestion else None,
            "suggestion_name": self.suggestion.name if self.suggestion else None,
            "part": self.part,
        }


@dataclass
class Resolver:
    """Built once per preview or commit: every lookup after the first few queries is in memory."""

    actor: Any
    overrides: dict[str, int] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)  # co-unit names kept as text, not as units

    def __post_init__(self) -> None:
        self.units = {u.pk: u for u in Unit.objects.filter(is_active=True)}
        self.chart = org_chart()
        self.scope = unit_scope(self.actor, ASSIGN)
        self._cache: dict[str, UnitMatch] = {}
        # Every unit's names as compared (org.names.simplified: 干部1科 is 干部一科), longest first.
        self._unit_names = {n: u for u in self.units.values() for n in self._names_of(u)}
        person = person_of(self.actor)
        own = self.units.get(person.unit_id) if person is not None and person.unit_id else None
        self.near = self._parts_of_tree(own)
        self._names = sorted(self._unit_names, key=len, reverse=True)
        self._people: dict[str, list[Person]] | None = None
        self._leaders: dict[int, set[int]] = {}
        self._default_leader: dict[int, Person | None] = {}

    # ------------------------------------------------------------------ units

    def split(self, text: Any) -> list[str]:
        mentions = []
        for part in SPLIT.split(str(text or "")):
            part = ROLE_WORDS.sub("", part.strip()).strip()
            if part and part not in mentions:
                mentions.append(part)
        return mentions

    def unit(self, mention: str) -> UnitMatch:
        if mention not in self._cache:
            self._cache[mention] = self._resolve(mention)
        return self._cache[mention]

    def _resolve(self, mention: str) -> UnitMatch:
        override = self.overrides.get(mention)
        if override is not None and override in self.units:
            return UnitMatch(mention, self.units[override], 1.0, override=True)
        key = simplified(mention)
        near, confidence = self._nearest(key)
        if near is not None:
            return UnitMatch(mention, near, confidence)
        named = self._unit_named(key)
        if named is not None:
            return UnitMatch(mention, named, 1.0)
        for name in self._names:  # “江城市委组织部干部一科”: a unit's name after the names of those above it
            if len(name) >= 2 and key.endswith(name) and len(key) > len(name):
                unit = self._unit_named(name)
                if unit is not None and self._above(key[: -len(name)], unit):
                    return UnitMatch(mention, unit, SURE)
        found, confidence = self.chart.resolve(key)
        unit = self.units.get(int(found.id)) if found is not None else None
        if unit is None:
            return UnitMatch(mention, None, 0.0)
        part = self._part_of(key, unit)
        if part:
            return UnitMatch(mention, None, min(confidence, PARTIAL), self._closest(key), part=part)
        if confidence >= ACCEPTED:
            return UnitMatch(mention, unit, confidence)
        return UnitMatch(mention, None, confidence, suggestion=unit)

    def _parts_of_tree(self, own: Unit | None) -> list[list[Unit]]:
        """The importer's own parts of the tree, nearest first: the units under his own unit (it among
        them), then under the unit above it, and so on below the top, whose names the whole chart reads."""
        if own is None:
            return []
        above = [self.units.get(int(pk)) for pk in own.tree_path.strip("/").split("/")[1:] if pk]
        return [
            [u for u in self.units.values() if u.tree_path.startswith(scope.tree_path)]
            for scope in reversed([a for a in above if a is not None])
        ]

    def _nearest(self, key: str) -> tuple[Unit | None, float]:
        """A short name read within the importer's own part of the tree first: a county's clerk writes
        组织部 or 县委组织部 for 清河县委组织部 in the county's own ledger, not for the city's 组织部 (an
        alias of the city's root) or 白沙县委组织部. In the nearest part naming it, the one unit of that
        name is taken, else the one whose name ends with it, as a guess the preview states."""
        for units in self.near:
            named = [u for u in units if key in self._names_of(u)]
            if len(named) == 1:
                return named[0], 1.0
            ending = [u for u in units if len(key) >= 3 and any(n.endswith(key) for n in self._names_of(u))]
            if len(named) > 1 or len(ending) > 1:
                break  # several near units go by it: the whole chart, or the person, decides
            if ending:
                return ending[0], NEAR
        return None, 0.0

    def _unit_named(self, key: str) -> Unit | None:
        named = self.chart.named(key)
        return self.units.get(int(named.id)) if named is not None else self._unit_names.get(key)

    def _names_of(self, unit: Unit) -> list[str]:
        return [simplified(n) for n in (unit.name, unit.short_name, *(unit.aliases or [])) if n]

    def _above(self, prefix: str, unit: Unit) -> bool:
        """Whether ``prefix`` is the names of units above ``unit`` one after another (中共 allowed first)."""
        above = [self.units.get(int(pk)) for pk in unit.tree_path.strip("/").split("/")[:-1] if pk]
        return names_above(prefix, [n for a in above if a is not None for n in self._names_of(a)])

    def _part_of(self, key: str, unit: Unit) -> str:
        """The unit's name that the mention contains and adds words to (办公室 in 人才工作领导小组办公室)."""
        return next((n for n in self._names_of(unit) if n in key and n != key), "")

    def _closest(self, key: str) -> Unit | None:
        """The unit whose whole name is most like the mention (人才工作办公室 for 人才工作领导小组办公室),
        among those whose names are not merely contained in it; None when none is close."""
        scored = [(fuzz.ratio(key, n), n) for n in self._names if n not in key]
        score, name = max(scored, default=(0.0, ""))
        return self._unit_named(name) if score >= SUGGEST else None

    def co_units(self, text: Any) -> tuple[list[UnitMatch], list[str]]:
        """The co-units a cell names, and the names the person chose to keep as text only."""
        mentions = self.split(text)
        return [self.unit(m) for m in mentions if m not in self.dropped], [
            m for m in mentions if m in self.dropped
        ]

    def may_assign(self, unit: Unit) -> bool:
        return unit.pk in self.scope

    # ------------------------------------------------------------------ people

    def _by_name(self) -> dict[str, list[Person]]:
        if self._people is None:
            self._people = {}
            for person in Person.objects.filter(
                NOT_ADMIN, user__is_active=True, unit__isnull=False
            ).select_related("unit", "user", *WITH_ACCOUNT):
                self._people.setdefault(person.name, []).append(person)
        return self._people

    def owner(self, name: str, lead: Unit) -> Person | None:
        """The one active person of that name in the lead unit or below; None if none or several."""
        found = [
            p for p in self._by_name().get(name, []) if p.unit and p.unit.tree_path.startswith(lead.tree_path)
        ]
        return found[0] if len(found) == 1 else None

    def leader(self, name: str, lead: Unit) -> Person | None:
        if lead.pk not in self._leaders:
            self._leaders[lead.pk] = set(leaders_in_charge(lead).values_list("pk", flat=True))
        found = [p for p in self._by_name().get(name, []) if p.pk in self._leaders[lead.pk]]
        return found[0] if len(found) == 1 else None

    def default_leader(self, lead: Unit) -> Person | None:
        if lead.pk not in self._default_leader:
            self._default_leader[lead.pk] = leaders_by_unit([lead]).get(lead.pk)
        return self._default_leader[lead.pk]


def chosen_units(
    overrides: dict[str, int], dropped: list[str], changes: dict[str, Any] | None, drop: list[str] | None
) -> tuple[dict[str, int], list[str]]:
    """The units named by hand after ``changes`` (merged: a unit's id, or None to forget the choice) and
    the co-unit names kept as text after ``drop`` (replaced whole); a name is one or the other."""
    overrides, dropped = dict(overrides), list(dropped)
    if drop is not None:
        dropped = sorted({str(name).strip() for name in drop if str(name).strip()})
        if len(dropped) > MAX_CHOICES:
            raise InvalidInput(f"一次最多指定{MAX_CHOICES}个单位名称", "invalid")
    for name in changes or {}:
        if str(name).strip() in dropped and drop is None:
            dropped.remove(str(name).strip())
    wanted = {name: value for name, value in (changes or {}).items() if value not in (None, "")}
    try:
        ids = {name: int(value) for name, value in wanted.items()}
    except (TypeError, ValueError):
        raise InvalidInput("指定的单位无效", "unknown_unit") from None
    active = set(Unit.objects.filter(pk__in=ids.values(), is_active=True).values_list("pk", flat=True))
    for name, pk in ids.items():
        if pk not in active:
            raise InvalidInput(f"为“{name}”指定的单位不存在或已停用", "unknown_unit")
    for name, value in (changes or {}).items():
        key = str(name).strip()
        if value in (None, ""):
            overrides.pop(key, None)
        else:
            overrides[key] = int(value)
    for name in dropped:
        overrides.pop(name, None)
    return overrides, dropped
