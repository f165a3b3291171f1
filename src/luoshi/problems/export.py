"""The problem ledger as an Excel workbook, written row by row, and as a page to print: the page's filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from luoshi.accounts.audit import record_export
from luoshi.core.choices import ChoiceSet
from luoshi.core.chunks import slices
from luoshi.core.jobs import counted
from luoshi.core.printing import print_list
from luoshi.core.views import require_perm
from luoshi.exports.lists import filtered_kind
from luoshi.exports.registry import Progress
from luoshi.org.models import Unit
from luoshi.reports.ledger import ledger_response, write_ledger

from .choices import Commonality, Novelty, ProblemSource, ProblemStatus, Severity
from .filters import ProblemFilter
from .queries import annotate_measures
from .views import filtered, ledger_filter

TITLE = "问题清单"
COLUMNS = [
    ("编号", 7),
    ("问题", 40),
    ("问题所在单位", 14),
    ("问题类别", 14),
    ("问题来源", 12),
    ("严重程度", 8),
    ("发现日期", 11),
    ("新/旧", 8),
    ("共性/个性", 10),
    ("状态", 9),
    ("责任单位", 14),
    ("分管领导", 10),
    ("整改措施", 8),
    ("未完成", 8),
    ("最近完成时限", 12),
    ("灯", 6),
]


def problem_rows(queryset: QuerySet, progress: Progress | None = None) -> Iterator[list[Any]]:
    """The ledger's rows in COLUMNS' order, read 500 at a time with one measures query per chunk: the
    workbook and the printed ledger alike."""
    rows = (
        p for chunk in slices(queryset.iterator(chunk_size=500), 500) for p in annotate_measures(list(chunk))
    )
    for p in counted(rows, progress):
        yield [
            p.pk,
            p.title,
            p.unit.display_name,
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
        ]


def problem_chunks(
    queryset: QuerySet, note: str, now: dt.datetime, progress: Progress | None = None
) -> Iterator[bytes]:
    """The 问题清单 workbook of ``queryset`` with ``note`` under its title, written row by row by the shared
    台账 writer: the streamed export and the export job alike (``progress`` hears the rows written)."""
    return write_ledger(problem_rows(queryset, progress), TITLE, as_of=now, note=note, columns=COLUMNS)


def _labels(choices: type[ChoiceSet]) -> Callable[[Any], str]:
    return lambda value: "、".join(choices.label(part.strip()) for part in str(value).split(","))


def _unit(value: Any) -> str:
    return Unit.objects.filter(pk=value).values_list("name", flat=True).first() or str(value)


def _yes_or_no(value: Any) -> str:
    return "是" if value == "true" else "否"


# How the ledger's filters read in words: a filter → its name and its value's words.
FILTER_WORDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "q": ("关键词", lambda value: f"“{value}”"),
    "status": ("状态", _labels(ProblemStatus)),
    "source": ("来源", _labels(ProblemSource)),
    "severity": ("严重程度", _labels(Severity)),
    "unit": ("问题所在单位", _unit),
    "responsible_unit": ("责任单位", _unit),
    "novelty": ("新旧", _labels(Novelty)),
    "commonality": ("共性/个性", _labels(Commonality)),
    # the ledger's checkboxes, by the words of their labels (只看整改逾期 …)
    "overdue": ("整改逾期", _yes_or_no),
    "recurring": ("反弹问题", _yes_or_no),
    "recheck_due": ("待回头看", _yes_or_no),
    "close_due": ("待我审核销号", _yes_or_no),
    "confirm_due": ("待我确认", _yes_or_no),
    "rectify_mine": ("本单位整改中", _yes_or_no),
}


def describe_filters(filterset: ProblemFilter) -> str:
    """What the ledger was filtered by, in words, for an export job's heading and list."""
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.form.is_valid() else {}
    parts = []
    for name, value in data.items():
        if value in (None, "", []) or name == "ordering":
            continue
        label, words = FILTER_WORDS.get(name, (str(filterset.filters[name].label).split("，")[0], str))
        parts.append(f"{label}：{words(value)}")
    return "筛选：" + "；".join(parts) if parts else "全部问题"


@require_perm("problems.view_problem")
def ledger_print(request: HttpRequest) -> HttpResponseBase:
    """The ledger as a page to print: the same filters and rows as the page and the Excel file."""
    filterset, queryset = filtered(request)
    back = f"{reverse('problems:list')}?{request.GET.urlencode()}"
    if queryset is None:
        return redirect(back)
    record_export(request, TITLE, fmt="print", filters=request.GET.urlencode())
    return print_list(
        request,
        "problems/print_ledger.html",
        title=TITLE,
        filters=describe_filters(filterset),
        columns=[name for name, _ in COLUMNS],
        rows=problem_rows(queryset),
        back_url=back,
        unit_word="个",
        empty="没有符合条件的问题",
    )


@require_perm("problems.view_problem")
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    """The same filters and rows as the page, streamed as they are written."""
    filterset, queryset = filtered(request)
    if queryset is None:
        return redirect(f"{reverse('problems:list')}?{request.GET.urlencode()}")
    response = ledger_response(problem_rows(queryset), TITLE, describe_filters(filterset), COLUMNS)
    record_export(request, TITLE, filters=request.GET.urlencode())
    return response


LEDGER_EXPORT = filtered_kind(
    key="problems-ledger",
    title=TITLE,
    permission="problems.view_problem",
    page="problems:list",
    direct="problems:export",
    select=ledger_filter,
    describe=describe_filters,
    chunks=problem_chunks,
)
