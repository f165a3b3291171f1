"""Assessment endpoints of docs/api.md: schemes with their indicators, periods, each unit's score with
the figures and rows behind it, and the ranking."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core.api import error_responses
from luoshi.core.errors import InvalidInput
from luoshi.core.filters import IdFilter
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer

from .choices import PeriodKind, PeriodStatus
from .explain import (
    explain,
    formula_of_indicator,
    movement_text,
    ranking,
    read_ties,
    shown_version,
    visible_scores,
)
from .metrics import METRICS
from .models import Indicator, Period, Scheme, UnitScore


class IndicatorSerializer(GuardedModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    dimension_label = serializers.CharField(read_only=True)
    metric_label = serializers.SerializerMethodField()
    formula = serializers.SerializerMethodField(help_text="计分方法（中文）")
    assessors = serializers.SerializerMethodField(help_text="评议人（人员id）")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "parent",
            "name",
            "dimension",
            "dimension_label",
            "kind",
            "kind_label",
            "weight",
            "metric",
            "metric_label",
            "per_item",
            "aspect",
            "rubric",
            "assessors",
            "formula",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "weight": {"help_text": "在同级指标中的权重（%），同级之和为100"},
            "rubric": {"help_text": "评分档次 [{level, points}]，仅评议指标"},
            "kind": {"help_text": "group 指标组 | auto 自动计算 | judged 评议打分"},
        }

    def get_metric_label(self, indicator: Indicator) -> str:
        metric = METRICS.get(indicator.metric)
        return metric.label if metric else ""

    def get_formula(self, indicator: Indicator) -> str:
        return formula_of_indicator(indicator)

    def get_assessors(self, indicator: Indicator) -> list[int]:
        return [p.pk for p in indicator.assessors.all()]


class SchemeSerializer(GuardedModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "year",
            "name",
            "process_weight",
            "effect_weight",
            "honor_count",
            "bonus_cap",
            "deduction_cap",
            "created_at",
            "indicators",
        ]
        read_only_fields = fields


class PeriodSerializer(GuardedModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(read_only=True)
    shown_version = serializers.SerializerMethodField(help_text="得分与排名所示的版本：已发布的取发布版本")

    class Meta:
        model = Period
        fields = [
            "id",
            "scheme",
            "kind",
            "kind_label",
            "name",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "version",
            "shown_version",
            "computed_at",
            "published_version",
            "published_at",
        ]
        read_only_fields = fields

    def get_shown_version(self, period: Period) -> int:
        return shown_version(period)


class RowSerializer(GuardedSerializer):
    kind = serializers.CharField(help_text="task | problem | study | training")
    id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField(help_text="该行的日期（交办、到期、应报或发现日期）")
    counted = serializers.BooleanField(help_text="是否计入（按时、逾期、反弹等）")
    note = serializers.CharField(help_text="专题学习的领学人、参训人员及其认定学时；其他为空")
    url = serializers.CharField(help_text="任务、问题、专题学习或培训的页面")


class JudgementSerializer(GuardedSerializer):
    assessor = serializers.IntegerField()
    assessor_name = serializers.CharField()
    level = serializers.CharField()
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    justification = serializers.CharField()
    judged_at = serializers.DateTimeField()


class LineSerializer(GuardedSerializer):
    indicator = serializers.IntegerField()
    name = serializers.CharField()
    dimension = serializers.CharField()
    kind = serializers.CharField()
    applicable = serializers.BooleanField(help_text="false：本期无可考核事项，不计分，权重按比例分给其他指标")
    figure = serializers.CharField(help_text="原始数据")
    base = serializers.IntegerField(allow_null=True, help_text="考核事项数（评议指标：评议人数）")
    hits = serializers.IntegerField(allow_null=True, help_text="按时、逾期等计入的事项数")
    points = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True, help_text="百分制得分")
    weighted = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, help_text="计入总分的分数"
    )
    formula = serializers.CharField()
    rows = RowSerializer(many=True)
    judgements = JudgementSerializer(many=True)


class ScoreSerializer(GuardedSerializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    peer_group = serializers.CharField()
    peer_label = serializers.CharField()
    assessable = serializers.BooleanField(help_text="false：无可考核事项，不参加排名")
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    process = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    effect = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    bonus = serializers.DecimalField(max_digits=7, decimal_places=2)
    deduction = serializers.DecimalField(max_digits=7, decimal_places=2)
    rank = serializers.IntegerField(allow_null=True)
    rank_note = serializers.CharField()
    note = serializers.CharField()
    indicators = LineSerializer(many=True)


class RankRowSerializer(GuardedSerializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    previous_rank = serializers.IntegerField(allow_null=True)
    movement = serializers.IntegerField(allow_null=True, help_text="比上期上升的名次（负数为下降）")
    movement_label = serializers.CharField()
    board = serializers.CharField(help_text="red 红榜 | black 黑榜 | 空")
    rank_note = serializers.CharField()
    note = serializers.CharField()


class RankGroupSerializer(GuardedSerializer):
    peer_group = serializers.CharField()
    peer_label = serializers.CharField()
    rows = RankRowSerializer(many=True)


class RankingSerializer(GuardedSerializer):
    period = serializers.IntegerField()
    version = serializers.IntegerField()
    published = serializers.BooleanField()
    groups = RankGroupSerializer(many=True)


def score_body(score: UnitScore, lines: list[Any]) -> dict[str, Any]:
    return {
        "unit": score.unit_id,
        "unit_name": score.unit.name,
        "peer_group": score.peer_group,
        "peer_label": score.peer_label,
        "assessable": score.assessable,
        "total": score.total,
        "process": score.process,
        "effect": score.effect,
        "bonus": score.bonus,
        "deduction": score.deduction,
        "rank": score.rank,
        "rank_note": score.rank_note,
        "note": score.note,
        "indicators": [
            {
                "indicator": line.row.indicator_id,
                "name": line.indicator.name,
                "dimension": line.indicator.dimension,
                "kind": line.indicator.kind,
                "applicable": line.row.applicable,
                "figure": line.row.figure,
                "base": line.row.base,
                "hits": line.row.hits,
                "points": line.row.points,
                "weighted": line.row.weighted,
                "formula": line.formula,
                "rows": line.rows,
                "judgements": [
                    {
                        "assessor": j.assessor_id,
                        "assessor_name": j.assessor.name,
                        "level": j.level,
                        "points": j.points,
                        "justification": j.justification,
                        "judged_at": j.judged_at,
                    }
                    for j in line.judgements
                ],
            }
            for line in lines
        ],
    }


class PeriodFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PeriodKind.choices())
    status = django_filters.ChoiceFilter(choices=PeriodStatus.choices())

    class Meta:
        model = Period
        fields = ["scheme"]


class ScoreFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = UnitScore
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="考核方案列表（含指标）", tags=["assessment"]),
    retrieve=extend_schema(
        summary="考核方案（含指标）",
        tags=["assessment"],
        responses={200: SchemeSerializer, **error_responses(404)},
    ),
)
class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SchemeSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Scheme.objects.none()
        return (
            Scheme.objects.restrict(self.request.user)
            .prefetch_related("indicators__assessors")
            .order_by("-year", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="考核期列表",
        tags=["assessment"],
        responses={200: PeriodSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="考核期", tags=["assessment"], responses={200: PeriodSerializer, **error_responses(404)}
    ),
)
class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Period.objects.none()
        return Period.objects.restrict(self.request.user).order_by("-starts_on", "kind", "id")

    @extend_schema(
        summary="各单位得分（含每项指标的原始数据、得分和所依据的任务、问题）",
        tags=["assessment"],
        request=None,
        description="只含您能查看的单位（本单位；领导和督查员为其分管或全部范围）。已发布的考核期取发布版本。",
        responses={200: ScoreSerializer(many=True), **error_responses(400, 404)},
        parameters=[
            OpenApiParameter("unit", int, description="只看这个单位（单位id）"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def scores(self, request: Request, pk: Any = None) -> Response:
        period = get_visible_or_404(Period.objects.all(), request.user, "view", pk=pk)
        chosen = ScoreFilter(request.query_params, queryset=visible_scores(period, request.user))
        if not chosen.is_valid():
            raise InvalidInput("unit 应为单位id（正整数）", "invalid", errors=dict(chosen.errors))
        queryset = chosen.qs
        page = self.paginate_queryset(queryset)
        read_ties(period, request.user, page or [])
        lines = explain(period, list(page or []))
        body = [score_body(score, lines.get(score.pk, [])) for score in page or []]
        return self.get_paginated_response(ScoreSerializer(body, many=True).data)

    @extend_schema(
        summary="比学赶超排名（按比较组）",
        tags=["assessment"],
        request=None,
        description="科室与下级组织部分组排名；总分相同名次并列；无可考核事项的单位不排名。"
        "发布前只含您能查看的单位，发布后全部可见。",
        responses={200: RankingSerializer, **error_responses(404)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def ranking(self, request: Request, pk: Any = None) -> Response:
        period = get_visible_or_404(Period.objects.all(), request.user, "view", pk=pk)
        groups = ranking(period, request.user)
        body = {
            "period": period.pk,
            "version": shown_version(period),
            "published": period.is_locked,
            "groups": [
                {
                    "peer_group": group.key,
                    "peer_label": group.label,
                    "rows": [
                        {
                            "unit": s.unit_id,
                            "unit_name": s.unit.name,
                            "total": s.total,
                            "rank": s.rank,
                            "previous_rank": s.previous_rank,
                            "movement": s.movement,
                            "movement_label": movement_text(s),
                            "board": s.board,
                            "rank_note": s.rank_note,
                            "note": s.note,
                        }
                        for s in group.scores
                    ],
                }
                for group in groups
            ],
        }
        return Response(RankingSerializer(body).data)
