"""月例会: a department's meeting of a month, each expected section's report in three parts (总结, 思考,
谋划) and the leaders' comments (点评) on it; the meeting's decisions (议定事项) are a directive of kind
minutes, decomposed into tasks as any directive is.

A comment's score is a level of the rubric of the judged indicator the meeting counts toward; it becomes
the leader's judgement of the section for the month through the assessment's own service (``judgement``
links it), or says why it could not (``score_note``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.core.models import TrailEvent
from luoshi.core.querysets import RestrictedManager

from .choices import CommentAspect, EventKind, MeetingStatus, ReportStatus


class Meeting(models.Model):
    department = models.ForeignKey(
        "org.Unit", verbose_name="部门", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份", help_text="该月第一天")
    title = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    report_due = models.DateField("汇报截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=MeetingStatus.choices(), default=MeetingStatus.OPEN
    )
    indicator = models.ForeignKey(
        "assessment.Indicator",
        verbose_name="点评计入指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    directive = models.OneToOneField(
        "directives.Directive",
        verbose_name="议定事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = verbose_name_plural = "月例会"
        constraints = [models.UniqueConstraint(fields=["department", "month"], name="one_meeting_per_month")]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return MeetingStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return MeetingStatus.color(self.status)

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class UnitReport(models.Model):
    """A section's report to the meeting; 总结 starts from the ledger's figures of the month."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name="科室", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("总结", blank=True)
    thinking = models.TextField("思考", blank=True)
    plans = models.TextField("谋划", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices(), default=ReportStatus.DRAFT
    )
    is_late = models.BooleanField("逾期提交", default=False)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["meeting", "unit__tree_path", "unit__sort_order", "id"]
        verbose_name = verbose_name_plural = "工作汇报"
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="one_report_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.meeting}"

    @property
    def status_label(self) -> str:
        if self.status == ReportStatus.SUBMITTED and self.is_late:
            return "逾期提交"
        return ReportStatus.label(self.status)

    @property
    def status_color(self) -> str:
        if self.status == ReportStatus.SUBMITTED and self.is_late:
            return "danger"
        return ReportStatus.color(self.status)

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class Comment(models.Model):
    """A leader's 点评 of a submitted report, tagged 深度/高度/力度, with a level of the rubric."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="comments")
    leader = models.ForeignKey(
        "org.Person", verbose_name="点评领导", on_delete=models.PROTECT, related_name="+"
    )
    aspects = models.JSONField("点评侧重", default=list)
    level = models.CharField("评分档次", max_length=40)
    points = models.DecimalField("分值", max_digits=7, decimal_places=2)
    text = models.TextField("点评意见")
    judgement = models.ForeignKey(
        "assessment.Judgement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score_note = models.CharField("计分说明", max_length=200, blank=True)
    created_at = models.DateTimeField("点评时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "领导点评"
        constraints = [models.UniqueConstraint(fields=["report", "leader"], name="one_comment_per_leader")]

    @property
    def aspect_labels(self) -> list[str]:
        return [CommentAspect.label(a) for a in self.aspects]


class MeetingEvent(TrailEvent):
    """The meeting's one trail, and its reports'."""

    kinds = EventKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    report = models.ForeignKey(
        UnitReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices())

    objects = RestrictedManager()
