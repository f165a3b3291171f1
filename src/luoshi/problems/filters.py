"""The problem ledger's filters (django-filter), one place for the page, the Excel export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from luoshi.core.filters import IdFilter, choice_list

from .choices import Commonality, Novelty, ProblemSource, ProblemStatus, Severity
from .models import Problem, ProblemCategory
from .services import awaiting_close
from .waiting import confirms_q, rectifying_q

ORDERINGS = {
    "-found_on": ["-found_on", "-id"],
    "found_on": ["found_on", "id"],
    "-id": ["-id"],
}
ORDERING_LABELS = [("-found_on", "发现日期（近→远）"), ("found_on", "发现日期（远→近）"), ("-id", "最近登记")]
BOOLEAN = [("true", "true"), ("false", "false")]


def old_q() -> Q:
    return Q(previous__isnull=False) | Q(recurring=True)


class ProblemFilter(django_filters.FilterSet):
    status = django_filters.CharFilter(method="filter_status", label="状态，可用逗号分隔多个")
    source = django_filters.CharFilter(method="filter_source", label="问题来源，可用逗号分隔多个")
    severity = django_filters.ChoiceFilter(choices=Severity.choices())
    unit = IdFilter(field_name="unit_id", label="问题所在单位")
    responsible_unit = IdFilter(field_name="responsible_unit_id", label="责任单位")
    category = IdFilter(method="filter_category", label="问题类别（含下级类别）")
    novelty = django_filters.ChoiceFilter(
        method="filter_novelty",
        choices=Novelty.choices(),
        label="new：新问题；old：旧问题（与既往问题相似或反弹）",
    )
    commonality = django_filters.ChoiceFilter(
        method="filter_commonality",
        choices=Commonality.choices(),
        label="common：共性问题；individual：个性问题",
    )
    recurring = django_filters.ChoiceFilter(
        method="filter_recurring", choices=BOOLEAN, label="true：反弹问题"
    )
    overdue = django_filters.ChoiceFilter(
        method="filter_overdue", choices=BOOLEAN, label="true：有整改措施逾期未完成；false：其余"
    )
    recheck_due = django_filters.ChoiceFilter(
        method="filter_recheck_due", choices=BOOLEAN, label="true：已销号且回头看日期已到"
    )
    close_due = django_filters.ChoiceFilter(
        method="filter_close_due",
        choices=BOOLEAN,
        label="true：整改措施均已完成、待您审核销号（我的待办“待审核销号问题”）；false：其余",
    )
    confirm_due = django_filters.ChoiceFilter(
        method="filter_confirm_due",
        choices=BOOLEAN,
        label="true：已登记、待您确认（我的待办“待确认问题”）；false：其余",
    )
    rectify_mine = django_filters.ChoiceFilter(
        method="filter_rectify_mine",
        choices=BOOLEAN,
        label="true：本单位整改中（我的待办“待整改问题”）；false：其余",
    )
    common = IdFilter(field_name="common_id", label="共性问题id")
    origin = django_filters.CharFilter(field_name="origin", label="来源事项（如督查发现的编号）")
    found_after = django_filters.DateFilter(
        field_name="found_on", lookup_expr="gte", label="发现日期不早于（含）"
    )
    found_before = django_filters.DateFilter(
        field_name="found_on", lookup_expr="lte", label="发现日期不晚于（含）"
    )
    q = django_filters.CharFilter(method="search", label="在问题名称和描述中查找")
    ordering = django_filters.ChoiceFilter(
        method="order", choices=[(k, k) for k in ORDERINGS], label="-found_on（默认）、found_on、-id"
    )

    class Meta:
        model = Problem
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status__in=choice_list(value, ProblemStatus.values(), "status"))

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(source__in=choice_list(value, ProblemSource.values(), "source"))

    def filter_category(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        path = ProblemCategory.objects.filter(pk=value).values_list("tree_path", flat=True).first()
        if path is None:
            raise ValidationError({"category": [f"问题类别“{value}”不存在"]})
        ids = list(ProblemCategory.objects.filter(tree_path__startswith=path).values_list("pk", flat=True))
        return queryset.filter(category__in=ids)

    def filter_novelty(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(old_q()) if value == Novelty.OLD else queryset.exclude(old_q())

    def filter_commonality(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(common__isnull=value != Commonality.COMMON)

    def filter_recurring(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(recurring=value == "true")

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        late = Q(status=ProblemStatus.RECTIFYING, earliest_due__lt=timezone.localdate())
        return queryset.filter(late) if value == "true" else queryset.exclude(late)

    def filter_recheck_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        due = Q(status=ProblemStatus.CLOSED, recheck_on__lte=timezone.localdate())
        return queryset.filter(due) if value == "true" else queryset.exclude(due)

    def filter_close_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        user = getattr(self.request, "user", None)
        ready = [p.pk for p in awaiting_close(user, queryset)] if user is not None else []
        return queryset.filter(pk__in=ready) if value == "true" else queryset.exclude(pk__in=ready)

    def filter_confirm_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        user = getattr(self.request, "user", None)
        waiting = Q(status=ProblemStatus.RECORDED) & (confirms_q(user) if user is not None else Q(pk__in=[]))
        return queryset.filter(waiting) if value == "true" else queryset.exclude(waiting)

    def filter_rectify_mine(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        waiting = Q(status=ProblemStatus.RECTIFYING) & rectifying_q(getattr(self.request, "user", None))
        return queryset.filter(waiting) if value == "true" else queryset.exclude(waiting)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[value])
