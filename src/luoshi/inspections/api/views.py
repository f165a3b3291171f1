"""督查调研 endpoints of docs/api.md: campaigns and their findings (with the checklist pre-answered from what
luoshi holds), 一线走访 visits (Idempotency-Key honoured) and numbered documents as .docx downloads.

Views are thin: lookups start from ``restrict(user, "view")`` (invisible → 404), every change is a call to
``luoshi.inspections.services``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses, upload_request
from luoshi.core.errors import Forbidden, InvalidInput, NotFound
from luoshi.core.filters import MAX_ID
from luoshi.core.querysets import get_visible_or_404
from luoshi.org.models import Person, Unit
from luoshi.problems.models import Problem
from luoshi.tasks.models import Task

from .. import services
from ..checklist import answers
from ..choices import DocumentKind
from ..documents import DOCX, download
from ..models import Campaign, Finding, IssuedDocument, Visit
from ..visibility import readable_targets
from .serializers import (
    AnswerSerializer,
    CampaignCreateSerializer,
    CampaignSerializer,
    DocumentSerializer,
    FindingInputSerializer,
    FindingSerializer,
    NoticeInputSerializer,
    VisitInputSerializer,
    VisitSerializer,
    VisitUploadSerializer,
)

DOWNLOAD: dict[Any, Any] = {
    (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档（GB/T 9704 公文格式）"),
    **error_responses(404),
}
UNIT_PARAMETER = OpenApiParameter("unit", OpenApiTypes.INT, description="只看这个检查对象单位")


def _input(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _all(model: Any, ids: list[int], message: str, code: str, field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput(message, code, errors={field: [message]})
    return found


def _unit_filter(request: Request) -> int | None:
    raw = request.query_params.get("unit")
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput("unit 应为单位id", "invalid") from None
    if not 1 <= value <= MAX_ID:
        raise InvalidInput("unit 应为单位id", "invalid")
    return value


@extend_schema_view(
    list=extend_schema(
        summary="督查调研列表", tags=["campaigns"], responses={200: CampaignSerializer(many=True)}
    ),
    retrieve=extend_schema(
        summary="督查调研详情（含检查组、检查清单、进度）",
        tags=["campaigns"],
        responses={200: CampaignSerializer, **error_responses(404)},
    ),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CampaignSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return (
            Campaign.objects.restrict(self.request.user)
            .prefetch_related(
                "teams__members",
                "teams__leader",
                # Only the linked tasks the reader may open: their ids are not everyone's reading.
                Prefetch("tasks", queryset=Task.objects.restrict(self.request.user, "view").order_by("pk")),
                "target_units",
                "points",
            )
            .order_by("-start_date", "-id")
        )

    def _campaign(self, pk: Any) -> Campaign:
        return get_visible_or_404(Campaign.objects.all(), self.request.user, "view", pk=pk)

    @extend_schema(
        summary="组织督查调研（检查清单按关联任务的完成标准生成）",
        request=CampaignCreateSerializer,
        responses={201: CampaignSerializer, **error_responses(400, 404)},
        parameters=[idempotency.PARAMETER],
        tags=["campaigns"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = _input(CampaignCreateSerializer, request.data)
        if not request.user.has_perm("inspections.add_campaign"):
            raise Forbidden("只有部领导、科室负责人和督查员可以组织督查调研")
        units = _all(Unit, data["target_units"], "检查对象中有不存在的单位", "unknown_unit", "target_units")
        ids = {t["leader"] for t in data["teams"]} | {m for t in data["teams"] for m in t["members"]}
        people = {
            p.pk: p for p in _all(Person, sorted(ids), "检查组中有不存在的人员", "unknown_person", "teams")
        }
        tasks = [get_visible_or_404(Task.objects.all(), request.user, "view", pk=pk) for pk in data["tasks"]]
        directive = None
        if data["directive"] is not None:
            source = Task._meta.get_field("directive").related_model
            directive = get_visible_or_404(source.objects.all(), request.user, "view", pk=data["directive"])  # type: ignore[union-attr]
        campaign = services.create_campaign(
            actor=request.user,
            kind=data["kind"],
            topic=data["topic"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            target_units=units,
            tasks=tasks,
            directive=directive,
            extra_points=data["extra_points"],
            teams=[
                services.TeamInput(t["name"], people[t["leader"]], [people[m] for m in t["members"]])
                for t in data["teams"]
            ],
        )
        return Response(
            CampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        summary="检查结果",
        parameters=[UNIT_PARAMETER],
        responses={200: FindingSerializer(many=True), **error_responses(400, 404)},
        tags=["campaigns"],
    )
    @extend_schema(
        methods=["POST"],
        summary="记录检查结果（检查组成员；发现问题的直接转入问题清单）",
        request=FindingInputSerializer,
        responses={201: FindingSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["campaigns"],
    )
    @action(detail=True, methods=["get", "post"])
    def findings(self, request: Request, pk: Any = None) -> Response:
        if request.method == "POST":
            return self._record(request, pk)
        campaign = self._campaign(pk)
        rows = Finding.objects.filter(
            campaign=campaign, unit__in=readable_targets(request.user, campaign)
        ).select_related("point", "unit", "recorded_by")
        unit = _unit_filter(request)
        if unit is not None:
            rows = rows.filter(unit_id=unit)
        page = self.paginate_queryset(rows.order_by("unit__tree_path", "point__order", "id"))
        return self.get_paginated_response(FindingSerializer(page, many=True).data)

    @idempotency.idempotent
    def _record(self, request: Request, pk: Any = None) -> Response:
        campaign = self._campaign(pk)
        data = _input(FindingInputSerializer, request.data)
        finding = services.record_finding(campaign, actor=request.user, **data)
        finding = Finding.objects.select_related("point", "unit", "recorded_by").get(pk=finding.pk)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="检查清单预答：各要点在系统中已有的复命、协办报送和销号情况，missing 为需向单位了解的",
        parameters=[UNIT_PARAMETER],
        responses={200: AnswerSerializer(many=True), **error_responses(400, 404)},
        tags=["campaigns"],
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def checklist(self, request: Request, pk: Any = None) -> Response:
        campaign = self._campaign(pk)
        unit = _unit_filter(request)
        readable = readable_targets(request.user, campaign)
        units = [pk for pk in campaign.target_units.values_list("pk", flat=True) if pk in readable]
        if unit is not None:
            if unit not in units:
                raise NotFound("该单位不是本次督查调研的检查对象，或您无权查看它的检查情况")
            units = [unit]
        rows = [a for found in answers(campaign, units[:50], request.user).values() for a in found]
        return Response(AnswerSerializer(rows, many=True).data)

    @extend_schema(summary="下载督查通报（已生成的）", responses=DOWNLOAD, tags=["campaigns"])
    @action(detail=True, methods=["get"])
    def bulletin(self, request: Request, pk: Any = None) -> HttpResponse:
        campaign = self._campaign(pk)
        document = campaign.documents.filter(kind=DocumentKind.BULLETIN).first()
        if document is None:
            raise NotFound("这次督查调研还没有生成督查通报")
        return download(request, document)


@extend_schema_view(
    list=extend_schema(summary="一线走访列表", tags=["visits"], responses={200: VisitSerializer(many=True)}),
    retrieve=extend_schema(
        summary="一线走访详情", tags=["visits"], responses={200: VisitSerializer, **error_responses(404)}
    ),
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VisitSerializer
    parser_classes = UPLOAD_PARSERS
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Visit.objects.none()
        return (
            Visit.objects.restrict(self.request.user)
            .select_related("author", "unit")
            .prefetch_related("photos")
            .order_by("-visited_at", "-id")
        )

    @extend_schema(
        summary="记录一线走访（可带照片；同一 Idempotency-Key 只记录一次）",
        request=upload_request(VisitInputSerializer, VisitUploadSerializer),
        responses={201: VisitSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["visits"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = _input(VisitUploadSerializer, request.data)
        data.pop("photos", None)
        unit_pk = data.pop("unit")
        unit = _all(Unit, [unit_pk], "所属单位不存在", "unknown_unit", "unit")[0] if unit_pk else None
        campaign_pk = data.pop("campaign")
        campaign = (
            get_visible_or_404(Campaign.objects.all(), request.user, "view", pk=campaign_pk)
            if campaign_pk
            else None
        )
        data["client_key"] = (
            data["client_key"] or (request.headers.get(idempotency.HEADER) or "").strip()[:64]
        )
        photos = request.FILES.getlist("photos") if request.FILES else []
        visit = services.record_visit(actor=request.user, unit=unit, campaign=campaign, photos=photos, **data)
        return Response(
            VisitSerializer(self.get_queryset().get(pk=visit.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        summary="已编号的督办单、催办函、督查通报",
        tags=["documents"],
        responses={200: DocumentSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="文书详情", tags=["documents"], responses={200: DocumentSerializer, **error_responses(404)}
    ),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return IssuedDocument.objects.none()
        return IssuedDocument.objects.restrict(self.request.user).order_by("-issued_at", "-id")

    @extend_schema(
        summary="为任务或问题开具督办单或催办函（一事一号：同一事项再次开具沿用原文号），并催办责任单位",
        request=NoticeInputSerializer,
        responses={201: DocumentSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["documents"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = _input(NoticeInputSerializer, request.data)
        task, problem = data.pop("task", None), data.pop("problem", None)
        if (task is None) == (problem is None):
            message = "请指定一项任务或一个问题（task 与 problem 二选一）"
            raise InvalidInput(message, "matter_required", errors={"task": [message]})
        matter = (
            get_visible_or_404(Task.objects.all(), request.user, "view", pk=task)
            if task is not None
            else get_visible_or_404(Problem.objects.all(), request.user, "view", pk=problem)
        )
        document = services.issue_notice(matter, actor=request.user, **data)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="下载文书（Word）", responses=DOWNLOAD, tags=["documents"])
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> HttpResponse:
        document = get_visible_or_404(IssuedDocument.objects.all(), request.user, "view", pk=pk)
        return download(request, document)
