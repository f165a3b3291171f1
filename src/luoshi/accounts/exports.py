"""The audit log as an Excel file for the audit admin: every text cell written as text.

A username, a target or a detail may start with ``=``, ``+``, ``-`` or ``@`` (someone typed it into a
login form); written as text it stays text and is never a formula when the file is opened.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone

from .models import SecurityEvent

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    ("编号", 8),
    ("时间", 20),
    ("事件", 14),
    ("账号", 16),
    ("操作人", 16),
    ("IP地址", 18),
    ("对象", 24),
    ("详情", 48),
    ("哈希", 20),
]


def audit_workbook(events: Iterable[SecurityEvent]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("安全审计日志")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "align": "center"})
    for index, (name, width) in enumerate(COLUMNS):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, name, header)
    sheet.freeze_panes(1, 0)
    for row, event in enumerate(events, start=1):
        sheet.write_number(row, 0, event.pk)
        texts = [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.kind_label,
            event.username,
            event.actor.username if event.actor else "",
            event.ip_address or "",
            event.target_text,
            event.detail_text,
            event.hash,
        ]
        for column, text in enumerate(texts, start=1):
            sheet.write_string(row, column, text)
    workbook.close()
    return buffer.getvalue()
