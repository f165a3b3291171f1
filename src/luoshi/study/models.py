"""专题学习: a unit's study session on one directive — when, who led it, who attended, what was learnt, and
photos as evidence. The directive page reads these to show which units have studied it."""

from __future__ import annotations

from typing import cast

from django.db import models
from simple_history.models import HistoricalRecords

from luoshi.core.querysets import RestrictedManager, RestrictedQuerySet, restricted_rows


class StudySession(models.Model):
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name="学习文件",
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="学习单位", on_delete=models.PROTECT, related_name="study_sessions"
    )
    held_on = models.DateField("学习日期")
    led_by = models.ForeignKey(
        "org.Person", verbose_name="领学人", on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.ManyToManyField("org.Person", verbose_name="参加人员", related_name="study_sessions")
    notes = models.TextField("学习内容和体会")
    recorded_by = models.ForeignKey(
        "org.Person", verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = verbose_name_plural = "专题学习"
        constraints = [
            # A form sent twice, or the same meeting entered by two clerks, is one session.
            models.UniqueConstraint(
                fields=["directive", "unit", "held_on"], name="one_study_per_unit_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on:%Y-%m-%d} 学习"


def photo_path(instance: StudyPhoto, filename: str) -> str:
    return f"study/{instance.session_id}/{instance.token}.jpg"


class StudyPhoto(models.Model):
    """A photo as stored: resized JPEG without EXIF (core.photos), served only while it hashes as uploaded."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=photo_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100, default="image/jpeg")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


def directive_rows() -> RestrictedQuerySet:
    """The directives, reached through the session's key: the directive page imports this app, so this app
    does not import that one."""
    model = cast("type[models.Model]", StudySession._meta.get_field("directive").related_model)
    return restricted_rows(model)
