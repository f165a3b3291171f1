"""大调研/大督查 campaigns and their findings, 一线走访 visits with photos, and the documents issued for a
matter or a campaign (督办单, 催办函, 督查通报), each under a number of its own (一事一号)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from luoshi.core.models import TrailEvent
from luoshi.core.querysets import RestrictedManager

from .choices import CampaignEventKind, CampaignKind, DocumentKind, FindingResult


class Campaign(models.Model):
    kind = models.CharField("类型", max_length=20, choices=CampaignKind.choices())
    topic = models.CharField("主题", max_length=200)
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name="依据文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tasks = models.ManyToManyField("tasks.Task", verbose_name="重点任务", blank=True, related_name="+")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    target_units = models.ManyToManyField("org.Unit", verbose_name="检查对象", related_name="+")
    created_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = verbose_name_plural = "督查调研"

    def __str__(self) -> str:
        return self.topic

    @property
    def kind_label(self) -> str:
        return CampaignKind.label(self.kind)


class Team(models.Model):
    """A 督查组/调研组: its leader and members are who may record the campaign's findings."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField("组名", max_length=50)
    leader = models.ForeignKey("org.Person", verbose_name="组长", on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField("org.Person", verbose_name="成员", blank=True, related_name="+")

    class Meta:
        ordering = ["id"]


class ChecklistPoint(models.Model):
    """A point to check in every target unit, drawn from a linked task's 完成标准 (or written by hand)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="points")
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name="来源任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField("检查要点")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class Finding(models.Model):
    """The result of one checklist point in one unit: met, or a problem (then also a Problem)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="findings")
    point = models.ForeignKey(ChecklistPoint, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("检查结果", max_length=20, choices=FindingResult.choices())
    note = models.TextField("情况说明", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    recorded_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now=True)
    problem = models.ForeignKey(
        "problems.Problem",
        verbose_name="问题清单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["point__order", "point_id", "unit__tree_path"]
        constraints = [
            models.UniqueConstraint(fields=["point", "unit"], name="one_finding_per_point_and_unit")
        ]
        indexes = [models.Index(fields=["campaign", "unit"])]

    @property
    def result_label(self) -> str:
        return FindingResult.label(self.result)

    @property
    def result_color(self) -> str:
        return FindingResult.color(self.result)


class CampaignEvent(TrailEvent):
    """A campaign's trail."""

    kinds = CampaignEventKind

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    # a campaign's actor is a team member, and teams are made of people rather than accounts
    actor = models.ForeignKey(  # type: ignore[assignment]
        "org.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=CampaignEventKind.choices())


class Visit(models.Model):
    """一线走访: recorded at the site, often on a phone with poor signal; ``client_key`` is the key the
    form drew when its draft began, so a draft sent twice is one visit."""

    place = models.CharField("走访地点", max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="所属督查调研",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    visited_at = models.DateTimeField("走访时间")
    people_met = models.TextField("走访对象", blank=True)
    heard = models.TextField("听到的情况")
    raised = models.JSONField("当场发现的问题", default=list, blank=True)
    problems = models.ManyToManyField(
        "problems.Problem", verbose_name="转入问题清单", blank=True, related_name="+"
    )
    author = models.ForeignKey(
        "org.Person", verbose_name="走访人", on_delete=models.PROTECT, related_name="+"
    )
    client_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = verbose_name_plural = "一线走访"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"], condition=~Q(client_key=""), name="one_visit_per_draft"
            )
        ]


def photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"visits/{instance.visit_id}/{instance.token}.jpg"


class VisitPhoto(models.Model):
    """A photo as stored: resized JPEG, its location kept only when the visitor allowed it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=photo_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    latitude = models.FloatField("纬度", null=True, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)

    class Meta:
        ordering = ["id"]


class NumberSequence(models.Model):
    """The last serial issued for one kind of document in one year; read under a row lock."""

    kind = models.CharField(max_length=20, choices=DocumentKind.choices())
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="one_sequence_per_kind_and_year")
        ]


class IssuedDocument(models.Model):
    """A document with its number: one per matter and kind (一事一号) — a task's or a problem's 督办单 keeps
    its number however often it is printed — and a bulletin per campaign or per period."""

    kind = models.CharField("文种", max_length=20, choices=DocumentKind.choices())
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    problem = models.ForeignKey(
        "problems.Problem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    title = models.CharField("标题", max_length=300)
    content = models.JSONField(default=dict, blank=True)
    issued_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("编号时间", auto_now_add=True)
    # who wrote it last: a rewrite keeps the number and the first writer (issued_by), and names its own
    revised_by = models.ForeignKey(
        "org.Person", verbose_name="修改人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "serial"], name="one_number_per_document"),
            models.UniqueConstraint(
                fields=["kind", "task"], condition=Q(task__isnull=False), name="one_document_per_task"
            ),
            models.UniqueConstraint(
                fields=["kind", "problem"],
                condition=Q(problem__isnull=False),
                name="one_document_per_problem",
            ),
            models.UniqueConstraint(
                fields=["kind", "campaign"],
                condition=Q(campaign__isnull=False),
                name="one_document_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end"],
                condition=Q(campaign__isnull=True, period_start__isnull=False),
                name="one_bulletin_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.number}"

    @property
    def kind_label(self) -> str:
        return DocumentKind.label(self.kind)

    @property
    def number(self) -> str:
        return f"{DocumentKind.NUMBER_WORD[self.kind]}〔{self.year}〕{self.serial}号"
