"""The demo's assessment: this year's standard scheme, last month judged and published by the head, this
month and this quarter computed for every section and county department, so the ranking, its movement and
a unit's score page show real figures from the replayed work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model

from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Membership, Oversight, Person, Unit

from . import services
from .choices import IndicatorKind, PeriodKind, Sanction
from .defaults import RUBRIC, standard_indicators
from .models import Accountability, Period, Scheme

JUDGES = ("head", "deputy1", "deputy2", "deputy3", "deputy4")
REASON_LATE = "牵头调研涉及多个县区，基层材料报送滞后，已督促补报，预计一周内完成。"
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
    month = services.open_period(scheme, actor=head, kind=PeriodKind.MONTH, day=today)
    _hold_to_account(month, head, today)
    for period in (month, services.open_period(scheme, actor=head, kind=PeriodKind.QUARTER, day=today)):
        services.compute_period(period, actor=head)
    return scheme


def _hold_to_account(period: Period, head: Any, today: dt.date) -> None:
    """The ledger of today's overdue tasks: the earliest explained by its unit and decided 纳入考核扣分 by its
    leader in charge (the deduction awaiting the head's approval); the others left for the reader to try."""
    services.open_matters(today)
    for matter in Accountability.objects.select_related("unit").order_by("due_date", "id"):
        staff = Membership.objects.filter(unit=matter.unit, role__in=[Role.SECTION_HEAD, Role.STAFF]).first()
        if staff is None:
            continue
        services.explain_overdue(matter, actor=staff.person.user, reason=REASON_LATE, today=today)
        charge = Oversight.objects.filter(unit=matter.unit).select_related("leader__user").first()
        services.decide_overdue(
            matter,
            actor=charge.leader.user if charge else head,
            decision=Sanction.DEDUCT,
            note="请科室举一反三，建立倒排工期、周调度机制",
            period=period,
            points="1",
            today=today,
        )
        return


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
