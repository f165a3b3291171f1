"""The problem ledger as an Excel workbook: the page's filters, written row by row."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.chunks import slices
from luoshi.core.views import require_perm
from luoshi.reports.sheets import write_row, xlsxwriter_workbook

from .queries import annotate_measures
from .views import filtered

TITLE = "问题清单"
HEADERS = [
    "编号",
    "问题",
    "问题所在单位",
    "问题类别",
    "问题来源",
    "严重程度",
    "发现日期",
    "新/旧",
    "共性/个性",
    "状态",
    "责任单位",
    "分管领导",
    "整改措施",
    "未完成",
    "最近完成时限",
    "灯",
]
WIDTHS = [7, 40, 14, 14, 12, 8, 11, 8, 10, 9, 14, 10, 8, 8, 12, 6]


@require_perm("problems.view_problem")
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    _, queryset = filtered(request)
    if queryset is None:
        return redirect(f"{reverse('problems:list')}?{request.GET.urlencode()}")
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - handed to the response, which closes it
    book = xlsxwriter_workbook(handle.name, {"constant_memory": True})
    sheet = book.add_worksheet(TITLE)
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#EEF2F7", "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"border": 1, "num_format": "yyyy-mm-dd", "valign": "top"})
    sheet.write_string(
        0,
        0,
        f"{TITLE}（截至 {timezone.localtime():%Y-%m-%d %H:%M}）",
        book.add_format({"bold": True, "font_size": 14}),
    )
    write_row(sheet, 1, HEADERS, bold)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.repeat_rows(1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    row = 2
    for chunk in slices(queryset.iterator(chunk_size=500), 500):
        for p in annotate_measures(list(chunk)):
            write_row(
                sheet,
                row,
                [
                    p.pk,
                    p.title,
                    p.unit.name,
                    p.category.name if p.category else "",
                    p.source_label,
                    p.severity_label,
                    p.found_on,
                    "反弹" if p.recurring else ("旧问题" if p.is_old else "新问题"),
                    "共性" if p.common_id else "个性",
                    p.status_label,
                    p.responsible_unit.name if p.responsible_unit else "",
                    p.leader.name if p.leader else "",
                    p.measure_count,  # type: ignore[attr-defined]
                    p.open_measure_count,  # type: ignore[attr-defined]
                    p.next_due or "",  # type: ignore[attr-defined]
                    p.light_label if p.light != "none" else "",  # type: ignore[attr-defined]
                ],
                cell,
                day,
            )
            row += 1
    book.close()
    record(
        SecurityEventKind.EXPORT,
        actor=request.user,
        request=request,
        target=TITLE,
        detail={"format": "xlsx", "filters": request.GET.urlencode()},
    )
    return FileResponse(open(handle.name, "rb"), as_attachment=True, filename=f"{TITLE}.xlsx")
