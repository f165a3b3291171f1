"""专业培训: a training plan (topic, audience, hours, dates), who is enrolled, who attended and the hours each
was credited; a person's yearly hours add up what they were credited for trainings ending that year."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from luoshi.core.querysets import RestrictedManager

from .choices import Attendance


class Training(models.Model):
    topic = models.CharField("培训主题", max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="trainings"
    )
    audience = models.CharField("培训对象", max_length=200)
    audience_units = models.ManyToManyField("org.Unit", verbose_name="参训单位", related_name="+")
    hours = models.PositiveSmallIntegerField("学时")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("培训地点", max_length=200, blank=True)
    content = models.TextField("培训内容", blank=True)
    created_by = models.ForeignKey(
        "org.Person", verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = verbose_name_plural = "专业培训"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_has_hours"),
            # A plan sent twice is one plan.
            models.UniqueConstraint(
                fields=["unit", "topic", "starts_on"], name="one_training_per_topic_and_day"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class Enrolment(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        "org.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        "出勤", max_length=10, choices=Attendance.choices(), default=Attendance.ENROLLED
    )
    hours = models.PositiveSmallIntegerField("认定学时", default=0)
    enrolled_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField("报名时间", auto_now_add=True)
    marked_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField("登记时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__unit__tree_path", "person_id"]
        verbose_name = verbose_name_plural = "培训学员"
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="one_enrolment_per_person"),
        ]

    @property
    def status_label(self) -> str:
        return Attendance.label(self.status)

    @property
    def status_color(self) -> str:
        return Attendance.color(self.status)
