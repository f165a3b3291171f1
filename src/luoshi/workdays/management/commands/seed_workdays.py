"""`luoshi manage seed_workdays`: load the years the installed chinese_calendar knows (after upgrading it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.workdays.calendar import table_changed
from luoshi.workdays.models import CalendarYear, Holiday
from luoshi.workdays.seed import seed_from_library


def _years(years: list[int]) -> str:
    return "、".join(map(str, years)) if years else "无"


class Command(BaseCommand):
    help = "从已安装的 chinese_calendar 载入节假日与调休（可重复运行；不覆盖手工录入或导入的年份）"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            result = seed_from_library(Holiday, CalendarYear)
            if result.seeded:
                table_changed()
        self.stdout.write(f"已载入：{_years(result.seeded)}")
        self.stdout.write(f"已是最新：{len(result.unchanged)}个年份")
        self.stdout.write(f"手工录入或导入，未覆盖：{_years(result.kept)}")
