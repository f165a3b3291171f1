"""Similar problems (旧问题, 反弹, 共性问题): TF-IDF cosine over jieba words, kept cheap at any size.

Each problem stores its words (``Problem.tokens``), written when it is recorded. A search narrows in SQL
first — the latest ``CANDIDATES`` problems of the same category and of the same unit, by index — and scores
only those in Python: the cost is bounded by ``CANDIDATES``, not by how many problems there are. The
inverse document frequency is taken over the candidates, which are the problems the new one is compared to.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from luoshi.extract.suggest import tokens

from .choices import ProblemStatus
from .models import Problem

CANDIDATES = 2000  # per narrowing (category, unit): what one search reads at most
SHOWN = 0.2  # cosine from which a problem is shown as similar
SAME = 0.45  # from which a recorded problem is taken for the same problem found before (旧问题)
COMMON_UNITS = 3  # units with the same problem that make it a common one (共性问题)


def words_of(*texts: str) -> list[str]:
    """The distinct words of the texts, in order of first appearance."""
    return list(dict.fromkeys(w for text in texts for w in tokens(text or "")))


def token_text(*texts: str) -> str:
    return " ".join(words_of(*texts))


@dataclass
class Match:
    problem: Problem
    score: float
    words: list[str] = field(default_factory=list)
    # rebound: a closed problem of the same unit; duplicate: an open one of the same unit;
    # other_unit: the same problem elsewhere; earlier: one of the same unit found before (dismissed)
    relation: str = "other_unit"

    RELATIONS = {
        "rebound": ("已销号问题反弹", "danger"),
        "duplicate": ("本单位已登记", "warning"),
        "other_unit": ("其他单位", "info"),
    }

    @property
    def relation_label(self) -> str:
        return self.RELATIONS[self.relation][0]

    @property
    def relation_color(self) -> str:
        return self.RELATIONS[self.relation][1]


def candidates(base: QuerySet, *, unit: Any = None, category: Any = None) -> list[tuple[int, str]]:
    """(id, tokens) of the latest problems of the category (of any, without one) and of the unit, each part
    read by index, straight from the cursor (no model rows: thousands of them are read per keystroke)."""
    parts = [base.filter(category=category) if category is not None else base]
    if unit is not None:
        parts.append(base.filter(unit=unit))
    rows: dict[int, str] = {}
    for part in parts:
        sql, params = part.order_by("-id").values_list("id", "tokens")[:CANDIDATES].query.sql_with_params()
        with connections[base.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows.update(cursor.fetchall())
    return list(rows.items())


def score(
    query: list[str], docs: list[tuple[int, str]], threshold: float = 0.0
) -> list[tuple[int, float, list[str]]]:
    """Cosine of binary TF-IDF vectors, best first: (id, score, shared words by weight). A document whose
    shared words cannot reach ``threshold`` (cosine ≤ √(shared weight) / |query|) is not scored further."""
    if not query or not docs:
        return []
    split = [(pk, text.split()) for pk, text in docs]
    df: Counter[str] = Counter()
    for _, words in split:
        df.update(words)  # a problem's words are stored once each
    n = len(split) + 1
    weight = {word: (math.log(n / (1 + count)) + 1.0) ** 2 for word, count in df.items()}
    q = set(query)
    q_weights = {w: weight.get(w, (math.log(n) + 1.0) ** 2) for w in q}
    q_norm = math.sqrt(sum(q_weights.values()))
    floor = (threshold * q_norm) ** 2
    found = []
    for pk, words in split:
        shared = q.intersection(words)
        if not shared:
            continue
        dot = sum(q_weights[w] for w in shared)
        if dot < floor:
            continue
        d_norm = math.sqrt(sum(map(weight.__getitem__, words)))
        found.append((pk, dot / (q_norm * d_norm), sorted(shared, key=lambda w: -q_weights[w])))
    found.sort(key=lambda item: (-item[1], -item[0]))
    return found


def similar_problems(
    text: str,
    *,
    base: QuerySet | None = None,
    unit: Any = None,
    category: Any = None,
    exclude: int | None = None,
    limit: int = 10,
    threshold: float = SHOWN,
) -> list[Match]:
    """The problems of ``base`` (every problem by default; a user's visible ones for a page) most like
    ``text``, each with how it relates to ``unit``."""
    base = Problem.objects.all() if base is None else base
    if exclude is not None:
        base = base.exclude(pk=exclude)
    docs = candidates(base, unit=unit, category=category)
    ranked = [r for r in score(words_of(text), docs, threshold) if r[1] >= threshold]
    ranked = ranked[:limit]
    rows = Problem.objects.select_related("unit", "category").in_bulk([pk for pk, _, _ in ranked])
    unit_id = getattr(unit, "pk", unit)
    matches = []
    for pk, value, words in ranked:
        problem = rows[pk]
        if problem.unit_id != unit_id:
            relation = "other_unit"
        elif problem.status == ProblemStatus.CLOSED:
            relation = "rebound"
        else:
            relation = "duplicate"
        matches.append(Match(problem, round(value, 3), words[:5], relation))
    return matches


def common_proposal(matches: list[Match], unit: Any) -> list[Match]:
    """The open problems of other units that, with ``unit``'s, make the same problem in three or more
    units (共性问题); empty when they do not."""
    unit_id = getattr(unit, "pk", unit)
    others = [
        m for m in matches if m.relation == "other_unit" and m.problem.status != ProblemStatus.DISMISSED
    ]
    units = {m.problem.unit_id for m in others} - {unit_id}
    return others if len(units) + 1 >= COMMON_UNITS else []
