"""The official working-day calendar: the State Council's holidays and 调休 working days, by year."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .choices import DayKind, YearSource

WEEKDAYS = "一二三四五六日"


class Holiday(models.Model):
    """One exception to "Monday to Friday": a weekday off (放假) or a weekend day worked (调休上班)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices())
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日与调休"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {DayKind.label(self.kind)} {self.name}".strip()

    @property
    def weekday_label(self) -> str:
        return "星期" + WEEKDAYS[self.date.weekday()]


class CalendarYear(models.Model):
    """A year whose arrangement has been entered; years without a row count weekends only."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=10, choices=YearSource.choices())
    note = models.CharField("说明", max_length=200, blank=True, help_text="如：国办发明电〔2026〕7号")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "已录入年份"

    def __str__(self) -> str:
        return f"{self.year}年（{YearSource.label(self.source)}）"

    @property
    def source_color(self) -> str:
        return YearSource.color(self.source)
