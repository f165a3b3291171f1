"""The demo's assessment: this year's standard scheme, last month judged and published by the head, this
month and this quarter computed for every section and county department, so the ranking, its movement and
a unit's score page show real figures from the replayed work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model

from luoshi.org.choices import UnitKind
from luoshi.org.models import Person, Unit

from . import services
from .choices import IndicatorKind, PeriodKind
from .defaults import RUBRIC, standard_indicators
from .models import Period, Scheme

JUDGES = ("head", "deputy1", "deputy2", "deputy3", "deputy4")
REASONS = {
    "好": "部署到位、措施具体，成效明显，群众认可度高",
    "较好": "按计划推进，主要目标已实现，个别环节还需加强",
    "一般": "工作有推进，但成效不够明显，需对照要求补齐短板",
}


def load_assessment(today: dt.date, before_publish: Callable[[], Any] | None = None) -> Scheme:
    """``before_publish`` runs once last month is judged and before it is computed and published: what
    else judges the month (the monthly meeting's comments) lands in the published scores."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=JUDGES)}
    head = users["head"]
    judges = [users[name] for name in JUDGES if name in users]
    scheme = services.create_scheme(
        actor=head,
        year=today.year,
        name=f"{today.year}年度科室和县（市、区）委组织部工作考核方案",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators(
            list(Person.objects.filter(user__in=judges).values_list("pk", flat=True))
        ),
    )
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    if last_month.year == today.year:
        earlier = services.open_period(scheme, actor=head, kind=PeriodKind.MONTH, day=last_month)
        _judge(
            earlier, judges, Unit.objects.filter(kind=UnitKind.SECTION, is_active=True).order_by("tree_path")
        )
        if before_publish is not None:
            before_publish()
        services.compute_period(earlier, actor=head)
        services.publish_period(earlier, actor=head)
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER):
        period = services.open_period(scheme, actor=head, kind=kind, day=today)
        services.compute_period(period, actor=head)
    return scheme


def _judge(period: Period, judges: list[Any], units: Iterable[Unit]) -> None:
    """Two leaders judge each section on the effect indicators, with levels that vary by unit."""
    indicators = list(period.scheme.indicators.filter(kind=IndicatorKind.JUDGED))
    levels = [str(step["level"]) for step in RUBRIC[:3]]
    for number, unit in enumerate(units):
        for offset, indicator in enumerate(indicators):
            for judge_number, judge in enumerate(judges[:2]):
                level = levels[(number + offset + judge_number) % len(levels)]
                services.judge(
                    period,
                    actor=judge,
                    indicator=indicator,
                    unit=unit,
                    level=level,
                    justification=REASONS[level],
                )
