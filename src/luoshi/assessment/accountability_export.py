"""逾期问责台账 as a 台账 workbook: the rows of the page's status tab, streamed as they are written."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.views import require_perm
from luoshi.reports.ledger import ledger_response

from .accountability_views import filtered_matters, late_days, visible_matters
from .choices import MatterStatus

TITLE = "逾期问责台账"
COLUMNS = [
    ("序号", 6),
    ("逾期事项", 40),
    ("类别", 12),
    ("单位", 14),
    ("完成时限", 11),
    ("逾期天数", 8),
    ("状态", 10),
    ("逾期原因", 36),
    ("说明人", 9),
    ("问责决定", 14),
    ("扣分", 7),
    ("决定人", 9),
]


@require_perm("assessment.view_score")
def ledger_export(request: HttpRequest) -> StreamingHttpResponse:
    """The matters the reader may see under the page's status tab (全部 without one)."""
    status = request.GET.get("status", "")
    matters = filtered_matters(visible_matters(request.user), status)
    today = timezone.localdate()
    rows = (
        [
            number,
            m.task.title,
            "问题整改措施" if hasattr(m.task, "problem_measure") else "任务",
            m.unit.name,
            m.due_date,
            late_days(m, today),
            m.status_label,
            m.reason,
            m.reason_by.name if m.reason_by else "",
            m.decision_label if m.decision else "",
            m.adjustment.points if m.adjustment else "",
            m.decided_by.name if m.decided_by else "",
        ]
        for number, m in enumerate(matters.iterator(chunk_size=500), start=1)
    )
    note = f"筛选：{MatterStatus.label(status)}" if status in dict(MatterStatus.choices()) else "全部逾期事项"
    record_export(request, TITLE)
    return ledger_response(rows, TITLE, note, COLUMNS)
