"""Source documents (理论话语体系): speeches, documents, minutes and written instructions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from luoshi.core.querysets import RestrictedManager

from .choices import DirectiveKind, DirectiveLevel, JobStatus, RequirementStatus


class Directive(models.Model):
    title = models.CharField("标题", max_length=200)
    kind = models.CharField(
        "类型", max_length=20, choices=DirectiveKind.choices(), default=DirectiveKind.SPEECH
    )
    level = models.CharField(
        "层级", max_length=20, choices=DirectiveLevel.choices(), default=DirectiveLevel.INTERNAL
    )
    issuer = models.CharField("讲话人/发文单位", max_length=100, blank=True)
    issued_on = models.DateField("日期")
    text = models.TextField("正文")
    instruction_date = models.DateField("批示日期", null=True, blank=True)
    proposed_handling = models.TextField("拟办意见", blank=True)
    handling_result = models.TextField("办理结果", blank=True)
    # 对标对表: this department's directive answers an upper-level one (全省组织部长会议 …); the upper
    # one's coverage rolls up the requirements and tasks of every directive that answers it.
    answers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="answered_by", verbose_name="落实的上级部署"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The unit whose directive it is (rules.owner_unit_id): its registrar's when entered, kept when the
    # registrar later moves, so a transfer does not hand the department's speech to his new unit.
    unit = models.ForeignKey(
        "org.Unit", verbose_name="录入单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = verbose_name_plural = "讲话文件"

    def __str__(self) -> str:
        return self.title

    @property
    def has_instruction(self) -> bool:
        """A leader's written instruction (批示件) carries its date, proposed handling or result."""
        return bool(self.instruction_date or self.proposed_handling or self.handling_result)


class Requirement(models.Model):
    """One actionable item the engine (or a person) found in a directive, with where it came from."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField("要求原文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    outline_path = models.JSONField("所在层次", default=list, blank=True)
    owners = models.JSONField("责任主体", default=list, blank=True)
    suggested_units = models.JSONField(
        "推荐牵头单位",
        default=list,
        blank=True,
        help_text="未识别出责任单位时，按单位职责推荐的牵头单位，最匹配的在前",
    )
    deadline = models.JSONField("时限", null=True, blank=True)
    start_date = models.JSONField("开始时间", null=True, blank=True)
    cadence = models.CharField("反馈周期", max_length=20, blank=True)
    targets = models.JSONField("量化目标", default=list, blank=True)
    lint = models.JSONField("提示", default=list, blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=RequirementStatus.choices(),
        default=RequirementStatus.PROPOSED,
        db_index=True,
    )
    reject_reason = models.TextField("不采纳理由", blank=True)
    # 对标对表 item by item: the upper-level requirements (of a directive this one's directive answers)
    # this requirement carries out; the upper requirement's coverage rolls up through it.
    answers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="answered_by", verbose_name="落实的上级要求"
    )
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["directive", "start", "id"]
        verbose_name = verbose_name_plural = "要求条目"

    def __str__(self) -> str:
        return self.text[:40]


class ExtractionJob(models.Model):
    """A long directive's extraction, run outside the request (``luoshi extract-jobs``, ``luoshi tick``)
    so that entering a document of a megabyte never holds a web worker."""

    directive = models.OneToOneField(Directive, on_delete=models.CASCADE, related_name="extraction_job")
    status = models.CharField(
        "状态", max_length=20, choices=JobStatus.choices(), default=JobStatus.QUEUED, db_index=True
    )
    chars = models.PositiveIntegerField("字数")
    found = models.PositiveIntegerField("识别出的条目", default=0)
    error = models.TextField("失败原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "分解任务"

    def __str__(self) -> str:
        return f"{self.directive} · {JobStatus.label(self.status)}"

    @property
    def status_label(self) -> str:
        return JobStatus.label(self.status)
