"""What a period's scores read like to a person: the version shown, each unit's indicators with their
figure, formula, points and the rows behind them, and the judges' comments — for the pages and the API
alike, a few queries for any number of units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .choices import Dimension, IndicatorKind
from .metrics import METRICS, Window, rows_behind
from .models import IndicatorScore, Judgement, Period, UnitScore
from .ranking import tie_note


def shown_version(period: Period) -> int:
    """The published version of a locked period; the latest computed one otherwise."""
    return period.published_version if period.is_locked and period.published_version else period.version


PAGES = {"task": "tasks", "problem": "problems", "study": "study", "training": "training"}


def link(kind: str, pk: int) -> str:
    """The page of a row behind a figure: a task, a problem, a study session, a training (none while that
    page does not exist)."""
    try:
        return reverse(f"{PAGES[kind]}:detail", args=[pk])
    except NoReverseMatch:
        return ""


@dataclass
class Line:
    """One indicator of one unit, as the score page and the API show it."""

    row: IndicatorScore
    formula: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def indicator(self) -> Any:
        return self.row.indicator


def tree_order(indicator: Any) -> tuple[bool, int, int, int]:
    """Process before effect, then as the scheme's tree lists them (groups hold their leaves)."""
    parent = indicator.parent
    top = parent.sort_order if parent is not None else indicator.sort_order
    return (
        indicator.dimension != Dimension.PROCESS,
        top,
        indicator.sort_order if parent else -1,
        indicator.pk,
    )


def formula_of(row: IndicatorScore) -> str:
    return formula_of_indicator(row.indicator)


def formula_of_indicator(indicator: Any) -> str:
    """How the indicator is scored, in words."""
    if indicator.kind == IndicatorKind.GROUP:
        return "下级指标按权重加权"
    if indicator.kind == IndicatorKind.AUTO:
        return METRICS[indicator.metric].words(indicator.per_item)
    levels = "、".join(f"{s['level']}{s['points']:g}分" for s in indicator.rubric)
    return f"评议人按档次打分（{levels}），取各评议人的平均分"


def explain(period: Period, scores: list[UnitScore], today: Any = None) -> dict[int, list[Line]]:
    """Each score's lines, with the rows behind the automatic ones (one query per figure, for all the
    scores at once) and the judgements of the judged ones."""
    if not scores:
        return {}
    window = Window(period.starts_on, period.ends_on, today or timezone.localdate())
    unit_ids = [s.unit_id for s in scores]
    rows = sorted(
        IndicatorScore.objects.filter(unit_score__in=scores).select_related("indicator__parent"),
        key=lambda r: (r.unit_score_id, tree_order(r.indicator)),
    )
    behind: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for code in {r.indicator.metric for r in rows if r.indicator.kind == IndicatorKind.AUTO}:
        behind[code] = rows_behind(METRICS[code], window, unit_ids)
    judged: dict[tuple[int, int], list[Judgement]] = defaultdict(list)
    for judgement in Judgement.objects.filter(period=period, unit_id__in=unit_ids).select_related("assessor"):
        judged[(judgement.indicator_id, judgement.unit_id)].append(judgement)
    unit_of = {s.pk: s.unit_id for s in scores}
    lines: dict[int, list[Line]] = defaultdict(list)
    for row in rows:
        unit_id = unit_of[row.unit_score_id]
        line = Line(row, formula_of(row))
        if row.indicator.kind == IndicatorKind.AUTO:
            line.rows = [
                {**r, "url": link(r["kind"], r["id"])} for r in behind[row.indicator.metric][unit_id]
            ]
        else:
            line.judgements = judged.get((row.indicator.pk, unit_id), [])
        lines[row.unit_score_id].append(line)
    return lines


def visible_scores(period: Period, user: Any) -> QuerySet:
    """The units' scores of the shown version that ``user`` may read in full."""
    return (
        UnitScore.objects.restrict(user)
        .filter(period=period, version=shown_version(period))
        .select_related("unit")
        .order_by("peer_group", "unit__tree_path", "unit_id")
    )


def read_ties(period: Period, user: Any, scores: Iterable[UnitScore]) -> None:
    """Before publication a reader sees the places of the units in reach and only counts the others: a tie's
    note (stored naming every tied unit) is reworded, on the rows in hand, to name the tied units the
    ranking's own visibility (``visibility.RANK``) shows the reader and count the rest — one query, none when
    no row is tied."""
    from .visibility import RANK

    tied = [s for s in scores if s.rank is not None and "并列" in s.rank_note]
    if not tied:
        return
    mates = list(
        UnitScore.objects.filter(
            period=period,
            version=shown_version(period),
            peer_group__in={s.peer_group for s in tied},
            rank__in={s.rank for s in tied},
        )
        .annotate(seen=Exists(UnitScore.objects.restrict(user, RANK).filter(pk=OuterRef("pk"))))
        .values_list("pk", "peer_group", "rank", "unit__name", "seen")
    )
    for score in tied:
        others = [m for m in mates if (m[1], m[2]) == (score.peer_group, score.rank) and m[0] != score.pk]
        hidden = sum(not m[4] for m in others)
        if hidden:
            named = [m[3] for m in others if m[4]]
            score.rank_note = tie_note(score.rank or 0, score.total, named, hidden)


def movement_text(score: UnitScore) -> str:
    move = score.movement
    if score.rank is None:
        return ""
    if move is None:
        return "上期未排名"
    if move > 0:
        return f"↑{move}"
    if move < 0:
        return f"↓{-move}"
    return "持平"


def share(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@dataclass
class Group:
    key: str
    label: str
    scores: list[UnitScore]

    @property
    def ranked(self) -> int:
        return sum(s.rank is not None for s in self.scores)


def ranking(period: Period, user: Any) -> list[Group]:
    """The shown version's places by peer group, as far as ``user`` may see them (everyone's once the
    head has published the period): ranked units first, by place, then those with nothing to assess."""
    from .visibility import RANK

    scores = (
        UnitScore.objects.restrict(user, RANK)
        .filter(period=period, version=shown_version(period))
        .select_related("unit")
        .order_by("peer_group", "rank", "unit__tree_path")
    )
    groups: dict[str, Group] = {}
    for score in scores:
        groups.setdefault(score.peer_group, Group(score.peer_group, score.peer_label, [])).scores.append(
            score
        )
    for group in groups.values():
        group.scores.sort(key=lambda s: (s.rank is None, s.rank or 0, s.unit.tree_path))
        read_ties(period, user, group.scores)
    return sorted(groups.values(), key=lambda g: g.key)
