"""The ledger's filters, one FilterSet for the page, its Excel export and the API alike."""
from __future__ import annotations

import django_filters
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from luoshi.org.models import Person, Unit

from .choices import Light, TaskStatus
from .lights import with_lights
from .models import Task


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices(), label="状态")
    light = django_filters.ChoiceFilter(choices=Light.choices(), method="by_light", label="红黄绿灯")
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label="牵头单位")
    leader = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label="分管领导")
    owner = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label="责任人")
    directive = django_filters.NumberFilter(field_name="directive_id", label="来源文件")
    parent = django_filters.NumberFilter(field_name="parent_id", label="上级任务")
    is_key = django_filters.BooleanFilter(label="重点任务")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="时限起")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="时限止")
    overdue = django_filters.BooleanFilter(method="by_overdue", label="已逾期")
    ordering = django_filters.OrderingFilter(
        fields=(("due_date", "due_date"), ("updated_at", "updated_at"), ("light_rank", "light")), label="排序",
        field_labels={"due_date": "完成时限（近→远）", "-due_date": "完成时限（远→近）", "updated_at": "最早更新",
                      "-updated_at": "最近更新", "light_rank": "按灯（红灯在前）", "-light": "按灯（绿灯在前）"})

    class Meta:
        model = Task
        fields: list[str] = []

    def search(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def by_light(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset.filter(light=value)

    def by_overdue(self, queryset, name, value):  # noqa: ANN001, ANN201
        overdue = Q(status__in=TaskStatus.OPEN, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


def _children(**conditions: object) -> Coalesce:
    rows = (Task.objects.filter(parent=OuterRef("pk"), **conditions).order_by().values("parent")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def ledger_queryset(user, today=None):  # noqa: ANN001, ANN201
    """What every list of tasks starts from: the user's visible tasks with lights and counts, in one query."""
    today = today or timezone.localdate()
    queryset = with_lights(Task.objects.restrict(user, "view"), today).annotate(
        children_count=_children(),
        open_children_count=_children(status__in=TaskStatus.OPEN),
        light_rank=Case(*(When(light=value, then=Value(-rank)) for value, rank in Light.RANK.items()),
                        output_field=IntegerField()),
    )
    return queryset.select_related("lead_unit", "leader", "owner", "parent", "directive")
