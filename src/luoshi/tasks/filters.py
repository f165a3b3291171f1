"""The task list's filters (django-filter), one place for the pages, the Excel export and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Case, F, IntegerField, OrderBy, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from luoshi.core.filters import IdFilter, choice_list, whole_number
from luoshi.org.scopes import VIEW, unit_scope

from .choices import Light, TaskStatus
from .lights import (
    light_q,
    overdue_q,
    report_due_q,
    report_owed_q,
    reported_late_q,
    thresholds,
    with_lights,
)
from .models import Task

OWED_WORDS = "复命已过应报日期仍未报送"  # the ``report_owed`` filter, as the ledger and its print name it
# The overview's 应报复命 and 迟报 tasks as the ledger's chips and printed heading name them.
REPORT_FILTERS = {
    "reports_since": "{day}以来有应报复命（已报送或仍未报送）",
    "late_since": "{day}以来到期的复命有逾期报送",
}
LIGHT_ORDER = [Light.RED, Light.YELLOW, Light.GREEN, Light.NONE]
ORDERING_LABELS = [
    ("due_date", "完成时限（近→远）"),
    ("-due_date", "完成时限（远→近）"),
    ("light", "按灯（红灯在前）"),
    ("-light", "按灯（绿灯在前）"),
    ("-updated_at", "最近更新"),
    ("updated_at", "最早更新"),
]


def with_light_rank(queryset: QuerySet, today: dt.date) -> QuerySet:
    """``light_rank``: red 0, yellow 1, green 2, none 3, to order by."""
    return with_lights(queryset, today).annotate(
        light_rank=Case(
            *[When(light=v, then=Value(i)) for i, v in enumerate(LIGHT_ORDER)], output_field=IntegerField()
        )
    )


ORDERINGS: dict[str, list[str | OrderBy]] = {
    "due_date": [F("due_date").asc(nulls_last=True), "id"],
    "-due_date": [F("due_date").desc(nulls_last=True), "-id"],
    "updated_at": ["updated_at", "id"],
    "-updated_at": ["-updated_at", "-id"],
    "light": ["light_rank", F("due_date").asc(nulls_last=True), "id"],
    "-light": ["-light_rank", F("due_date").asc(nulls_last=True), "id"],
}


def directive_title(user: Any, value: Any) -> str:
    """The title of the 讲话文件 the ``directive`` filter names, for the ledger's chip and printed heading;
    "" for none, or for one the user may not read (its title is not shown to them). The model is reached
    through the task's own relation: the directives app imports tasks, not the other way round."""
    directives: Any = Task.directive.field.related_model
    pk = whole_number(value)
    if pk is None:
        return ""
    found = directives.objects.restrict(user).filter(pk=pk).values_list("title", flat=True).first()
    return found or ""


def source_chip(request: HttpRequest) -> dict[str, str]:
    """The ``directive`` filter (reached from a 讲话文件's page) as the ledger shows it: the file's title
    and the address of the same list without it; empty when the list is not filtered by a file."""
    value = request.GET.get("directive", "")
    if not value:
        return {}
    title = directive_title(request.user, value) or "无权查看或不存在的文件"
    return {"value": value, "title": title, "without": without(request, "directive")}


def report_filter_words(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The ``REPORT_FILTERS`` set in a filter form's cleaned ``data``: (name, its value, its words)."""
    return [
        (name, data[name].isoformat(), words.format(day=f"{data[name]:%Y年%-m月%-d日}"))
        for name, words in REPORT_FILTERS.items()
        if data.get(name)
    ]


def report_chips(request: HttpRequest, filterset: Any) -> list[dict[str, str]]:
    """The ledger's chips for the ``REPORT_FILTERS`` set, each with the address of the list without it."""
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    return [
        {"name": name, "value": value, "words": words, "without": without(request, name)}
        for name, value, words in report_filter_words(data)
    ]


def without(request: HttpRequest, name: str) -> str:
    """The address of the same list without the filter ``name`` (from its first page)."""
    rest = request.GET.copy()
    for key in (name, "page"):
        rest.pop(key, None)
    return f"?{rest.urlencode()}"


class TaskFilter(django_filters.FilterSet):
    status = django_filters.CharFilter(method="filter_status", label="状态，可用逗号分隔多个")
    light = django_filters.CharFilter(
        method="filter_light", label="red、yellow、green、none，可用逗号分隔多个"
    )
    lead_unit = IdFilter(field_name="lead_unit_id")
    under = django_filters.CharFilter(
        method="filter_under", label="牵头单位为该单位或其下属单位（限查看范围）；all：查看范围内的全部单位"
    )
    leader = IdFilter(field_name="leader_id")
    owner = IdFilter(field_name="owner_id")
    directive = IdFilter(field_name="directive_id")
    parent = IdFilter(field_name="parent_id")
    is_key = django_filters.BooleanFilter()
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="完成时限不晚于（含）"
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="完成时限不早于（含）"
    )
    closed_after = django_filters.DateFilter(
        field_name="closed_at", lookup_expr="date__gte", label="销号日期不早于（含）"
    )
    overdue = django_filters.ChoiceFilter(
        method="filter_overdue",
        choices=[("true", "true"), ("false", "false")],
        label="true：未结束且已过完成时限；false：其余",
    )
    report_owed = django_filters.ChoiceFilter(
        method="filter_report_owed",
        choices=[("true", "true")],
        label="true：未结束且复命已过应报日期仍未报送（领导总览的“未报”）",
    )
    reports_since = django_filters.DateFilter(
        method="filter_reports_since",
        label="有该日以来到期的复命（已报送或仍未报送）（领导总览“应报复命”的任务）",
    )
    late_since = django_filters.DateFilter(
        method="filter_late_since", label="有该日以来到期、逾期报送的复命（领导总览“迟报”的任务）"
    )
    q = django_filters.CharFilter(method="search", label="在任务名称、内容和完成标准中查找")
    ordering = django_filters.ChoiceFilter(
        method="order",
        choices=[(k, k) for k in ORDERINGS],
        label="due_date、-due_date、updated_at、-updated_at、light（红黄绿无）、-light",
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status__in=choice_list(value, TaskStatus.values(), "status"))

    def filter_light(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today, soon = thresholds(timezone.localdate())
        wanted = Q(pk__in=[])
        for light in choice_list(value, Light.values(), "light"):
            wanted |= light_q(light, today, soon)
        return queryset.filter(wanted)

    def filter_under(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The tasks the leaders' overview counts for a unit's row (or, with ``all``, for its cards)."""
        from luoshi.org.models import Unit

        scope = unit_scope(self.request.user if self.request else None, VIEW)
        if value == "all":
            return queryset.filter(scope.q())
        pk = whole_number(value)
        path = Unit.objects.filter(pk=pk).values_list("tree_path", flat=True).first() if pk else None
        if path is None:
            raise ValidationError({"under": [f"单位“{value}”不存在，应为单位编号或 all"]})
        return queryset.filter(scope.q(), lead_unit__tree_path__startswith=path)

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def filter_report_owed(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(report_owed_q(timezone.localdate()))

    def filter_reports_since(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(report_due_q(value, timezone.localdate()))

    def filter_late_since(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(reported_late_q(value))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(finish_standard__icontains=value)
        )

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.lstrip("-") == "light":
            queryset = with_light_rank(queryset, timezone.localdate())
        return queryset.order_by(*ORDERINGS[value])
