"""Problem endpoints of docs/api.md: the ledger, recording (with the similar problems found), confirming
with measures, closing, 回头看 and common problems. Views are thin: every change is a service call."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses, upload_request
from luoshi.core.errors import InvalidInput
from luoshi.core.querysets import get_visible_or_404
from luoshi.org.models import Unit

from .. import services
from ..filters import ProblemFilter
from ..models import CommonProblem, Problem, ProblemCategory, ProblemEvent
from ..queries import annotate_measures, annotate_previous, api_rows, ledger_queryset
from ..similar import common_proposal, similar_problems
from .serializers import (
    CategorySerializer,
    CloseSerializer,
    CommonProblemSerializer,
    CommonSerializer,
    ConfirmSerializer,
    DismissReasonSerializer,
    MeasureInputSerializer,
    MeasureSerializer,
    ProblemCreatedSerializer,
    ProblemCreateSerializer,
    ProblemDetailSerializer,
    ProblemSerializer,
    ProblemUploadSerializer,
    RecheckSerializer,
    SimilarQuerySerializer,
    SimilarSerializer,
    similar_found,
)

TAG = ["problems"]


change_schema = partial(idempotency.change_schema, answer=ProblemDetailSerializer, tags=TAG)


@extend_schema_view(
    list=extend_schema(
        summary="问题清单（台账）",
        tags=TAG,
        responses={200: ProblemSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="问题详情（含佐证材料和办理记录）",
        tags=TAG,
        responses={200: ProblemDetailSerializer, **error_responses(404)},
    ),
)
class ProblemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = UPLOAD_PARSERS
    filterset_class = ProblemFilter
    serializer_class = ProblemSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Problem.objects.none()
        return ledger_queryset(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        keys = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values_list("pk", flat=True))
        page = annotate_previous(annotate_measures(api_rows(keys or [])), request.user)
        return self.get_paginated_response(ProblemSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ProblemDetailSerializer(self._detail(kwargs["pk"])).data)

    def _detail(self, pk: Any) -> Problem:
        problem = get_visible_or_404(
            Problem.objects.select_related(
                "unit", "category", "responsible_unit", "leader", "common"
            ).prefetch_related(
                "files", Prefetch("events", queryset=ProblemEvent.objects.select_related("actor__person"))
            ),
            self.request.user,
            "view",
            pk=pk,
        )
        annotate_previous(annotate_measures([problem]), self.request.user)
        return problem

    def _visible(self, pk: Any) -> Problem:
        return get_visible_or_404(Problem.objects.all(), self.request.user, "view", pk=pk)

    @extend_schema(
        summary="登记问题（答复中附相似问题）",
        tags=TAG,
        request=upload_request(ProblemCreateSerializer, ProblemUploadSerializer),
        description="JSON 或 multipart（files：图片或文档）。答复为登记的问题及 similar：相似的既往问题、"
        "本单位反弹、其他单位的同类问题和共性问题建议。",
        responses={201: ProblemCreatedSerializer, **error_responses(400, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        serializer = ProblemUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.setdefault("unit", None)
        problem = services.record_problem(actor=request.user, files=data.pop("files", ()), **data)
        matches = similar_problems(
            problem.description,
            base=Problem.objects.restrict(request.user, "view"),
            unit=problem.unit,
            category=problem.category,
            exclude=problem.pk,
        )
        fresh = self._detail(problem.pk)
        fresh.__dict__["similar"] = similar_found(matches, common_proposal(matches, problem.unit))
        return Response(ProblemCreatedSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="查找相似问题",
        tags=TAG,
        parameters=[
            OpenApiParameter("text", str, required=True, description="问题描述"),
            OpenApiParameter(
                "unit", int, description="问题所在单位id：据此区分本单位反弹、本单位已登记和其他单位"
            ),
            OpenApiParameter("category", int, description="问题类别id：先在同类问题中查找"),
        ],
        responses={200: SimilarSerializer, **error_responses(400)},
    )
    @action(detail=False, methods=["get"])
    def similar(self, request: Request) -> Response:
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        unit = Unit.objects.filter(pk=data["unit"]).first() if "unit" in data else None
        category = ProblemCategory.objects.filter(pk=data["category"]).first() if "category" in data else None
        matches = similar_problems(
            data["text"], base=Problem.objects.restrict(request.user, "view"), unit=unit, category=category
        )
        return Response(
            SimilarSerializer(similar_found(matches, common_proposal(matches, unit) if unit else [])).data
        )

    @extend_schema(summary="问题类别", tags=TAG, responses={200: CategorySerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def categories(self, request: Request) -> Response:
        return Response(CategorySerializer(ProblemCategory.objects.all(), many=True).data)

    @extend_schema(
        summary="整改措施（每项是一项任务）",
        tags=TAG,
        methods=["GET"],
        request=None,
        responses={200: MeasureSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        summary="增加整改措施（创建并交办一项任务）",
        tags=TAG,
        methods=["POST"],
        request=MeasureInputSerializer,
        responses={201: MeasureSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    @idempotency.idempotent
    def measures(self, request: Request, pk: Any = None) -> Response:
        problem = self._visible(pk)
        if request.method == "POST":
            serializer = MeasureInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            measure = services.add_measure(problem, actor=request.user, **serializer.validated_data)
            return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)
        return Response(MeasureSerializer(services.measures_of(problem), many=True).data)

    @change_schema("确认整改：责任单位、分管领导、问题根源和整改措施", ConfirmSerializer)
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def confirm(self, request: Request, pk: Any = None) -> Response:
        problem = self._visible(pk)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["measures"] = [dict(m) for m in data["measures"]]
        services.confirm_problem(problem, actor=request.user, **data)
        return Response(ProblemDetailSerializer(self._detail(problem.pk)).data)

    @change_schema("不予认定", DismissReasonSerializer)
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def dismiss(self, request: Request, pk: Any = None) -> Response:
        problem = self._visible(pk)
        serializer = DismissReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.dismiss_problem(problem, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(ProblemDetailSerializer(self._detail(problem.pk)).data)

    @change_schema(
        "销号",
        CloseSerializer,
        "全部整改措施的任务已销号后，审核佐证并销号；仍有未完成的措施 → 409 open_measures，"
        "detail 逐项列出，errors.measures 为这些措施的任务id；回头看发现反弹后，须有措施在反弹后完成"
        "（新增措施或重新打开原措施），否则 → 409 rebound_unrectified。",
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def close(self, request: Request, pk: Any = None) -> Response:
        problem = self._visible(pk)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.close_problem(problem, actor=request.user, **serializer.validated_data)
        return Response(ProblemDetailSerializer(self._detail(problem.pk)).data)

    @change_schema("回头看：未反弹或发现反弹（重新打开）", RecheckSerializer)
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def recheck(self, request: Request, pk: Any = None) -> Response:
        problem = self._visible(pk)
        serializer = RecheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.recheck_problem(problem, actor=request.user, **serializer.validated_data)
        return Response(ProblemDetailSerializer(self._detail(problem.pk)).data)

    @extend_schema(
        summary="归为共性问题（三个及以上单位），并交办一项上游治本措施",
        tags=TAG,
        request=CommonSerializer,
        responses={201: CommonProblemSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=False, methods=["post"])
    @idempotency.idempotent
    def common(self, request: Request) -> Response:
        serializer = CommonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = list(dict.fromkeys(data.pop("problems")))
        found = list(Problem.objects.restrict(request.user, "view").filter(pk__in=ids))
        if len(found) != len(ids):
            raise InvalidInput("所选问题中有问题不存在或您无权访问", "unknown_problem")
        measure = {k: v for k, v in dict(data.pop("measure")).items() if k != "kind"}
        common = services.group_common(found, actor=request.user, measure=measure, **data)
        return Response(common_body(common), status=status.HTTP_201_CREATED)


def common_body(common: CommonProblem) -> dict[str, Any]:
    return {
        "id": common.pk,
        "title": common.title,
        "problems": sorted(common.problems.values_list("pk", flat=True)),
        "measures": MeasureSerializer(common.measures.select_related("task"), many=True).data,
    }


__all__ = ["ProblemViewSet", "common_body"]
