"""考核评价体系: a scheme of weighted indicators per year, periods scored for every unit, the ranking.

A scheme's indicators form a tree; at every level the weights of siblings sum to 100 (services.schemes
checks it). Each leaf is computed from the data (``metric``) or judged by named assessors on its rubric.
A period's scores are stored per version: every computation writes a new version and keeps the earlier
ones, so what was published stays readable after a recompute.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from luoshi.core.models import TrailEvent
from luoshi.core.querysets import RestrictedManager

from .choices import (
    AdjustmentKind,
    AdjustmentStatus,
    Aspect,
    Board,
    Dimension,
    EventKind,
    IndicatorKind,
    MatterStatus,
    PeriodKind,
    PeriodStatus,
    Sanction,
)


class Scheme(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("方案名称", max_length=100)
    process_weight = models.PositiveSmallIntegerField("过程权重（%）", default=40)
    effect_weight = models.PositiveSmallIntegerField("效果权重（%）", default=60)
    honor_count = models.PositiveSmallIntegerField("红榜、黑榜各列名次", default=3)
    bonus_cap = models.DecimalField("加分上限", default=Decimal(5), max_digits=7, decimal_places=2)
    deduction_cap = models.DecimalField("扣分上限", default=Decimal(10), max_digits=7, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("制定时间", auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "考核方案"

    def __str__(self) -> str:
        return self.name

    def weight_of(self, dimension: str) -> int:
        return self.process_weight if dimension == Dimension.PROCESS else self.effect_weight


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField("指标", max_length=100)
    dimension = models.CharField("维度", max_length=10, choices=Dimension.choices())
    kind = models.CharField("类型", max_length=10, choices=IndicatorKind.choices())
    weight = models.PositiveSmallIntegerField("权重（%）")
    # Automatic: which figure (metrics.METRICS) and, for a count, the points off per item.
    metric = models.CharField("计算口径", max_length=30, blank=True)
    per_item = models.DecimalField("每项扣分", null=True, blank=True, max_digits=7, decimal_places=2)
    # Judged: what it asks, its rubric ([{"level": "好", "points": 100}, …]) and who judges.
    aspect = models.CharField("评议内容", max_length=20, choices=Aspect.choices(), blank=True)
    rubric = models.JSONField("评分档次", default=list, blank=True)
    assessors = models.ManyToManyField("org.Person", verbose_name="评议人", blank=True, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = verbose_name_plural = "考核指标"

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return IndicatorKind.label(self.kind)

    @property
    def dimension_label(self) -> str:
        return Dimension.label(self.dimension)

    @property
    def aspect_label(self) -> str:
        return Aspect.label(self.aspect) if self.aspect else ""

    def rubric_points(self, level: str) -> Decimal | None:
        for step in self.rubric:
            if step.get("level") == level:
                return Decimal(str(step["points"]))
        return None


class Period(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField("考核周期", max_length=10, choices=PeriodKind.choices())
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    name = models.CharField("名称", max_length=40)
    status = models.CharField(
        "状态", max_length=10, choices=PeriodStatus.choices(), default=PeriodStatus.OPEN
    )
    version = models.PositiveIntegerField("当前版本", default=0)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    published_version = models.PositiveIntegerField("发布版本", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-starts_on", "kind", "id"]
        verbose_name = verbose_name_plural = "考核期"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "starts_on"], name="one_period_per_kind_start")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return PeriodKind.label(self.kind)

    @property
    def status_label(self) -> str:
        return PeriodStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return PeriodStatus.color(self.status)

    @property
    def is_locked(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED


class UnitScore(models.Model):
    """A unit's score in one version of a period, with its place in its peer group."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores")
    version = models.PositiveIntegerField("版本")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    peer_group = models.CharField("比较组", max_length=40)
    peer_label = models.CharField("比较组名称", max_length=40)
    assessable = models.BooleanField("有可考核事项", default=True)
    process = models.DecimalField("过程得分", null=True, max_digits=7, decimal_places=2)
    effect = models.DecimalField("效果得分", null=True, max_digits=7, decimal_places=2)
    bonus = models.DecimalField("加分", default=Decimal(0), max_digits=7, decimal_places=2)
    deduction = models.DecimalField("扣分", default=Decimal(0), max_digits=7, decimal_places=2)
    total = models.DecimalField("总分", null=True, max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField("名次", null=True)
    rank_note = models.CharField("名次说明", max_length=200, blank=True)
    previous_rank = models.PositiveIntegerField("上期名次", null=True)
    board = models.CharField("榜单", max_length=10, choices=Board.choices(), blank=True, default="")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["peer_group", "rank", "unit__tree_path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version", "unit"], name="one_score_per_unit_version")
        ]
        indexes = [models.Index(fields=["period", "version", "peer_group", "rank"])]

    @property
    def movement(self) -> int | None:
        """Places gained since the previous period (negative: lost); None when either is unranked."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


class IndicatorScore(models.Model):
    """One indicator's figure for a unit: the raw counts, the points (0–100) and what they weigh."""

    unit_score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    applicable = models.BooleanField("计分", default=True)
    base = models.PositiveIntegerField("考核事项数", null=True)
    hits = models.PositiveIntegerField("达标或扣分事项数", null=True)
    points = models.DecimalField("得分（百分制）", null=True, max_digits=7, decimal_places=2)
    weighted = models.DecimalField("折算得分", null=True, max_digits=7, decimal_places=2)
    figure = models.CharField("原始数据", max_length=200, blank=True)

    class Meta:
        ordering = ["indicator__sort_order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit_score", "indicator"], name="one_figure_per_indicator")
        ]


class Judgement(models.Model):
    """A named assessor's score for a unit on a judged indicator: a level of its rubric, with why."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="judgements")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="judgements")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("档次", max_length=40)
    points = models.DecimalField("分值", max_digits=7, decimal_places=2)
    justification = models.TextField("评议理由")
    judged_at = models.DateTimeField("评议时间", auto_now=True)

    class Meta:
        ordering = ["indicator_id", "judged_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "unit", "assessor"], name="one_judgement_per_assessor"
            )
        ]


class Adjustment(models.Model):
    """加分 or 扣分 for a unit in a period, with evidence; counted once a leader approves it."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=AdjustmentKind.choices())
    points = models.DecimalField("分值", max_digits=7, decimal_places=2)
    reason = models.CharField("事由", max_length=200)
    evidence = models.TextField("佐证")
    proposed_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "状态", max_length=10, choices=AdjustmentStatus.choices(), default=AdjustmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-proposed_at", "-id"]

    @property
    def kind_label(self) -> str:
        return AdjustmentKind.label(self.kind)

    @property
    def status_label(self) -> str:
        return AdjustmentStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return AdjustmentStatus.color(self.status)


class Accountability(models.Model):
    """逾期问责: a task (a problem's 整改措施 too) past the deadline it had, the reason its unit gave and
    the decision a leader over the unit took. A deadline extended and missed again is another matter."""

    task = models.ForeignKey("tasks.Task", verbose_name="任务", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("完成时限")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("列入台账时间", auto_now_add=True)
    reason = models.TextField("逾期原因", blank=True)
    reason_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason_at = models.DateTimeField("说明时间", null=True, blank=True)
    decision = models.CharField("问责决定", max_length=10, choices=Sanction.choices(), blank=True, default="")
    decision_note = models.TextField("决定意见", blank=True)
    decided_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    # The deduction item a 纳入考核扣分 decision made: one per decision, never a second.
    adjustment = models.OneToOneField(
        Adjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="matter"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-due_date", "-id"]
        verbose_name = verbose_name_plural = "逾期问责"
        constraints = [
            models.UniqueConstraint(fields=["task", "due_date"], name="one_matter_per_missed_deadline")
        ]
        indexes = [models.Index(fields=["unit", "due_date"])]

    @property
    def status(self) -> str:
        if self.decision:
            return MatterStatus.DECIDED
        return MatterStatus.AWAITING_DECISION if self.reason else MatterStatus.AWAITING_REASON

    @property
    def status_label(self) -> str:
        return MatterStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return MatterStatus.color(self.status)

    @property
    def decision_label(self) -> str:
        return Sanction.label(self.decision) if self.decision else ""


class AssessmentEvent(TrailEvent):
    """The assessment's one trail: what was done to a scheme, a period or an overdue matter."""

    kinds = EventKind

    scheme = models.ForeignKey(Scheme, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    matter = models.ForeignKey(
        Accountability, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=EventKind.choices())

    objects = RestrictedManager()
