"""The 专业培训 lists as 台账 workbooks under the page's year: the trainings, and each person's hours (as an
export job too: everyone the reader may read, a whole department and its counties)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from luoshi.exports.lists import ListExport, Selected, export_kind, streamed

from .choices import Attendance
from .views import chosen_year, listed_people, listed_trainings


def _trainings(request: HttpRequest) -> Selected:
    year = chosen_year(request)
    return Selected(listed_trainings(request.user, year), f"{year}年的培训")


def _training(t: Any) -> list[Any]:
    enrolments = t.enrolments.all()
    return [
        t.topic,
        t.starts_on,
        t.ends_on,
        t.unit.display_name,
        t.audience,
        t.hours,
        t.place,
        len(enrolments),
        sum(1 for e in enrolments if e.status == Attendance.ATTENDED),
    ]


TRAININGS = ListExport(
    title="专业培训",
    permission="training.view_training",
    page="training:list",
    columns=[
        ("序号", 6),
        ("培训主题", 36),
        ("开始日期", 11),
        ("结束日期", 11),
        ("主办单位", 14),
        ("培训对象", 20),
        ("学时", 6),
        ("培训地点", 18),
        ("报名", 6),
        ("参训", 6),
    ],
    select=_trainings,
    row=_training,
)


def _people(request: HttpRequest) -> Selected:
    year = chosen_year(request)
    return Selected(listed_people(request.user, year), f"{year}年结束的培训所认定的学时")


PEOPLE = ListExport(
    title="年度培训学时",
    permission="training.view_training",
    page="training:people",
    columns=[("序号", 6), ("姓名", 10), ("单位", 16), ("职务", 14), ("参训次数", 8), ("学时", 8)],
    select=_people,
    row=lambda p: [p.name, p.unit.display_name if p.unit else "", p.title, p.attended, p.hours],
)
training_export = streamed(TRAININGS)
people_export = streamed(PEOPLE)
PEOPLE_EXPORT = export_kind(PEOPLE, "training-people", "training:people_export")
