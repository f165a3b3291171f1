"""计算得分: every scored unit of a period at once, one grouped query per automatic indicator.

A leaf's points (0–100) count with its effective weight: the product of the weight fractions along its
path, times its dimension's weight. A leaf with nothing to assess for a unit does not count, and the
unit's base score is Σ points × weight ÷ Σ weight over the leaves that count; approved bonus and
deduction items (capped by the scheme) follow. A quota the unit has no row for (nothing studied) counts
0, but only beside something else: a unit with no row and no judgement at all has nothing to assess and
is not ranked last for it. Each computation is a new version of the period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Min, Sum
from django.utils import timezone

from luoshi.core.guards import require
from luoshi.org.choices import UnitKind
from luoshi.org.models import Unit

from .. import sources
from ..choices import AdjustmentKind, AdjustmentStatus, Dimension, EventKind, IndicatorKind
from ..metrics import METRICS, Window, figure_text, figures, points
from ..models import Adjustment, Indicator, IndicatorScore, Judgement, Period, UnitScore
from ..ranking import peer_group, rank_group
from .steps import change, fact, lock_period, record

CENT = Decimal("0.01")
SCORED_KINDS = (UnitKind.SECTION, UnitKind.SUBORDINATE)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Leaf:
    indicator: Indicator
    weight: Decimal  # effective: a fraction of the whole scheme


def leaves(indicators: list[Indicator], process_weight: int, effect_weight: int) -> list[Leaf]:
    """The scheme's scoring indicators with their effective weights, in the tree's order."""
    children: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        children[indicator.parent_id].append(indicator)
    dims = {Dimension.PROCESS: Decimal(process_weight) / 100, Dimension.EFFECT: Decimal(effect_weight) / 100}
    found: list[Leaf] = []

    def walk(parent: int | None, share: dict[str, Decimal]) -> None:
        for indicator in sorted(children[parent], key=lambda i: (i.sort_order, i.pk)):
            weight = share[indicator.dimension] * Decimal(indicator.weight) / 100
            if indicator.kind == IndicatorKind.GROUP:
                walk(indicator.pk, {indicator.dimension: weight})
            else:
                found.append(Leaf(indicator, weight))

    walk(None, dims)
    return found


def scored_units(period: Period) -> list[tuple[Unit, dt.date | None]]:
    """The sections and subordinate departments assessed in the period. A unit set up after the
    organisation was (its first history row later than the first unit's) counts from the day it was set
    up: not at all for a period ending before, with that day noted for a period it began in."""
    units = list(Unit.objects.filter(is_active=True, kind__in=SCORED_KINDS).order_by("tree_path"))
    first = Unit.history.filter(history_type="+").aggregate(first=Min("history_date"))["first"]
    created = dict(
        Unit.history.filter(id__in=[u.pk for u in units], history_type="+")
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    origin = timezone.localdate(first) if first is not None else None
    found: list[tuple[Unit, dt.date | None]] = []
    for unit in units:
        day = timezone.localdate(created[unit.pk]) if unit.pk in created else None
        if day is None or origin is None or day <= origin:
            found.append((unit, None))
        elif day <= period.ends_on:
            found.append((unit, day if day > period.starts_on else None))
    return found


def previous_ranks(period: Period) -> dict[int, tuple[str, int | None]]:
    """Each unit's peer group and place in the previous period of the same kind (its published version,
    or its latest), to show the movement."""
    before = (
        Period.objects.filter(kind=period.kind, starts_on__lt=period.starts_on, version__gt=0)
        .order_by("-starts_on")
        .first()
    )
    if before is None:
        return {}
    version = before.published_version or before.version
    return {
        unit: (group, rank)
        for unit, group, rank in UnitScore.objects.filter(period=before, version=version).values_list(
            "unit_id", "peer_group", "rank"
        )
    }


@transaction.atomic
def compute_period(period: Period | int, *, actor: Any, today: dt.date | None = None) -> Period:
    """Compute every unit's score as a new version of the period; earlier versions stay as they were."""
    require(actor, "assessment.manage", message="您无权计算考核得分")
    period = lock_period(period, actor, "重新计算")
    waited = sources.gather(period)
    scheme = period.scheme
    window = Window(period.starts_on, period.ends_on, today or timezone.localdate())
    units = scored_units(period)
    unit_ids = [unit.pk for unit, _ in units]
    scoring = leaves(list(scheme.indicators.all()), scheme.process_weight, scheme.effect_weight)

    # One grouped query per figure: indicators counting the same figure (with other weights or points
    # per item) share it.
    by_metric = {
        code: figures(METRICS[code], window, unit_ids)
        for code in {leaf.indicator.metric for leaf in scoring if leaf.indicator.kind == IndicatorKind.AUTO}
    }
    auto = {
        leaf.indicator.pk: by_metric[leaf.indicator.metric]
        for leaf in scoring
        if leaf.indicator.kind == IndicatorKind.AUTO
    }
    judged: dict[tuple[int, int], tuple[Decimal, int]] = {
        (row["indicator_id"], row["unit_id"]): (row["mean"], row["count"])
        for row in Judgement.objects.filter(period=period)
        .values("indicator_id", "unit_id")
        .annotate(mean=Avg("points"), count=Count("pk"))
        .order_by()
    }
    adjusted: dict[tuple[int, str], Decimal] = {
        (row["unit_id"], row["kind"]): row["points"]
        for row in Adjustment.objects.filter(period=period, status=AdjustmentStatus.APPROVED)
        .values("unit_id", "kind")
        .annotate(points=Sum("points"))
        .order_by()
    }

    version = period.version + 1
    scores, details = [], []
    for unit, set_up in units:
        group, label = peer_group(unit.kind, unit.depth)
        score = UnitScore(period=period, version=version, unit=unit, peer_group=group, peer_label=label)
        rows, weighted_sum, weight_sum, anything = [], Decimal(0), Decimal(0), False
        by_dim: dict[str, list[Decimal]] = {d: [Decimal(0), Decimal(0)] for d in Dimension.values()}
        for leaf in scoring:
            indicator = leaf.indicator
            if indicator.kind == IndicatorKind.AUTO:
                metric = METRICS[indicator.metric]
                base, hits = auto[indicator.pk].get(unit.pk, (0, 0))
                value = points(metric, base, hits, indicator.per_item)
                figure = figure_text(metric, base, hits)
            else:
                mean, count = judged.get((indicator.pk, unit.pk), (None, 0))
                value = Decimal(mean) if mean is not None else None
                base, hits = count, None
                figure = f"{count}位评议人的平均分" if count else "尚无评议"
            row = IndicatorScore(
                indicator=indicator,
                applicable=value is not None,
                base=base,
                hits=hits,
                points=cents(value) if value is not None else None,
                figure=figure[:200],
            )
            anything = anything or bool(base)
            if value is not None:
                weighted_sum += value * leaf.weight
                weight_sum += leaf.weight
                by_dim[indicator.dimension][0] += value * leaf.weight
                by_dim[indicator.dimension][1] += leaf.weight
            rows.append((row, value, leaf.weight))
        for row, value, weight in rows:
            if value is not None:
                row.weighted = cents(value * weight / weight_sum)
        score.assessable = anything and weight_sum > 0
        bonus = min(adjusted.get((unit.pk, AdjustmentKind.BONUS), Decimal(0)), scheme.bonus_cap)
        deduction = min(adjusted.get((unit.pk, AdjustmentKind.DEDUCTION), Decimal(0)), scheme.deduction_cap)
        score.bonus, score.deduction = cents(bonus), cents(deduction)
        if score.assessable:
            score.total = cents(weighted_sum / weight_sum + bonus - deduction)
            process, effect = by_dim[Dimension.PROCESS], by_dim[Dimension.EFFECT]
            score.process = cents(process[0] / process[1]) if process[1] else None
            score.effect = cents(effect[0] / effect[1]) if effect[1] else None
        if set_up is not None:
            score.note = f"{set_up:%Y年%-m月%-d日}设立，按设立后的事项考核"
        scores.append(score)
        details.append([row for row, _, _ in rows])

    _rank(scores, period, {unit.pk: unit.name for unit, _ in units})
    UnitScore.objects.bulk_create(scores)
    IndicatorScore.objects.bulk_create(
        row for score, rows in zip(scores, details, strict=True) for row in _owned(score, rows)
    )
    old = period.version
    period.version, period.computed_at = version, timezone.now()
    period.save(update_fields=["version", "computed_at"])
    assessable = sum(s.assessable for s in scores)
    record(
        scheme,
        actor,
        EventKind.COMPUTED,
        period=period,
        changes=[
            change("版本", f"第{old}版" if old else None, f"第{version}版"),
            fact("参加排名的单位", f"{assessable}个"),
            fact("无可考核事项的单位", f"{len(scores) - assessable}个"),
            *([fact("补计入的评议（如月例会点评）", f"{waited}项")] if waited else []),
        ],
    )
    return period


def _owned(score: UnitScore, rows: list[IndicatorScore]) -> list[IndicatorScore]:
    for row in rows:
        row.unit_score = score
    return rows


def _rank(scores: list[UnitScore], period: Period, names: dict[int, str]) -> None:
    groups: dict[str, list[UnitScore]] = defaultdict(list)
    for score in scores:
        groups[score.peer_group].append(score)
    for group in groups.values():
        rank_group(group, names, period.scheme.honor_count)
    before = previous_ranks(period)
    for score in scores:
        was_in, rank = before.get(score.unit_id, ("", None))
        score.previous_rank = rank if was_in == score.peer_group else None
