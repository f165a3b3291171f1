"""The directives list as a 台账 workbook: the rows the list shows, streamed as they are written."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse

from luoshi.accounts.audit import record_export
from luoshi.core.views import require_perm
from luoshi.reports.ledger import ledger_response

from .views import listed

TITLE = "讲话文件"
COLUMNS = [
    ("序号", 6),
    ("标题", 44),
    ("类型", 10),
    ("层级", 8),
    ("讲话人/发文单位", 18),
    ("日期", 11),
    ("待确认", 8),
    ("已转任务", 9),
]


@require_perm("directives.view_directive")
def list_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every directive the reader may see (the list has no filters), newest first."""
    rows = (
        [
            number,
            d.title,
            d.get_kind_display(),
            d.get_level_display(),
            d.issuer,
            d.issued_on,
            d.proposed,  # type: ignore[attr-defined]
            d.task_count,  # type: ignore[attr-defined]
        ]
        for number, d in enumerate(listed(request.user).iterator(chunk_size=500), start=1)
    )
    record_export(request, TITLE)
    return ledger_response(rows, TITLE, "全部讲话文件", COLUMNS)
