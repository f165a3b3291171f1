"""The task list's filters and annotations, one place for the pages, the Excel export and the API."""
from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from .choices import Light, TaskStatus
from .lights import light_q, overdue_q, thresholds, with_lights
from luoshi.directives.models import Directive
from luoshi.org.models import Person, Unit

from .models import Task

LIGHT_ORDER = [Light.RED, Light.YELLOW, Light.GREEN, Light.NONE]
ORDERING_LABELS = [("due_date", "完成时限（近→远）"), ("-due_date", "完成时限（远→近）"), ("light", "按灯（红灯在前）"),
                   ("-light", "按灯（绿灯在前）"), ("-updated_at", "最近更新"), ("updated_at", "最早更新")]


def annotated_tasks(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Lights, the light's rank and the names a list shows, in one query for any number of rows.

    Names come as columns rather than related objects: a page of 50 tasks builds 50 objects, not 300,
    and never loads a directive's full text to show its title. Subqueries, not joins, so that counting
    the list (the paginator) leaves them out."""
    def name(model: Any, field: str, column: str) -> Subquery:
        return Subquery(model.objects.filter(pk=OuterRef(field)).values(column)[:1])

    return (with_lights(queryset, today)
            .annotate(light_rank=Case(*[When(light=v, then=Value(i)) for i, v in enumerate(LIGHT_ORDER)],
                                      output_field=IntegerField()),
                      parent_title=name(Task, "parent_id", "title"),
                      directive_title=name(Directive, "directive_id", "title"),
                      owner_name=name(Person, "owner_id", "name"), leader_name=name(Person, "leader_id", "name"))
            .select_related("lead_unit").defer("lead_unit__aliases")
            .prefetch_related(Prefetch("co_units", queryset=Unit.objects.only("pk", "name"))))


def _choice_list(value: str, allowed: list[str], what: str) -> list[str]:
    values = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError({what: [f"无法识别的取值“{'、'.join(unknown)}”，可选：{', '.join(allowed)}"]})
    return values


ORDERINGS = {
    "due_date": [F("due_date").asc(nulls_last=True), "id"],
    "-due_date": [F("due_date").desc(nulls_last=True), "-id"],
    "updated_at": ["updated_at", "id"],
    "-updated_at": ["-updated_at", "-id"],
    "light": ["light_rank", F("due_date").asc(nulls_last=True), "id"],
    "-light": ["-light_rank", F("due_date").asc(nulls_last=True), "id"],
}


class TaskFilter(django_filters.FilterSet):
    status = django_filters.CharFilter(method="filter_status", label="状态，可用逗号分隔多个")
    light = django_filters.CharFilter(method="filter_light", label="red、yellow、green、none，可用逗号分隔多个")
    lead_unit = django_filters.NumberFilter(field_name="lead_unit_id")
    leader = django_filters.NumberFilter(field_name="leader_id")
    owner = django_filters.NumberFilter(field_name="owner_id")
    directive = django_filters.NumberFilter(field_name="directive_id")
    parent = django_filters.NumberFilter(field_name="parent_id")
    is_key = django_filters.BooleanFilter()
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="完成时限不晚于（含）")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="完成时限不早于（含）")
    overdue = django_filters.ChoiceFilter(method="filter_overdue", choices=[("true", "true"), ("false", "false")],
                                          label="true：未结束且已过完成时限；false：其余")
    q = django_filters.CharFilter(method="search", label="在任务名称、内容和完成标准中查找")
    ordering = django_filters.ChoiceFilter(method="order", choices=[(k, k) for k in ORDERINGS],
                                           label="due_date、-due_date、updated_at、-updated_at、light（红黄绿无）、-light")

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status__in=_choice_list(value, TaskStatus.values(), "status"))

    def filter_light(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today, soon = thresholds(timezone.localdate())
        wanted = Q(pk__in=[])
        for light in _choice_list(value, Light.values(), "light"):
            wanted |= light_q(light, today, soon)
        return queryset.filter(wanted)

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)
                               | Q(finish_standard__icontains=value))

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.lstrip("-") == "light":
            queryset = annotated_tasks(queryset, timezone.localdate())
        return queryset.order_by(*ORDERINGS[value])



def annotated_task(pk: int) -> Task:
    """One task as the lists show it (lights, names), for an API answer after a change."""
    return annotated_tasks(Task.objects.filter(pk=pk), timezone.localdate()).get()


def late_rows(rows: QuerySet | list[int], today: dt.date) -> list[Task]:
    """Order and slice the bare rows, then annotate only the slice (a "late row lookup"), in its order.

    A page of 50 out of thousands of visible tasks then computes 50 lights and names, not thousands:
    SQLite evaluates every selected column before it sorts."""
    ids = list(rows.values_list("pk", flat=True)) if isinstance(rows, QuerySet) else list(rows)
    by_id = {task.pk: task for task in annotated_tasks(Task.objects.filter(pk__in=ids), today)}
    return [by_id[pk] for pk in ids]


def ledger_queryset(user: Any, today: dt.date | None = None) -> QuerySet:
    """What every list of tasks starts from: the user's visible tasks, annotated in one query."""
    return annotated_tasks(Task.objects.restrict(user, "view"), today or timezone.localdate())
