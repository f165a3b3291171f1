"""问题清单: problems found by inspection, visits, audits and the like, rectified through measures that are
tasks of the execution loop, closed (销号) and checked again later (回头看)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from luoshi.core.models import TrailEvent
from luoshi.core.querysets import RestrictedManager
from luoshi.tasks.choices import TaskStatus

from .choices import MeasureKind, ProblemEventKind, ProblemSource, ProblemStatus, Severity


class ProblemCategory(models.Model):
    """A node of the configurable category tree (问题类别), edited by the system admin."""

    name = models.CharField("类别名称", max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tree_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tree_path", "sort_order", "id"]
        verbose_name = verbose_name_plural = "问题类别"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="one_category_name_per_parent")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.tree_path.count("/") - 2, 0)


class CommonProblem(models.Model):
    """共性问题: the same problem found in three or more units, rectified by one upstream 治本 measure
    (its own Measure rows) while each unit rectifies its own case (the member problems' measures)."""

    title = models.CharField("共性问题", max_length=200)
    description = models.TextField("说明", blank=True)
    category = models.ForeignKey(
        ProblemCategory, verbose_name="问题类别", null=True, blank=True, on_delete=models.PROTECT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="归并人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("归并时间", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "共性问题"

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    title = models.CharField("问题", max_length=200)
    description = models.TextField("问题描述")
    source = models.CharField("问题来源", max_length=20, choices=ProblemSource.choices(), db_index=True)
    severity = models.CharField(
        "严重程度", max_length=10, choices=Severity.choices(), default=Severity.NORMAL
    )
    status = models.CharField(
        "状态", max_length=20, choices=ProblemStatus.choices(), default=ProblemStatus.RECORDED
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="问题所在单位", on_delete=models.PROTECT, related_name="problems"
    )
    category = models.ForeignKey(
        ProblemCategory,
        verbose_name="问题类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    found_on = models.DateField("发现日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    # Where it came from beyond its source, set by the app that raised it (a campaign's finding, a visit):
    # a key that app looks its problems up by, and the words the problem page shows.
    origin = models.CharField("来源事项", max_length=100, blank=True, db_index=True)
    origin_label = models.CharField("来源说明", max_length=200, blank=True)
    # The 整改时限 asked by who found it (a 督查 finding's): offered as the measures' deadline at 确认整改.
    required_by = models.DateField("要求整改时限", null=True, blank=True)
    # Set when a section head confirms it into the ledger (确认整改).
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_problems",
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="分管领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_problems",
    )
    root_cause = models.TextField("问题根源", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    close_note = models.TextField("销号意见", blank=True)
    recheck_on = models.DateField("回头看日期", null=True, blank=True, db_index=True)
    # 旧问题: the earlier problem this one resembles; 反弹: a closed one of the same unit came back.
    previous = models.ForeignKey(
        "self",
        verbose_name="类似的既往问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
    )
    recurring = models.BooleanField("反弹", default=False)
    common = models.ForeignKey(
        CommonProblem,
        verbose_name="共性问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    # jieba's words of the title and description, space-separated, for the similar-problem search.
    tokens = models.TextField(blank=True, editable=False)
    # The earliest deadline of its own open measures (none open: empty), so that the overdue filter reads
    # an index instead of joining every measure's task; follow_measures() keeps it.
    earliest_due = models.DateField("最早整改时限", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = verbose_name_plural = "问题"
        indexes = [
            models.Index(fields=["found_on", "id"], name="problems_by_found_on"),
            models.Index(fields=["unit", "found_on"], name="problems_unit_found_on"),
            # A status's problems by date found, and the overdue filter with its count from this index
            # alone (PostgreSQL too: the id is in it).
            models.Index(
                fields=["status", "found_on", "id", "earliest_due"], name="problems_status_found_on"
            ),
            models.Index(fields=["responsible_unit", "status"], name="problems_responsible_status"),
            # The similar-problem search narrows to a category's (or a unit's) latest rows first.
            models.Index(fields=["category", "id"], name="problems_category_id"),
            models.Index(fields=["unit", "id"], name="problems_unit_id"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return ProblemStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return ProblemStatus.color(self.status)

    @property
    def source_label(self) -> str:
        return ProblemSource.label(self.source)

    @property
    def severity_label(self) -> str:
        return Severity.label(self.severity)

    @property
    def severity_color(self) -> str:
        return Severity.color(self.severity)

    @property
    def is_open(self) -> bool:
        return self.status in ProblemStatus.OPEN

    @property
    def is_old(self) -> bool:
        return self.previous_id is not None or self.recurring


class Measure(models.Model):
    """An 整改措施 is a task of the execution loop (reminders, reports, extension and close-out as for any
    task); this row says which problem — or common problem — it rectifies and whether it is 治标 or 治本."""

    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.CASCADE, related_name="measures"
    )
    common = models.ForeignKey(
        CommonProblem, null=True, blank=True, on_delete=models.CASCADE, related_name="measures"
    )
    task = models.OneToOneField(
        "tasks.Task", verbose_name="任务", on_delete=models.PROTECT, related_name="problem_measure"
    )
    kind = models.CharField("措施类型", max_length=10, choices=MeasureKind.choices())
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "整改措施"
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=False, common__isnull=True)
                | Q(problem__isnull=True, common__isnull=False),
                name="measure_of_one_problem_or_common",
            )
        ]

    @property
    def kind_label(self) -> str:
        return MeasureKind.label(self.kind)

    @property
    def kind_color(self) -> str:
        return MeasureKind.color(self.kind)

    @property
    def content(self) -> str:
        """What the measure does: its task's title without the 【治标】/【治本】 mark the task list shows."""
        return self.task.title.removeprefix(f"【{self.kind_label}】")


def follow_measures(problems: Any) -> None:
    """Store on each of ``problems`` (ids, or a query of them) the earliest deadline of its open measures:
    after a measure is added, or its task closed, reopened or given a new deadline."""
    earliest = (
        Measure.objects.filter(problem=OuterRef("pk"), task__status__in=TaskStatus.OPEN)
        .order_by()
        .values("problem")
        .annotate(due=Min("task__due_date"))
        .values("due")
    )
    Problem.objects.filter(pk__in=problems).update(earliest_due=Subquery(earliest))


def evidence_path(instance: ProblemFile, filename: str) -> str:
    return f"problems/{instance.problem_id}/{instance.token}"


class ProblemFile(models.Model):
    """Evidence of a problem (a photo, a document), stored with its SHA-256 and served as a download only
    to those who may see the problem."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class ProblemEvent(TrailEvent):
    """The problem's one trail; its time may be set, as when a history is replayed."""

    kinds = ProblemEventKind

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=ProblemEventKind.choices())
