"""The automatic indicators' figures: each one query over the period's rows, grouped by unit.

A metric names its rows (tasks, reports, problems), the unit each row counts for, which rows fall in the
period (the base) and which of them count (hits). A rate scores hits ÷ base × 100; a count scores 100
less ``per_item`` points per hit, never below 0. A unit with no row in the base has nothing to assess on
that indicator: it does not count, and its weight goes to the unit's other indicators. A quota (study
sessions held, training hours) scores what the unit did against the target ``per_item`` names, 100 once
reached; every unit can study and train, so one with no row scores 0 rather than nothing to assess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from luoshi.problems.choices import ProblemEventKind, ProblemStatus
from luoshi.problems.models import Measure, Problem, ProblemEvent
from luoshi.study.models import StudySession
from luoshi.tasks.choices import ExtensionStatus, TaskStatus
from luoshi.tasks.models import ExtensionRequest, Feedback, Task
from luoshi.training.choices import Attendance
from luoshi.training.models import Enrolment

RATE, PENALTY, QUOTA = "rate", "penalty", "quota"
ACK_DAYS = 2  # 签收 within this many days of 交办 is on time
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Window:
    """A period's days, and the moments that bound them in the local time zone."""

    starts_on: dt.date
    ends_on: dt.date
    today: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.starts_on, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        return timezone.make_aware(dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min))

    @property
    def now(self) -> dt.datetime:
        """The start of today: a row whose outcome is not known by then is not judged yet."""
        return timezone.make_aware(dt.datetime.combine(self.today, dt.time.min))

    @property
    def cutoff(self) -> dt.date:
        """The day up to which an open task can be late: the period's end, or today while it runs."""
        return min(self.ends_on, self.today)


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    mode: str
    rows: str  # what the rows are: 任务, 复命, 问题
    formula: str  # in words; {per_item} and {days} are filled in
    queryset: Callable[[Window], QuerySet]  # the base rows, annotated with ``unit_key`` (and what hit needs)
    hit: Callable[[Window], Q]
    task_field: str  # the task a row links to ("" for a problem)
    date_field: str  # the row's date shown on the score page
    default_per_item: Decimal = Decimal(10)
    # Rows that are neither tasks nor problems: what they are (a page to link), their title and the id
    # linked, and for a quota the column summed as its figure (rows counted when none) and its unit.
    kind: str = ""
    title_field: str = ""
    link_field: str = "pk"
    amount: str = ""
    measure: str = "项"
    # Who a row is about and how it reads beside the title ({who}, {amount}): the person trained, the
    # session's leader.
    who_field: str = ""
    note: str = ""

    def words(self, per_item: Decimal | None) -> str:
        return self.formula.format(per_item=_plain(per_item or self.default_per_item), days=ACK_DAYS)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


ASSESSED = [s for s in TaskStatus.values() if s not in (TaskStatus.DRAFT, TaskStatus.CANCELLED)]


def _tasks_assigned(w: Window) -> QuerySet:
    return Task.objects.filter(assigned_at__gte=w.start, assigned_at__lt=w.end, status__in=ASSESSED).annotate(
        unit_key=F("lead_unit_id")
    )


def _tasks_due(w: Window) -> QuerySet:
    return Task.objects.filter(
        due_date__gte=w.starts_on, due_date__lte=w.ends_on, status__in=ASSESSED
    ).annotate(unit_key=F("lead_unit_id"))


# While a period runs, a rate counts only the rows whose outcome is known: a task not yet due and not
# closed, or a sign-for window still open, is neither a hit nor a miss until its day has passed.


def _acknowledgements_due(w: Window) -> QuerySet:
    return _tasks_assigned(w).filter(
        Q(acknowledged_at__isnull=False) | Q(assigned_at__lt=w.now - dt.timedelta(days=ACK_DAYS))
    )


def _closings_due(w: Window) -> QuerySet:
    return _tasks_due(w).filter(Q(closed_at__isnull=False) | Q(due_date__lt=w.today))


def _reports_owed(w: Window) -> QuerySet:
    return Feedback.objects.filter(period_due__gte=w.starts_on, period_due__lte=w.ends_on).annotate(
        unit_key=F("task__lead_unit_id")
    )


def _problem_deadline() -> Subquery:
    """A problem is due when its last measure is."""
    return Subquery(
        Measure.objects.filter(problem=OuterRef("pk"))
        .order_by(F("task__due_date").desc(nulls_last=True))
        .values("task__due_date")[:1]
    )


def _problems_due(w: Window) -> QuerySet:
    return (
        Problem.objects.exclude(status__in=[ProblemStatus.DISMISSED, ProblemStatus.RECORDED])
        .annotate(unit_key=Coalesce("responsible_unit_id", "unit_id"), deadline=_problem_deadline())
        .filter(deadline__gte=w.starts_on, deadline__lte=w.ends_on)
        .filter(Q(closed_at__isnull=False) | Q(deadline__lt=w.today))
    )


def _problems_open_in(w: Window) -> QuerySet:
    return (
        Problem.objects.exclude(status=ProblemStatus.DISMISSED)
        .filter(found_on__lte=w.ends_on)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=w.start))
        .annotate(unit_key=Coalesce("responsible_unit_id", "unit_id"))
    )


def _studied(w: Window) -> QuerySet:
    return StudySession.objects.filter(held_on__gte=w.starts_on, held_on__lte=w.ends_on).annotate(
        unit_key=F("unit_id")
    )


def _trained(w: Window) -> QuerySet:
    """Attendance credited for trainings ending in the period, for the unit of the person trained."""
    return Enrolment.objects.filter(
        status=Attendance.ATTENDED, training__ends_on__gte=w.starts_on, training__ends_on__lte=w.ends_on
    ).annotate(unit_key=F("person__unit_id"))


def _late_or_open(w: Window) -> Q:
    return Q(closed_at__isnull=True, due_date__lt=w.cutoff) | Q(closed_at__date__gt=F("due_date"))


METRICS: dict[str, Metric] = {
    m.code: m
    for m in [
        Metric(
            "ack_on_time",
            "按时签收率",
            RATE,
            "任务",
            "本期交办的任务中，交办后{days}日内签收的比例：按时签收数 ÷ 交办任务数 × 100"
            "（签收期限未过且尚未签收的暂不计）",
            _acknowledgements_due,
            lambda w: Q(
                acknowledged_at__isnull=False,
                acknowledged_at__lte=F("assigned_at") + dt.timedelta(days=ACK_DAYS),
            ),
            "pk",
            "assigned_at",
        ),
        Metric(
            "feedback_on_time",
            "反馈及时率",
            RATE,
            "复命",
            "本期应报的复命中按时报送的比例：按时报送数 ÷ 应报次数 × 100",
            _reports_owed,
            lambda w: Q(late=False),
            "task_id",
            "period_due",
        ),
        Metric(
            "close_on_time",
            "按期销号率",
            RATE,
            "任务",
            "完成时限在本期的任务中，在时限内销号的比例：按期销号数 ÷ 到期任务数 × 100"
            "（时限未到且尚未销号的暂不计）",
            _closings_due,
            lambda w: Q(closed_at__isnull=False, closed_at__date__lte=F("due_date")),
            "pk",
            "due_date",
        ),
        Metric(
            "overdue",
            "逾期任务",
            PENALTY,
            "任务",
            "完成时限在本期的任务中，逾期未销号或超过时限才销号的，每项扣{per_item}分，扣完为止",
            _tasks_due,
            _late_or_open,
            "pk",
            "due_date",
        ),
        Metric(
            "extensions",
            "延期次数",
            PENALTY,
            "任务",
            "完成时限在本期的任务中，经批准延期的，每项扣{per_item}分，扣完为止",
            _tasks_due,
            lambda w: Q(
                Exists(ExtensionRequest.objects.filter(task=OuterRef("pk"), status=ExtensionStatus.APPROVED))
            ),
            "pk",
            "due_date",
            Decimal(5),
        ),
        Metric(
            "problems_on_time",
            "问题按期整改率",
            RATE,
            "问题",
            "整改时限（最后一项整改措施的完成时限）在本期的问题中，"
            "按期销号的比例：按期整改数 ÷ 到期问题数 × 100（时限未到且尚未销号的暂不计）",
            _problems_due,
            lambda w: Q(closed_at__isnull=False, closed_at__date__lte=F("deadline")),
            "",
            "found_on",
        ),
        Metric(
            "recurrences",
            "问题反弹",
            PENALTY,
            "问题",
            "本期在整改或已销号的问题中，回头看发现反弹的，每项扣{per_item}分，扣完为止",
            _problems_open_in,
            lambda w: Q(
                Exists(
                    ProblemEvent.objects.filter(
                        problem=OuterRef("pk"), kind=ProblemEventKind.REBOUNDED, at__gte=w.start, at__lt=w.end
                    )
                )
            ),
            "",
            "found_on",
            Decimal(20),
        ),
        Metric(
            "study_sessions",
            "专题学习",
            QUOTA,
            "专题学习",
            "本期开展专题学习的次数，达到{per_item}次得满分：次数 ÷ {per_item} × 100，最高100分",
            _studied,
            lambda w: Q(pk__isnull=False),
            "",
            "held_on",
            Decimal(1),
            kind="study",
            title_field="directive__title",
            measure="次",
            who_field="led_by__name",
            note="{who}领学",
        ),
        Metric(
            "training_hours",
            "培训学时",
            QUOTA,
            "参训记录",
            "本单位人员在本期结束的培训中获认定的学时合计，达到{per_item}学时得满分："
            "学时 ÷ {per_item} × 100，最高100分",
            _trained,
            lambda w: Q(pk__isnull=False),
            "",
            "training__ends_on",
            Decimal(40),
            kind="training",
            title_field="training__topic",
            link_field="training_id",
            amount="hours",
            measure="学时",
            who_field="person__name",
            note="{who} {amount}学时",
        ),
    ]
}
METRIC_CHOICES = [(m.code, m.label) for m in METRICS.values()]


def figures(metric: Metric, window: Window, unit_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(base, hits) of every unit that has rows, in one grouped query over all units (a list of a thousand
    ids would only slow the scan); the units not scored are dropped here."""
    wanted = set(unit_ids)
    hits = (
        Sum(metric.amount, filter=metric.hit(window))
        if metric.amount
        else Count("pk", filter=metric.hit(window))
    )
    rows = metric.queryset(window).values("unit_key").annotate(base=Count("pk"), hits=hits).order_by()
    return {row["unit_key"]: (row["base"], row["hits"] or 0) for row in rows if row["unit_key"] in wanted}


def points(metric: Metric, base: int, hits: int, per_item: Decimal | None) -> Decimal | None:
    """The indicator's points out of 100, or None when there is nothing to assess."""
    if metric.mode == QUOTA:
        return min(HUNDRED, HUNDRED * hits / (per_item or metric.default_per_item))
    if not base:
        return None
    if metric.mode == RATE:
        return HUNDRED * hits / base
    return max(Decimal(0), HUNDRED - (per_item or metric.default_per_item) * hits)


def figure_text(metric: Metric, base: int, hits: int) -> str:
    if metric.mode == QUOTA:
        return f"{hits}{metric.measure}" + (f"（{base}条{metric.rows}）" if metric.amount else "")
    if not base:
        return f"本期无可考核的{metric.rows}"
    if metric.mode == RATE:
        return f"{hits}/{base}（{HUNDRED * hits / base:.1f}%）"
    return f"{hits}项（共{base}项{metric.rows}）"


def rows_behind(
    metric: Metric, window: Window, unit_ids: list[int], limit: int = 200
) -> dict[int, list[dict[str, Any]]]:
    """The rows behind the units' figures, each with whether it counted: one query for all the units."""
    queryset = (
        metric.queryset(window)
        .filter(unit_key__in=unit_ids)
        .annotate(hit=Case(When(metric.hit(window), then=Value(True)), default=Value(False)))
    )
    title = metric.title_field or ("task__title" if metric.task_field == "task_id" else "title")
    linked = "task_id" if metric.task_field == "task_id" else metric.link_field
    extra = [f for f in (metric.who_field, metric.amount) if f]
    fields = list(dict.fromkeys(["pk", "unit_key", title, metric.date_field, "hit", linked, *extra]))
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in unit_ids}
    for row in queryset.order_by("unit_key", metric.date_field, "pk").values(*fields):
        rows = found[row["unit_key"]]
        if len(rows) >= limit:
            continue
        day = row[metric.date_field]
        if isinstance(day, dt.datetime):
            day = timezone.localtime(day).date()
        rows.append(
            {
                "kind": metric.kind or ("task" if metric.task_field else "problem"),
                "id": row[linked],
                "title": row[title],
                "date": day,
                "counted": bool(row["hit"]),
                "note": metric.note.format(
                    who=row.get(metric.who_field, ""), amount=row.get(metric.amount, "")
                ),
            }
        )
    return found
