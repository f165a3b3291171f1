"""The system admin's calendar pages: the years entered, and one year as twelve small months."""

from __future__ import annotations

import datetime as dt
from calendar import Calendar
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import InvalidInput
from luoshi.core.filters import whole_number
from luoshi.core.views import require_perm

from . import services
from .calendar import get_calendar
from .choices import DayKind, YearSource
from .forms import DayForm, MarkYearForm
from .imports import COLUMNS, template_workbook
from .models import WEEKDAYS, CalendarYear, Holiday

PERM = services.PERM
UPLOAD_LIMIT = 2 * 1024 * 1024


def _counts_by_year() -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Holiday.objects.annotate(y=ExtractYear("date")).values("y", "kind").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        counts.setdefault(row["y"], {DayKind.HOLIDAY: 0, DayKind.WORKDAY: 0})[row["kind"]] = row["n"]
    return counts


@require_perm(PERM)
def index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("year", "").strip():
        year = whole_number(request.GET["year"].strip())
        if year is not None and year in services.YEARS:
            return redirect("workdays:year", year)
        messages.error(request, f"年份应在{services.YEARS.start}—{services.YEARS.stop - 1}之间")
    this_year = timezone.localdate().year
    counts = _counts_by_year()
    entered = {entry.year: entry for entry in CalendarYear.objects.all()}
    empty = {DayKind.HOLIDAY: 0, DayKind.WORKDAY: 0}
    years = [
        {
            "year": year,
            "entry": entered.get(year),
            "holidays": counts.get(year, empty)[DayKind.HOLIDAY],
            "workdays": counts.get(year, empty)[DayKind.WORKDAY],
        }
        for year in sorted(set(entered) | set(counts), reverse=True)
    ]
    return render(
        request,
        "workdays/index.html",
        {
            "years": years,
            "missing": [year for year in (this_year, this_year + 1) if year not in entered],
            "next_year": this_year + 1,
        },
    )


def _months(year: int, entries: dict[dt.date, Holiday], today: dt.date) -> list[dict[str, Any]]:
    """Twelve months of weeks (Monday first); days of the neighbouring months are blank cells."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in Calendar().monthdatescalendar(year, month):
            cells: list[dict[str, Any] | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                entry = entries.get(day)
                cells.append(
                    {"day": day, "entry": entry, "weekend": day.weekday() >= 5, "today": day == today}
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


def _picked_day(request: HttpRequest, year: int) -> dt.date | None:
    """The day clicked in the grid (?day=2026-10-01), to prefill the form; anything else is ignored."""
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None
    return day if day.year == year else None


def _year_context(request: HttpRequest, year: int, **extra: Any) -> dict[str, Any]:
    if year not in services.YEARS:
        raise Http404("年份超出范围")
    today = timezone.localdate()
    entries = {h.date: h for h in Holiday.objects.filter(date__year=year)}
    picked = _picked_day(request, year)
    initial: dict[str, Any] = {}
    if picked is not None:
        entry = entries.get(picked)
        default_kind = DayKind.WORKDAY if picked.weekday() >= 5 else DayKind.HOLIDAY
        initial = {
            "date": picked,
            "kind": entry.kind if entry else default_kind,
            "name": entry.name if entry else "",
        }
    calendar = get_calendar()
    return {
        "year": year,
        "entry": CalendarYear.objects.filter(year=year).first(),
        "months": _months(year, entries, today),
        "weekdays": WEEKDAYS,
        "days": sorted(entries.values(), key=lambda h: h.date),
        "holiday_count": sum(h.kind == DayKind.HOLIDAY for h in entries.values()),
        "workday_count": sum(h.kind == DayKind.WORKDAY for h in entries.values()),
        "working_days": calendar.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
        "day_form": DayForm(initial=initial),
        "picked": picked,
        "mark_form": MarkYearForm(),
        "columns": COLUMNS,
        "sources": YearSource,
        **extra,
    }


@require_perm(PERM)
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    return render(request, "workdays/year.html", _year_context(request, year))


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _back(year: int, anchor: str = "") -> HttpResponse:
    response = redirect("workdays:year", year)
    response["Location"] += anchor
    return response


@require_perm(PERM)
@require_POST
def set_day(request: HttpRequest, year: int) -> HttpResponse:
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[name].label}：{' '.join(map(str, errs))}"
                if name in form.fields
                else " ".join(map(str, errs))
                for name, errs in form.errors.items()
            ),
        )
        return _back(year, "#day-form")
    day = form.cleaned_data["date"]
    try:
        entry = services.set_day(request.user, day, form.cleaned_data["kind"], form.cleaned_data["name"])
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return _back(year, "#day-form")
    messages.success(request, f"已将{_cn(day)}设为{entry.get_kind_display()}")
    return _back(day.year)


@require_perm(PERM)
@require_POST
def clear_day(request: HttpRequest, year: int) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        services.clear_day(request.user, day)
    except ValueError:
        messages.error(request, "日期格式不正确")
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已取消{_cn(day)}的安排，恢复为{'周末休息' if day.weekday() >= 5 else '正常上班'}"
        )
    return _back(year, "#days")


@require_perm(PERM)
@require_POST
def import_year(request: HttpRequest, year: int) -> HttpResponse:
    upload = request.FILES.get("file")
    errors: list[str] = []
    summary = "导入失败，未写入任何数据"
    if upload is None:
        errors = ["请选择要导入的Excel文件"]
    elif upload.size is None or upload.size > UPLOAD_LIMIT:  # Django's upload handlers always set the size
        errors = ["文件超过2MB，请检查是否选错了文件"]
    else:
        try:
            result = services.import_year(request.user, year, upload)
        except InvalidInput as exc:
            errors = exc.errors.get("rows") or [exc.message]
            summary = exc.message
        else:
            skipped = f"，略过周末放假 {result.skipped} 行" if result.skipped else ""
            messages.success(
                request,
                f"{year}年安排已导入：放假 {result.holidays} 天、调休上班 {result.workdays} 天{skipped}",
            )
            return _back(year)
    context = _year_context(request, year, import_errors=errors, import_summary=summary)
    return render(request, "workdays/year.html", context)


@require_perm(PERM)
@require_POST
def mark_year(request: HttpRequest, year: int) -> HttpResponse:
    form = MarkYearForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput("说明不能超过200个字")
        services.mark_year(request.user, year, form.cleaned_data["note"])
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{year}年已标记为录入完成，工作日按本页安排计算")
    return _back(year)


@require_perm(PERM)
def import_template(request: HttpRequest, year: int) -> HttpResponse:
    if year not in services.YEARS:
        raise Http404("年份超出范围")
    response = HttpResponse(
        template_workbook(year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''workdays-{year}.xlsx"
    return response
