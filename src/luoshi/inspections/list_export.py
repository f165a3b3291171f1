"""The 督查调研 and 一线走访 lists as 台账 workbooks: the rows each page shows, streamed as they are written;
the visits, which every front-line trip adds to, also as an export job."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from luoshi.exports.lists import ListExport, Selected, export_kind, streamed

from .views import listed_campaigns
from .visit_views import listed_visits

CAMPAIGNS = ListExport(
    title="督查调研",
    permission="inspections.view_campaign",
    page="inspections:list",
    columns=[
        ("序号", 6),
        ("主题", 40),
        ("类型", 8),
        ("开始日期", 11),
        ("结束日期", 11),
        ("检查对象（个单位）", 10),
        ("已记录（项）", 8),
        ("发现问题（项）", 8),
    ],
    select=lambda request: Selected(listed_campaigns(request.user), "全部督查调研"),
    row=lambda c: [
        c.topic,
        c.kind_label,
        c.start_date,
        c.end_date,
        c.unit_count,
        c.finding_count,
        c.problem_count,
    ],
)


def _visit(v: Any) -> list[Any]:
    return [
        v.place,
        f"{timezone.localtime(v.visited_at):%Y-%m-%d %H:%M}",
        v.unit.display_name if v.unit else "",
        v.author.name,
        v.people_met,
        v.heard,
        len(v.photos.all()),
        "\n".join(f"{n}. {text}" for n, text in enumerate(v.raised, start=1)),
    ]


def _visits(request: HttpRequest) -> Selected:
    return Selected(listed_visits(request.user), "全部走访记录")


VISITS = ListExport(
    title="一线走访",
    permission="inspections.view_visit",
    page="inspections:visits",
    columns=[
        ("序号", 6),
        ("走访地点", 24),
        ("走访时间", 16),
        ("单位", 14),
        ("走访人", 9),
        ("走访对象", 18),
        ("听到的情况", 44),
        ("照片", 6),
        ("当场发现的问题", 36),
    ],
    select=_visits,
    row=_visit,
)
campaign_export = streamed(CAMPAIGNS)
visit_export = streamed(VISITS)
VISIT_EXPORT = export_kind(VISITS, "inspections-visits", "inspections:visits_export")
