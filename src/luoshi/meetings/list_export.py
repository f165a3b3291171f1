"""The 月例会 list as a 台账 workbook: the meetings the page shows with their sections' reports counted,
streamed as they are written."""

from __future__ import annotations

from luoshi.exports.lists import ListExport, Selected, streamed

from .views import listed_meetings

MEETINGS = ListExport(
    title="月例会",
    permission="meetings.view_meeting",
    page="meetings:list",
    columns=[
        ("序号", 6),
        ("会议", 30),
        ("部门", 16),
        ("月份", 10),
        ("会议日期", 11),
        ("汇报截止", 11),
        ("汇报单位", 8),
        ("已报送", 8),
        ("逾期报送", 8),
        ("状态", 9),
    ],
    select=lambda request: Selected(listed_meetings(request.user), "全部月例会"),
    row=lambda m: [
        m.title,
        m.department.display_name,
        f"{m.month:%Y年%m月}",
        m.held_on,
        m.report_due,
        m.report_count,
        m.submitted_count,
        m.late_count,
        m.status_label,
    ],
)
meeting_export = streamed(MEETINGS)
