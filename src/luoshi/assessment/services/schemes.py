"""考核方案: a year's indicators in a tree, weights checked to sum at every level, and the periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.guards import require
from luoshi.org.models import NOT_ADMIN, Person

from ..choices import Dimension, EventKind, IndicatorKind, PeriodKind, PeriodStatus
from ..metrics import METRICS
from ..models import Indicator, Period, Scheme
from .steps import change, fact, record

MAX_DEPTH = 3


def _weight(value: Any, where: str) -> int:
    try:
        weight = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{where}的权重应为1到100的整数", "invalid_weight") from None
    if not 1 <= weight <= 100 or weight != value and str(weight) != str(value):
        raise InvalidInput(f"{where}的权重应为1到100的整数", "invalid_weight")
    return weight


def check_sum(items: Sequence[tuple[str, int]], where: str) -> None:
    """Siblings' weights sum to 100, or a Chinese error listing them."""
    total = sum(weight for _, weight in items)
    if total != 100:
        parts = " + ".join(f"{name}{weight}" for name, weight in items)
        raise InvalidInput(
            f"{where}各指标权重之和应为100，现为{total}（{parts}），请调整后再保存", "weights_do_not_sum"
        )


def _rubric(raw: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise InvalidInput(f"{where}是评议指标，请至少设置两个评分档次", "rubric_required")
    steps, seen = [], set()
    for step in raw:
        level = str((step or {}).get("level", "")).strip() if isinstance(step, dict) else ""
        try:
            points = Decimal(str(step.get("points"))) if isinstance(step, dict) else None
        except InvalidOperation:
            points = None
        if not level or points is None or not Decimal(0) <= points <= Decimal(100):
            raise InvalidInput(f"{where}的评分档次应写明档次名称和0到100之间的分值", "invalid_rubric")
        if level in seen:
            raise InvalidInput(f"{where}的评分档次“{level}”重复", "invalid_rubric")
        seen.add(level)
        steps.append({"level": level, "points": float(points)})
    return steps


def _assessors(raw: Any, where: str) -> list[Person]:
    ids = list(raw or [])
    people = list(Person.objects.filter(NOT_ADMIN, pk__in=ids, user__is_active=True))
    if not people:
        raise InvalidInput(f"{where}是评议指标，请指定评议人", "assessors_required")
    if len(people) != len(set(ids)):
        raise InvalidInput(f"{where}的评议人中有人员不存在或不能参与评议", "unknown_assessor")
    return people


def _checked(items: Sequence[dict[str, Any]], where: str, depth: int) -> list[dict[str, Any]]:
    """The indicators of one level, checked with everything below them; nothing is written."""
    if depth > MAX_DEPTH:
        raise InvalidInput(f"{where}下的指标层级过深（最多{MAX_DEPTH}级）", "too_deep")
    checked = []
    for item in items:
        name = str(item.get("name", "")).strip()
        if not name:
            raise InvalidInput(f"{where}下有指标没有名称", "name_required")
        label = f"“{name}”"
        weight = _weight(item.get("weight"), label)
        children = item.get("children") or []
        kind = IndicatorKind.GROUP if children else item.get("kind")
        row: dict[str, Any] = {"name": name, "weight": weight, "kind": kind}
        if kind == IndicatorKind.GROUP:
            if not children:
                raise InvalidInput(f"指标组{label}下还没有指标", "empty_group")
            row["children"] = _checked(children, label, depth + 1)
            check_sum([(c["name"], c["weight"]) for c in row["children"]], label)
        elif kind == IndicatorKind.AUTO:
            metric = METRICS.get(item.get("metric", ""))
            if metric is None:
                raise InvalidInput(f"{label}是自动计算指标，请选择计算口径", "unknown_metric")
            row["metric"] = metric.code
            if item.get("per_item") is not None:
                try:
                    row["per_item"] = Decimal(str(item["per_item"]))
                except InvalidOperation:
                    raise InvalidInput(f"{label}的每项扣分应为数字", "invalid_per_item") from None
                if not Decimal(0) < row["per_item"] <= Decimal(100):
                    raise InvalidInput(f"{label}的每项扣分应在0到100分之间", "invalid_per_item")
        elif kind == IndicatorKind.JUDGED:
            row["rubric"] = _rubric(item.get("rubric"), label)
            row["assessors"] = _assessors(item.get("assessors"), label)
            row["aspect"] = item.get("aspect", "")
        else:
            raise InvalidInput(f"{label}的类型应为自动计算或评议打分", "invalid_kind")
        checked.append(row)
    return checked


def _write(scheme: Scheme, rows: list[dict[str, Any]], dimension: str, parent: Indicator | None) -> int:
    written = 0
    for order, row in enumerate(rows):
        indicator = Indicator.objects.create(
            scheme=scheme,
            parent=parent,
            dimension=dimension,
            sort_order=order,
            name=row["name"],
            kind=row["kind"],
            weight=row["weight"],
            metric=row.get("metric", ""),
            per_item=row.get("per_item"),
            aspect=row.get("aspect", ""),
            rubric=row.get("rubric", []),
        )
        indicator.assessors.set(row.get("assessors", []))
        written += 1 + _write(scheme, row.get("children", []), dimension, indicator)
    return written


def check_dimensions(process_weight: Any, effect_weight: Any) -> tuple[int, int]:
    try:
        process, effect = int(process_weight), int(effect_weight)
    except (TypeError, ValueError):
        raise InvalidInput("过程权重和效果权重应为整数", "invalid_weight") from None
    if process < 0 or effect < 0 or process + effect != 100:
        raise InvalidInput(
            f"过程权重与效果权重之和应为100，现为{process}+{effect}={process + effect}", "weights_do_not_sum"
        )
    return process, effect


def first_free_year(year: int) -> int:
    """The first year from ``year`` on that has no scheme yet: a year has one scheme (``create_scheme``
    refuses a second), so the form offers a year it will accept."""
    taken = set(Scheme.objects.filter(year__gte=year).values_list("year", flat=True))
    while year in taken:
        year += 1
    return year


@transaction.atomic
def create_scheme(
    *,
    actor: Any,
    year: int,
    name: str,
    process_weight: int,
    effect_weight: int,
    indicators: Mapping[str, Sequence[dict[str, Any]]],
    honor_count: int = 3,
) -> Scheme:
    """A year's scheme: ``indicators`` maps each dimension (process, effect) to its top-level indicators,
    each ``{name, weight, kind, metric?, per_item?, rubric?, assessors?, aspect?, children?}``."""
    require(actor, "assessment.manage", message="您无权制定考核方案")
    name = (name or "").strip() or f"{year}年度考核方案"
    process, effect = check_dimensions(process_weight, effect_weight)
    if Scheme.objects.filter(year=year).exists():
        raise Conflict(f"{year}年度已有考核方案", "scheme_exists")
    unknown = set(indicators) - set(Dimension.values())
    if unknown:
        raise InvalidInput(f"未知的考核维度：{'、'.join(sorted(unknown))}", "invalid_dimension")
    checked = {}
    for dimension, weight in ((Dimension.PROCESS, process), (Dimension.EFFECT, effect)):
        label = f"{Dimension.label(dimension)}指标"
        rows = _checked(indicators.get(dimension, []), label, 1)
        if weight and not rows:
            raise InvalidInput(f"{label}的权重为{weight}%，请设置其下的指标", "empty_dimension")
        if rows:
            check_sum([(r["name"], r["weight"]) for r in rows], label)
        checked[dimension] = rows
    scheme = Scheme.objects.create(
        year=year,
        name=name,
        process_weight=process,
        effect_weight=effect,
        honor_count=honor_count,
        created_by=actor,
    )
    count = sum(_write(scheme, rows, dimension, None) for dimension, rows in checked.items())
    record(
        scheme,
        actor,
        EventKind.SCHEME_CREATED,
        changes=[fact("过程权重", f"{process}%"), fact("效果权重", f"{effect}%"), fact("指标数", count)],
    )
    return scheme


@transaction.atomic
def set_weights(
    scheme: Scheme | int,
    *,
    actor: Any,
    process_weight: Any,
    effect_weight: Any,
    weights: Mapping[int, Any],
) -> Scheme:
    """Change the dimensions' and the indicators' weights, checked to sum at every level; refused once a
    period of the scheme is published (its scores rest on these weights)."""
    require(actor, "assessment.manage", message="您无权调整考核方案")
    pk = scheme.pk if isinstance(scheme, Scheme) else scheme
    current = Scheme.objects.select_for_update().get(pk=pk)
    # Its periods after the scheme (a period's change locks only the period): a publication under way
    # ends first, and is seen here.
    list(current.periods.select_for_update().order_by("pk").values_list("pk"))
    if current.periods.filter(status=PeriodStatus.PUBLISHED).exists():
        raise Conflict("本方案已有审定发布的考核期，权重不能再调整", "scheme_in_use")
    process, effect = check_dimensions(process_weight, effect_weight)
    indicators = list(current.indicators.all())
    by_parent: dict[tuple[str, int | None], list[tuple[Indicator, int]]] = {}
    for indicator in indicators:
        new = _weight(weights.get(indicator.pk, indicator.weight), f"“{indicator.name}”")
        by_parent.setdefault((indicator.dimension, indicator.parent_id), []).append((indicator, new))
    names = {i.pk: i.name for i in indicators}
    for (dimension, parent), siblings in by_parent.items():
        where = f"“{names[parent]}”" if parent else f"{Dimension.label(dimension)}指标"
        check_sum([(i.name, w) for i, w in siblings], where)
    changes = []
    if (process, effect) != (current.process_weight, current.effect_weight):
        changes.append(change("过程权重", f"{current.process_weight}%", f"{process}%"))
        changes.append(change("效果权重", f"{current.effect_weight}%", f"{effect}%"))
    for siblings in by_parent.values():
        for indicator, new in siblings:
            if new != indicator.weight:
                changes.append(change(f"“{indicator.name}”权重", f"{indicator.weight}%", f"{new}%"))
                indicator.weight = new
                indicator.save(update_fields=["weight"])
    current.process_weight, current.effect_weight = process, effect
    current.save(update_fields=["process_weight", "effect_weight"])
    if changes:
        record(current, actor, EventKind.WEIGHTS_CHANGED, changes=changes)
    return current


def bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date, str]:
    """The month, quarter or year containing ``day``, and its name."""
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1), f"{day.year}年{day.month}月"
    if kind == PeriodKind.QUARTER:
        quarter = (day.month - 1) // 3
        start = dt.date(day.year, quarter * 3 + 1, 1)
        following = dt.date(day.year + 1, 1, 1) if quarter == 3 else dt.date(day.year, quarter * 3 + 4, 1)
        return start, following - dt.timedelta(days=1), f"{day.year}年第{'一二三四'[quarter]}季度"
    if kind == PeriodKind.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), f"{day.year}年度"
    raise InvalidInput("考核周期应为月度、季度或年度", "invalid_period_kind")


@transaction.atomic
def open_period(scheme: Scheme, *, actor: Any, kind: str, day: dt.date) -> Period:
    """The month, quarter or year of ``day`` as a period of the scheme (its year's)."""
    require(actor, "assessment.manage", message="您无权开设考核期")
    starts_on, ends_on, name = bounds(kind, day)
    if day.year != scheme.year:
        raise InvalidInput(f"{name}不在{scheme.year}年度方案的范围内", "outside_scheme_year")
    period, created = Period.objects.get_or_create(
        scheme=scheme, kind=kind, starts_on=starts_on, defaults={"ends_on": ends_on, "name": name}
    )
    if not created:
        raise Conflict(f"{name}的考核期已经开设", "period_exists")
    record(scheme, actor, EventKind.PERIOD_OPENED, period=period, changes=[fact("考核期", name)])
    return period
