"""The ledger and a task as a 台账: pages made to be printed (A4 landscape, no navigation or forms) and
the Excel file, each reading the same rows with the same filters as the ledger page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.jobs import counted
from luoshi.core.printing import print_list
from luoshi.core.views import require_perm
from luoshi.exports.lists import filtered_kind
from luoshi.exports.registry import Progress
from luoshi.org.models import Person, Unit
from luoshi.reports.ledger import COLUMNS, ledger_response, write_ledger

from . import services
from .choices import Light, TaskStatus
from .filters import OWED_WORDS, TaskFilter, directive_title, report_filter_words
from .lights import light_note
from .models import Task
from .overview import reach_words
from .queries import LIGHT_NAMES, ledger_rows
from .task_page import leader_names, owner_label, timeline, visible_task
from .views import filtered_ledger, ledger_filter

TITLE = "任务台账"


def describe_filters(filterset: TaskFilter) -> str:
    """What a ledger was filtered by, in its filter form's words, for the printed and exported heading."""
    data = filterset.form.cleaned_data if filterset.form.is_bound and filterset.form.is_valid() else {}
    parts = []
    if data.get("q"):
        parts.append(f"关键词“{data['q']}”")
    if data.get("lead_unit"):
        unit = Unit.objects.filter(pk=data["lead_unit"]).values_list("name", flat=True).first()
        parts.append(f"牵头单位：{unit or data['lead_unit']}")
    if data.get("directive"):
        user = filterset.request.user if filterset.request else None
        parts.append(f"来源：{directive_title(user, data['directive']) or data['directive']}")
    if data.get("under"):
        user = filterset.request.user if filterset.request else None
        parts.append(f"牵头单位：{reach_words(user, data['under'])}")
    if data.get("leader"):
        leader = Person.objects.filter(pk=data["leader"]).values_list("name", flat=True).first()
        parts.append(f"分管领导：{leader or data['leader']}")
    if data.get("status"):
        parts.append("状态：" + "、".join(TaskStatus.label(s.strip()) for s in data["status"].split(",")))
    if data.get("light"):
        parts.append(
            "灯："
            + "、".join(
                LIGHT_NAMES.get(s.strip()) or Light.label(s.strip()) for s in data["light"].split(",")
            )
        )
    if data.get("is_key"):
        parts.append("只含重点任务")
    if data.get("due_after") or data.get("due_before"):
        parts.append(f"完成时限：{data.get('due_after') or '不限'} 至 {data.get('due_before') or '不限'}")
    if data.get("closed_after"):
        parts.append(f"{data['closed_after']}以来销号")
    if data.get("report_owed"):
        parts.append(OWED_WORDS)
    parts += [words for _, _, words in report_filter_words(data)]
    return "筛选：" + "；".join(parts) if parts else "全部任务"


@require_perm("tasks.view_ledger")
def ledger_print(request: HttpRequest) -> HttpResponse:
    """The ledger as a page to print: the same filters and rows as the page and the Excel file."""
    filterset, queryset = filtered_ledger(request)
    if queryset is None:
        return redirect(f"{reverse('tasks:ledger')}?{request.GET.urlencode()}")
    record_export(request, TITLE, fmt="print", filters=request.GET.urlencode())
    return print_list(
        request,
        "tasks/print_ledger.html",
        title=TITLE,
        filters=describe_filters(filterset),
        columns=[name for name, _ in COLUMNS],
        rows=ledger_rows(queryset, timezone.localdate()),
        back_url=f"{reverse('tasks:ledger')}?{request.GET.urlencode()}",
        empty="没有符合条件的任务",
    )


def ledger_chunks(
    queryset: QuerySet[Task], note: str, now: dt.datetime, progress: Progress | None = None
) -> Iterator[bytes]:
    """The 任务台账 workbook of ``queryset`` with ``note`` under its title, written row by row: the
    streamed export and the export job alike (``progress`` hears the rows written)."""
    return write_ledger(counted(ledger_rows(queryset, now.date()), progress), TITLE, as_of=now, note=note)


def workbook(queryset: QuerySet[Task], note: str) -> StreamingHttpResponse:
    """The 任务台账 workbook of ``queryset`` with ``note`` under its title, streamed row by row."""
    return ledger_response(ledger_rows(queryset, timezone.localdate()), TITLE, note, COLUMNS)


@require_perm("tasks.view_ledger")
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    """The same filters as the page; written row by row, so a province-sized ledger fits in memory."""
    filterset, queryset = filtered_ledger(request)
    if queryset is None:  # no empty file for a filter that makes no sense: the ledger says what is wrong
        return redirect(f"{reverse('tasks:ledger')}?{request.GET.urlencode()}")
    response = workbook(queryset, describe_filters(filterset))
    record_export(request, TITLE, filters=request.GET.urlencode())
    return response


LEDGER_EXPORT = filtered_kind(
    key="tasks-ledger",
    title=TITLE,
    permission="tasks.view_ledger",
    page="tasks:ledger",
    direct="tasks:export",
    select=ledger_filter,
    describe=describe_filters,
    chunks=ledger_chunks,
)


def task_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A task as a page to print for its file: its facts, the co-units' parts, its reports and its whole
    trail (the task page's own timeline, oldest first as a record reads), and no forms."""
    task = visible_task(request, pk)
    events = timeline(task)[::-1]
    today = timezone.localdate()
    light = task.light  # type: ignore[attr-defined]  # annotated by with_lights
    return render(
        request,
        "tasks/print_task.html",
        {
            "title": task.title,
            "task": task,
            "leaders": leader_names(task),
            "owner": owner_label(task, events),
            "as_of": timezone.localtime(),
            "today": today,
            "light": LIGHT_NAMES.get(light) or "—",
            "light_note": light_note(task, light, today),
            "co_units": task.co_units.order_by("tree_path", "pk"),
            "parts": services.parts_of(task),
            "reports": [event for event in events if event["report"]],
            "events": events,
        },
    )
