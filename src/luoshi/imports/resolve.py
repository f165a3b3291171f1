"""Names in a ledger's cells resolved against the org chart: units (name, short name, alias, a
市委组织部-style prefix, fuzzy, each with a confidence) through the org chart the decomposition engine
uses (directives.services.org_chart), and people by name within the unit they must belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from luoshi.directives.services import org_chart
from luoshi.org.models import NOT_ADMIN, WITH_ACCOUNT, Person, Unit, leaders_by_unit, leaders_in_charge
from luoshi.org.scopes import ASSIGN, unit_scope

ACCEPTED = 0.85  # a fuzzy match below this is proposed, not taken
SPLIT = re.compile(r"[、，,；;/／\n]+|\s{1,}")
ROLE_WORDS = re.compile(r"[（(]?(?:牵头|主责|负责|配合|协办|参与)[）)]?$|等$|[（(][^）)]*[)）]$")


@dataclass
class UnitMatch:
    mention: str
    unit: Unit | None
    confidence: float
    suggestion: Unit | None = None  # a close name not taken without the person's word
    override: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "mention": self.mention,
            "unit": self.unit.pk if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "confidence": round(self.confidence, 3),
            "suggestion": self.suggestion.pk if self.suggestion else None,
            "suggestion_name": self.suggestion.name if self.suggestion else None,
        }


@dataclass
class Resolver:
    """Built once per preview or commit: every lookup after the first few queries is in memory."""

    actor: Any
    overrides: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.units = {u.pk: u for u in Unit.objects.filter(is_active=True)}
        self.chart = org_chart()
        self.scope = unit_scope(self.actor, ASSIGN)
        self._cache: dict[str, UnitMatch] = {}
        self._names = sorted(self.chart.names, key=len, reverse=True)
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
        found, confidence = self.chart.resolve(mention)
        if found is not None and confidence >= 0.95:
            return UnitMatch(mention, self.units.get(int(found.id)), confidence)
        key = "".join(mention.split())
        for name in self._names:  # “江城市委组织部干部一科”: a unit's name after its parent's
            if len(name) >= 2 and key.endswith(name) and len(key) > len(name):
                prefix, _ = self.chart.resolve(key[: -len(name)])
                if prefix is not None:
                    named = self.chart.named(name)
                    unit = self.units.get(int(named.id)) if named else None
                    return UnitMatch(mention, unit, 0.95)
        if found is not None:
            unit = self.units.get(int(found.id))
            if confidence >= ACCEPTED:
                return UnitMatch(mention, unit, confidence)
            return UnitMatch(mention, None, confidence, suggestion=unit)
        return UnitMatch(mention, None, 0.0)

    def may_assign(self, unit: Unit) -> bool:
        return unit.pk in self.scope

    def common_unit(self, units: list[Unit]) -> Unit | None:
        """The lowest unit above (or equal to) all of ``units``: a heading's lead unit from its rows'."""
        if not units:
            return None
        paths = [u.tree_path.strip("/").split("/") for u in units]
        common = []
        for parts in zip(*paths, strict=False):
            if len(set(parts)) != 1:
                break
            common.append(parts[0])
        return self.units.get(int(common[-1])) if common else None

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
