"""Who should lead a requirement that names no owner: units ranked by how well it matches their duties.

A speech rarely says who must act. Each unit's 职责 (its 三定 functions) is a short document; the
requirement is a query; Okapi BM25 over jieba tokens ranks the units, a word weighing the more the
rarer it is in the language at large and the more when it is in the unit's name, and the org tree
prefers the section in charge over the department above it whose duties summarise all of its sections'.
Pure Python, no Django: the caller passes the units as mappings.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

K1, B = 1.5, 0.75
MIN_SCORE = 1.0  # below this a match is one common word, not a suggestion
# How strongly a word's rarity in the language at large scales its weight: with a dozen units, a common word
# one unit happens to use (制定, 研究, 系统) looks as telling as a word of the trade (党员, 党费, 换届).
SPECIFICITY = 2.0
# A word of the unit's name (党建 of 基层党建科) says what the unit is for: it counts this many times more.
NAME_WEIGHT = 2.0
REASON_WORDS = 4

# Words every unit's duties and every requirement share: they carry no sign of who is in charge.
STOP_WORDS = frozenset(
    [
        "负责",
        "工作",
        "有关",
        "相关",
        "以及",
        "全市",
        "全省",
        "本市",
        "本县",
        "本区",
        "进一步",
        "坚持",
        "推动",
        "推进",
        "加强",
        "持续",
        "深入",
        "切实",
        "不断",
        "全面",
        "各级",
        "我们",
        "一个",
        "进行",
        "开展",
        "抓好",
        "做好",
        "落实",
        "贯彻",
        "贯彻落实",
        "组织实施",
        "实施",
        "承担",
        "指导",
        "统筹",
        "协调",
        "工作的",
        "方面",
        "问题",
        "情况",
        "要求",
        "重要",
        "今年",
        "明年",
        "年度",
        "部署",
        "决策",
        "决策部署",
        "方针",
        "政策",
        "党中央",
        "省委",
        "市委",
        "上级",
        "以下",
        "以上",
        "等等",
        "其他",
        "提高",
        "提升",
        "完善",
        "健全",
        "机制",
    ]
)
TOKEN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,}")


def segmenter() -> ModuleType:
    """jieba, imported on first use (the engine's own import stays free of it), its log kept to warnings:
    on import it sets its logger to DEBUG with a handler of its own, and the root's handler repeated each
    line of its dictionary loading on a new user's console."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str) -> list[str]:
    """jieba's search-mode words of ``text`` (whole words and their parts), stop words and single
    characters dropped: 基层党建 gives 基层, 党建 and 基层党建."""
    return [w for w in segmenter().cut_for_search(text or "") if TOKEN.fullmatch(w) and w not in STOP_WORDS]


@dataclass
class Suggestion:
    """A unit proposed as a requirement's lead, with the duty words the requirement shares."""

    unit: Any
    unit_name: str
    score: float
    matched: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "职责匹配：" + "、".join(self.matched[:REASON_WORDS])

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "score": round(self.score, 2),
            "reason": self.reason,
        }


@dataclass
class _Doc:
    unit: Any
    name: str
    parent: Any
    terms: Counter
    length: int
    name_terms: frozenset[str]


class DutyIndex:
    """BM25 over the units' duties. ``units`` are mappings with ``id``, ``name``, ``duties`` and
    optionally ``parent`` (the parent's id) and ``short_name``; units without duties are never proposed."""

    def __init__(self, units: Iterable[Mapping[str, Any]]) -> None:
        self.docs: list[_Doc] = []
        self.parent: dict[Any, Any] = {}
        for unit in units:
            self.parent[unit["id"]] = unit.get("parent")
            duties = (unit.get("duties") or "").strip()
            if not duties:
                continue
            name, named = unit["name"], tokens(unit["name"])
            words = named + tokens(duties)
            doc = _Doc(unit["id"], name, unit.get("parent"), Counter(words), len(words), frozenset(named))
            self.docs.append(doc)
        self.average = sum(d.length for d in self.docs) / len(self.docs) if self.docs else 0.0
        frequency: Counter = Counter()
        for doc in self.docs:
            frequency.update(doc.terms.keys())
        n = len(self.docs)
        rarity = _rarity(frequency)
        self.idf = {
            term: math.log(1 + (n - df + 0.5) / (df + 0.5)) * rarity[term] for term, df in frequency.items()
        }

    def __bool__(self) -> bool:
        return bool(self.docs)

    def _ancestors(self, unit: Any) -> Iterable[Any]:
        seen = set()
        parent = self.parent.get(unit)
        while parent is not None and parent not in seen:
            seen.add(parent)
            yield parent
            parent = self.parent.get(parent)

    def _within(self, unit: Any, roots: set[Any]) -> bool:
        return any(a in roots for a in self._ancestors(unit))

    def rank(self, text: str, *, within: Iterable[Any] | None = None, limit: int = 3) -> list[Suggestion]:
        """The best units for ``text``, best first. ``within``: only units below these (a requirement
        addressed to a department goes to one of its sections). A unit is dropped when a unit below it
        matches too: the section in charge, not the department above it."""
        query = set(tokens(text))
        roots = set(within or ())
        found: list[Suggestion] = []
        for doc in self.docs:
            if roots and not self._within(doc.unit, roots):
                continue
            score, shared = 0.0, []
            norm = K1 * (1 - B + B * doc.length / self.average)
            for term in query:
                tf = doc.terms.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (K1 + 1) / (tf + norm)
                    score += NAME_WEIGHT * self.idf[term] * (term in doc.name_terms)
                    shared.append(term)
            if score >= MIN_SCORE:
                # The reason names the rarest, longest shared words first: what sets this unit apart.
                words = _distinct(sorted(shared, key=lambda t: (-round(self.idf[t], 6), -len(t), t)))
                found.append(Suggestion(doc.unit, doc.name, score, words))
        matched = {s.unit for s in found}
        above = {a for unit in matched for a in self._ancestors(unit)}
        found = [s for s in found if s.unit not in above]
        found.sort(key=lambda s: (-s.score, str(s.unit)))
        return found[:limit]


def _rarity(terms: Iterable[str]) -> dict[str, float]:
    """Each word's rarity in Chinese at large (log inverse frequency in jieba's dictionary; a word the
    dictionary lacks counts once), relative to the mean over ``terms`` and raised to ``SPECIFICITY``."""
    jieba = segmenter()
    jieba.initialize()
    total = jieba.dt.total  # the default tokenizer's dictionary size; jieba.get_FREQ reads its counts
    raw = {term: math.log(total / max(jieba.get_FREQ(term) or 0, 1)) for term in terms}
    mean = sum(raw.values()) / len(raw) if raw else 1.0
    return {term: (value / mean) ** SPECIFICITY for term, value in raw.items()}


def _distinct(words: list[str]) -> list[str]:
    """Matched words without those contained in a longer matched word (基层党建 covers 党建)."""
    return [w for w in words if not any(w != other and w in other for other in words)]
