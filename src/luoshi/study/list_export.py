"""The 专题学习 list as a 台账 workbook: the sessions the page shows, streamed as they are written, and as an
export job (every unit studies every directive, so the list grows large)."""

from __future__ import annotations

from typing import Any

from luoshi.exports.lists import ListExport, Selected, export_kind, streamed

from .views import listed_sessions


def _session(s: Any) -> list[Any]:
    attendees = s.attendees.all()
    return [
        s.directive.title,
        s.held_on,
        s.unit.display_name,
        s.led_by.name,
        len(attendees),
        "、".join(sorted(p.name for p in attendees)),
        s.notes,
        len(s.photos.all()),
    ]


SESSIONS = ListExport(
    title="专题学习",
    permission="study.view_session",
    page="study:list",
    columns=[
        ("序号", 6),
        ("学习文件", 36),
        ("学习日期", 11),
        ("单位", 14),
        ("领学人", 9),
        ("参加人数", 8),
        ("参加人员", 30),
        ("学习内容和体会", 44),
        ("照片", 6),
    ],
    select=lambda request: Selected(listed_sessions(request.user), "全部专题学习记录"),
    row=_session,
)
session_export = streamed(SESSIONS)
SESSION_EXPORT = export_kind(SESSIONS, "study-sessions", "study:export")
