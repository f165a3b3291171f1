"""The execution system (执行落实体系): tasks in a tree, their events, feedback, extensions and close-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from luoshi.core.models import TrailEvent
from luoshi.core.querysets import RestrictedManager, RestrictedQuerySet

from .choices import EventKind, ExtensionStatus, PartStatus, TaskLevel, TaskStatus


class Task(models.Model):
    title = models.CharField("任务", max_length=500)
    description = models.TextField("任务内容", blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path ("/12/40/") so a subtree's roll-up is one indexed prefix match.
    tree_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name="来源文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    requirement = models.ForeignKey(
        "directives.Requirement",
        verbose_name="来源要求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    is_key = models.BooleanField("重点任务", default=False)
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name="牵头单位", on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        "org.Unit", verbose_name="配合单位", blank=True, related_name="co_tasks"
    )
    owner = models.ForeignKey(
        "org.Person",
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_tasks",
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="分管领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_over_tasks",
    )
    start_date = models.DateField("开始日期", null=True, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True, db_index=True)
    cadence = models.CharField("反馈周期", max_length=20, default="none")
    finish_standard = models.TextField("完成标准", blank=True)
    weight = models.PositiveSmallIntegerField("权重", default=1)
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices(), default=TaskStatus.DRAFT, db_index=True
    )
    progress = models.PositiveSmallIntegerField("进度", default=0)
    next_report_due = models.DateField("下次复命日期", null=True, blank=True, db_index=True)
    recheck_on = models.DateField("回头看日期", null=True, blank=True, db_index=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="交办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)
    # Kept by rollup.refresh() on every change: the last day this open task keeps pace with its time
    # (序时进度); the earliest deadline, report date and pace date among the open tasks of this subtree
    # (itself included), so a light is a comparison with today, for any number of rows; and how many
    # children it has, open or not, so a list needs no count per row.
    pace_date = models.DateField(null=True, editable=False)
    subtree_due_date = models.DateField(null=True, editable=False)
    subtree_report_due = models.DateField(null=True, editable=False)
    subtree_pace_date = models.DateField(null=True, editable=False)
    children_count = models.PositiveIntegerField(default=0, editable=False)
    open_children_count = models.PositiveIntegerField(default=0, editable=False)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = verbose_name_plural = "任务"
        # One for every filter and ordering of the task lists, the light's inputs included.
        indexes = [
            models.Index(fields=["lead_unit", "status", "due_date"]),
            models.Index(fields=["leader", "status"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["status", "subtree_due_date"]),
            models.Index(fields=["status", "subtree_report_due"]),
            # Covers the overview's lights by unit: counted from the index alone.
            models.Index(
                fields=["status", "lead_unit", "subtree_due_date", "subtree_report_due"],
                name="tasks_task_lights_by_unit",
            ),
            models.Index(fields=["is_key", "due_date"]),
            models.Index(fields=["status", "closed_at"]),
            # Covers the overdue list (open, past its own deadline, by deadline) from the index alone.
            models.Index(fields=["status", "due_date", "subtree_due_date"], name="tasks_task_overdue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return TaskStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return TaskStatus.color(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in TaskStatus.OPEN

    def descendants(self) -> RestrictedQuerySet:
        return Task.objects.filter(pk__in=TaskAncestor.objects.filter(ancestor=self).values("task_id"))

    def open_descendants(self) -> RestrictedQuerySet:
        return self.descendants().filter(status__in=TaskStatus.OPEN)


class TaskAncestor(models.Model):
    """One row per (task, ancestor): "everything below this task" is an index lookup, not a path scan.

    Written with the task (services.lifecycle); a task never changes parent, so the rows never change
    but for ``task_due_date``, the task's own deadline, copied so that a list ordered by deadline reads
    the tasks below the ones a user sees from this table's index alone (``queries.VisibleByDueDate``)
    instead of looking up thousands of task rows; ``follow_due_date`` keeps it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    ancestor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    task_due_date = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "task"], name="one_row_per_ancestor")]
        indexes = [models.Index(fields=["ancestor", "task_due_date", "task"], name="tasks_ancestor_by_due")]

    @classmethod
    def follow_due_date(cls, task: Task) -> None:
        """After ``task.due_date`` changed: its copies here follow."""
        cls.objects.filter(task=task).update(task_due_date=task.due_date)


class TaskEvent(TrailEvent):
    """The task's one trail (全程留痕); a 复命 event points at its report."""

    kinds = EventKind

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices())
    feedback = models.ForeignKey(
        "Feedback", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )


class Feedback(models.Model):
    """A progress report (复命): written once, reused by the roll-up, summaries and assessment."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    progress_text = models.TextField("工作进展")
    percent = models.PositiveSmallIntegerField("完成百分比")
    difficulties = models.TextField("存在困难", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True, db_index=True)
    period_due = models.DateField("应报日期", null=True, blank=True)
    late = models.BooleanField("逾期报送", default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # The ledger's 迟报 / 应报复命 filters and the overview's counts of them ask for the tasks with a
            # period due since a day (lights.reported_late_q, report_due_q): a range of this index, read
            # without the rows, where it was a scan of every report (docs/benchmarks.md).
            models.Index(fields=["period_due", "task", "late"], name="tasks_feedback_period_due"),
        ]


class TaskPart(models.Model):
    """A co-unit's part of a task (协办): its own status, progress and last report. The lead unit (主办)
    reports the whole; a part never moves the task's progress (services.parts)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey("org.Unit", verbose_name="配合单位", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=PartStatus.choices(), default=PartStatus.PENDING)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    last_report = models.TextField("最近报送", blank=True)
    reported_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)

    class Meta:
        ordering = ["unit__tree_path", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_part_per_co_unit")]

    @property
    def status_label(self) -> str:
        return PartStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return PartStatus.color(self.status)


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    old_due_date = models.DateField("原完成时限", null=True)
    new_due_date = models.DateField("申请完成时限")
    reason = models.TextField("理由")
    status = models.CharField(
        max_length=20, choices=ExtensionStatus.choices(), default=ExtensionStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="one_pending_extension_per_task"
            )
        ]


class CloseRequest(models.Model):
    """申请销号: the evidence the owner gives, and the reviewer's decision."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="close_requests")
    requested_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    evidence_text = models.TextField("完成情况与佐证")
    recheck_on = models.DateField("回头看日期", null=True, blank=True)
    # A key task's close-out is reviewed by the lead unit's head before the leader decides.
    reviewed_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    approved = models.BooleanField(null=True)
    decided_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class DecisionPolicy(models.Model):
    """Who decides a task's requests (延期, 销号), per task level; the system admin edits it.

    The task's leader in charge (and the head above) always may; the lead unit's head may too where
    ``section_head_decides``; with ``section_head_reviews_close`` a close-out first needs that head's
    review. Nobody decides a request they made, nor one on a task they assigned or own."""

    level = models.CharField("任务级别", max_length=10, choices=TaskLevel.choices(), unique=True)
    section_head_decides = models.BooleanField("负责人（科室/县委组织部）可审批延期和销号", default=False)
    section_head_reviews_close = models.BooleanField("销号须先经负责人（科室/县委组织部）审核", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["level"]
        verbose_name = verbose_name_plural = "审批规则"

    @property
    def level_label(self) -> str:
        return TaskLevel.label(self.level)

    @classmethod
    def current(cls) -> dict[str, DecisionPolicy]:
        """Every level's rule: the stored row, or the default the first migration stores."""
        rows = {row.level: row for row in cls.objects.all()}
        return {
            level: rows.get(level) or cls(level=level, **defaults)
            for level, defaults in DEFAULT_POLICY.items()
        }

    @classmethod
    def for_task(cls, task: Task) -> DecisionPolicy:
        return cls.current()[TaskLevel.KEY if task.is_key else TaskLevel.ROUTINE]


# Routine work: the lead section's head may decide; key work: the leader decides after the head's review.
DEFAULT_POLICY = {
    TaskLevel.ROUTINE: {"section_head_decides": True, "section_head_reviews_close": False},
    TaskLevel.KEY: {"section_head_decides": False, "section_head_reviews_close": True},
}


class ReminderPolicy(models.Model):
    """提醒规则: when the tick reminds and escalates. One row, edited by the system admin; until it is
    saved the settings (LUOSHI_*) are the rule, and every saved version stays in its history."""

    due_soon_days = models.PositiveSmallIntegerField("到期前几个工作日提醒")
    escalate_section_head_days = models.PositiveSmallIntegerField("复命逾期几个工作日报牵头单位负责人督办")
    escalate_leader_days = models.PositiveSmallIntegerField("复命逾期几个工作日报分管领导督办")
    escalate_overdue_days = models.PositiveSmallIntegerField("任务逾期几个工作日报分管领导督办")
    # Calendar days, not working days: when a closed problem's 回头看 falls due unless its reviewer sets it.
    recheck_days = models.PositiveSmallIntegerField("问题销号后几天回头看", default=90)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "提醒规则"

    @classmethod
    def current(cls) -> ReminderPolicy:
        """The saved rule, or the settings' defaults (unsaved)."""
        return cls.objects.order_by("pk").first() or cls(
            due_soon_days=settings.LUOSHI_REMIND_SOON_DAYS,
            escalate_section_head_days=settings.LUOSHI_ESCALATE_SECTION_HEAD_DAYS,
            escalate_leader_days=settings.LUOSHI_ESCALATE_LEADER_DAYS,
            escalate_overdue_days=settings.LUOSHI_ESCALATE_OVERDUE_DAYS,
            recheck_days=settings.LUOSHI_RECHECK_DAYS,
        )


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"tasks/{instance.task_id}/{instance.token}"


class Attachment(models.Model):
    """A file stored under the data dir; served only to those who may see the task, always as a download."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    close_request = models.ForeignKey(
        CloseRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    @property
    def is_photo(self) -> bool:
        """A JPEG, a camera photo stored without its location: shown on the task page, not only downloaded."""
        return self.content_type == "image/jpeg"
