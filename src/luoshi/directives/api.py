"""Directive and requirement endpoints of docs/api.md: a speech or document in, its requirements out, each
accepted as a task or rejected with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses, upload_request
from luoshi.core.errors import InvalidInput, NotFound
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField
from luoshi.tasks.api import TaskSerializer, TaskWriteSerializer
from luoshi.tasks.models import Task
from luoshi.tasks.queries import task_row

from . import acceptance, services
from .choices import DirectiveKind, DirectiveLevel, RequirementStatus
from .models import Directive, ExtractionJob, Requirement


def set_answers(
    request: Request, model: Any, pk: Any, body: Any, missing: tuple[str, str], setter: Callable[..., Any]
) -> Response:
    """对标对表 through the API, a directive's and a requirement's alike: the object and the upper ones it
    answers as the caller sees them (an upper one that does not exist and one not seen alike refused with
    ``missing``), replaced by ``setter``; the answer is the ids now linked."""
    item = get_visible_or_404(model.objects.all(), request.user, "view", pk=pk)
    serializer = body(data=request.data)
    serializer.is_valid(raise_exception=True)
    ids = serializer.validated_data["answers"]
    uppers = list(model.objects.restrict(request.user, "view").filter(pk__in=ids))
    if len(uppers) != len(set(ids)):
        raise InvalidInput(*missing)
    setter(item, actor=request.user, uppers=uppers)
    return Response({"answers": sorted(item.answers.values_list("pk", flat=True))})


class RequirementSerializer(GuardedModelSerializer):
    tasks = serializers.SerializerMethodField(help_text="由这条要求转成的任务id（您能看到的）")
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Requirement
        fields = [
            "id",
            "directive",
            "text",
            "start",
            "end",
            "outline_path",
            "owners",
            "suggested_units",
            "deadline",
            "start_date",
            "cadence",
            "targets",
            "lint",
            "status",
            "status_label",
            "reject_reason",
            "tasks",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "owners": {"help_text": "[{mention, unit（单位id或null）, unit_name, role, confidence}]"},
            "suggested_units": {
                "help_text": "未识别出责任单位时按单位职责推荐的牵头单位，最匹配的在前："
                "[{unit, unit_name, score, reason（匹配的职责词）}]"
            },
            "deadline": {"help_text": "{phrase, date（YYYY-MM-DD或null）, placeholder}，没有时限时为 null"},
        }

    def get_tasks(self, requirement: Requirement) -> list[int]:
        return [t.pk for t in requirement.tasks.all()]

    def get_status_label(self, requirement: Requirement) -> str:
        return RequirementStatus.label(requirement.status)


class DirectiveSerializer(GuardedModelSerializer):
    requirements_count = serializers.IntegerField(read_only=True)
    proposed_count = serializers.IntegerField(read_only=True, help_text="待确认的要求条数")

    class Meta:
        model = Directive
        fields = [
            "id",
            "title",
            "kind",
            "level",
            "issuer",
            "issued_on",
            "instruction_date",
            "proposed_handling",
            "handling_result",
            "created_at",
            "requirements_count",
            "proposed_count",
        ]
        read_only_fields = fields


class DirectiveDetailSerializer(DirectiveSerializer):
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "text", "requirements"]
        read_only_fields = fields


class ExtractionSerializer(GuardedModelSerializer):
    """Where a long directive's decomposition stands (it runs outside the request)."""

    status_label = serializers.CharField(read_only=True)
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = ExtractionJob
        fields = [
            "directive",
            "status",
            "status_label",
            "chars",
            "found",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "status_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "queued | running | done | failed"},
            "found": {"help_text": "完成后识别出的要求条数"},
            "error": {"help_text": "失败时的原因（中文）"},
        }

    def get_status_url(self, job: ExtractionJob) -> str:
        return f"/api/v1/directives/{job.directive_id}/extraction/"


class InstructionSerializer(GuardedSerializer):
    instruction_date = serializers.DateField(
        allow_null=True, required=False, default=None, help_text="批示日期"
    )
    proposed_handling = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="拟办意见"
    )
    handling_result = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="办理结果"
    )


class AnswersSerializer(GuardedSerializer):
    answers = serializers.ListField(child=IdField(), help_text="本文件落实的上级部署（文件id）")


class RequirementAnswersSerializer(GuardedSerializer):
    answers = serializers.ListField(
        child=IdField(),
        help_text="本条要求落实的上级要求（要求id，须属于本文件落实的上级部署）",
    )


class DirectiveCreateSerializer(GuardedSerializer):
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="标题；上传文件时可省略（取文件名）"
    )
    kind = serializers.ChoiceField(
        choices=DirectiveKind.choices(), required=False, help_text="类型；省略时按标题判断（……的通知为文件）"
    )
    level = serializers.ChoiceField(choices=DirectiveLevel.choices(), default=DirectiveLevel.INTERNAL)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, help_text="日期；省略为今天。时限按此日期推算")
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="正文（与 file 二选一）"
    )


class DirectiveUploadSerializer(DirectiveCreateSerializer):
    file = serializers.FileField(required=False, help_text=".txt 或 .docx（与 text 二选一）")


class RejectSerializer(GuardedSerializer):
    reason = serializers.CharField(allow_blank=True, help_text="不作为任务的理由")


class AcceptSerializer(TaskWriteSerializer):
    """Task fields, all optional: each defaults from the requirement (title from its text, lead unit
    from its first resolved owner, due date from its deadline when that is not past, cadence)."""

    # None drops an inherited declared field (DRF's way); the stubs know only the field's type.
    directive = None  # type: ignore[assignment]


class AssignItemSerializer(AcceptSerializer):
    requirement = IdField(help_text="要求条目id（须属于这份文件、待确认）")
    parent = None  # type: ignore[assignment]  # drops the inherited field, as above


class AssignSerializer(GuardedSerializer):
    items = AssignItemSerializer(
        many=True, help_text="每条要求一项：要求id，以及要覆盖的任务字段（均可省略）"
    )
    assign = serializers.BooleanField(default=True, help_text="true 转为任务并交办；false 只建草稿")


class DirectiveFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DirectiveKind.choices())
    level = django_filters.ChoiceFilter(choices=DirectiveLevel.choices())
    q = django_filters.CharFilter(method="search", label="在标题和讲话人/发文单位中查找")

    class Meta:
        model = Directive
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(issuer__icontains=value))


@extend_schema_view(
    list=extend_schema(
        summary="讲话文件列表",
        tags=["directives"],
        responses={200: DirectiveSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="讲话文件详情（含正文与要求条目）",
        tags=["directives"],
        responses={200: DirectiveDetailSerializer, **error_responses(404)},
    ),
)
class DirectiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = UPLOAD_PARSERS
    filterset_class = DirectiveFilter

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return DirectiveSerializer if self.action == "list" else DirectiveDetailSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Directive.objects.none()
        queryset = (
            Directive.objects.restrict(self.request.user, "view")
            .annotate(
                requirements_count=Count("requirements", distinct=True),
                proposed_count=Count(
                    "requirements", filter=Q(requirements__status=RequirementStatus.PROPOSED), distinct=True
                ),
            )
            .order_by("-issued_on", "-id")
        )
        if self.action == "list":
            return queryset.defer("text")
        return queryset.prefetch_related(self._requirements_prefetch())

    def _requirements_prefetch(self) -> Prefetch:
        return Prefetch(
            "requirements", queryset=requirements_of(self.request.user, Requirement.objects.all())
        )

    @extend_schema(
        summary="录入讲话文件并自动分解出要求条目",
        tags=["directives"],
        request=upload_request(DirectiveCreateSerializer, DirectiveUploadSerializer),
        description="JSON（title, kind, level, issuer, issued_on, text）或 multipart（file: .txt/.docx）。"
        "答复为文件及其分解出的要求条目（status=proposed）。",
        responses={201: DirectiveDetailSerializer, 202: ExtractionSerializer, **error_responses(400, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        serializer = DirectiveUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        directive, found = services.enter_directive(actor=request.user, upload=data.pop("file", None), **data)
        if found is None:  # a long document: decomposed by a job, followed at the status URL
            body = ExtractionSerializer(directive.extraction_job).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})
        fresh = self.get_queryset().get(pk=directive.pk)
        return Response(DirectiveDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="填写批示件信息（批示日期、拟办意见、办理结果）",
        tags=["directives"],
        request=InstructionSerializer,
        description="整体替换三项；省略的项清空。批示日期晚于今天 → 400。",
        responses={200: DirectiveSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["put"])
    def instruction(self, request: Request, pk: Any = None) -> Response:
        directive = get_visible_or_404(Directive.objects.all(), request.user, "view", pk=pk)
        serializer = InstructionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_instruction(directive, actor=request.user, **serializer.validated_data)
        return Response(DirectiveSerializer(self.get_queryset().get(pk=directive.pk)).data)

    @extend_schema(
        summary="设置本文件落实的上级部署（对标对表）",
        tags=["directives"],
        request=AnswersSerializer,
        description="整体替换。上级文件的对标对表汇总落实它的各文件的要求和任务。选本文件或形成循环 → 400。",
        responses={200: AnswersSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["put"])
    def answers(self, request: Request, pk: Any = None) -> Response:
        missing = ("上级部署中有文件不存在或您无权访问", "unknown_directive")
        return set_answers(request, Directive, pk, AnswersSerializer, missing, services.set_answers)

    @extend_schema(
        summary="长文件的分解进度",
        tags=["directives"],
        request=None,
        description="超过 LUOSHI_EXTRACT_INLINE_CHARS 字的文件在请求之外分解；录入时答复 202 和本地址。"
        "status 为 done 后，要求条目见文件详情。没有排队记录的文件（录入时即已分解）→ 404。",
        responses={200: ExtractionSerializer, **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def extraction(self, request: Request, pk: Any = None) -> Response:
        directive = get_visible_or_404(Directive.objects.all(), request.user, "view", pk=pk)
        job = ExtractionJob.objects.filter(directive=directive).first()
        if job is None:
            raise NotFound("这份文件录入时已经分解完成，没有排队记录")
        return Response(ExtractionSerializer(job).data)

    @extend_schema(
        summary="文件的要求条目",
        tags=["directives"],
        request=None,
        responses={200: RequirementSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def requirements(self, request: Request, pk: Any = None) -> Response:
        directive = get_visible_or_404(Directive.objects.all(), request.user, "view", pk=pk)
        queryset = requirements_of(request.user, Requirement.objects.filter(directive=directive))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RequirementSerializer(page, many=True).data)

    @extend_schema(
        summary="多条要求一次转为任务并交办",
        tags=["directives"],
        request=AssignSerializer,
        description="全部成功或全部不做。每项任务的名称、牵头单位、配合单位、分管领导（按牵头单位的分管关系）"
        "和完成时限默认取识别结果；识别出但无法换算日期的时限不会被替换，须填写 due_date，"
        "否则 400 due_required，错误信息按文件页面上的序号指明每一条。",
        responses={201: TaskSerializer(many=True), **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    @idempotency.idempotent
    def assign(self, request: Request, pk: Any = None) -> Response:
        directive = get_visible_or_404(Directive.objects.all(), request.user, "view", pk=pk)
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = [dict(item) for item in serializer.validated_data["items"]]
        found = {
            r.pk: r
            for r in Requirement.objects.filter(
                directive=directive, pk__in=[item["requirement"] for item in items]
            )
        }
        missing = [item["requirement"] for item in items if item["requirement"] not in found]
        if missing:
            raise InvalidInput(
                f"要求条目不属于这份文件：{'、'.join(map(str, missing))}", "unknown_requirement"
            )
        rows = [(found[item.pop("requirement")], item) for item in items]
        tasks = acceptance.accept_requirements(
            rows, actor=request.user, assign=serializer.validated_data["assign"]
        )
        return Response(
            TaskSerializer([task_row(t.pk) for t in tasks], many=True).data, status=status.HTTP_201_CREATED
        )


def requirements_of(user: Any, queryset: QuerySet) -> QuerySet:
    visible_tasks = Task.objects.restrict(user, "view").only("id", "requirement_id").order_by("id")
    return (
        queryset.filter(pk__in=Requirement.objects.restrict(user, "view").values("pk"))
        .prefetch_related(Prefetch("tasks", queryset=visible_tasks))
        .order_by("start", "id")
    )


@extend_schema_view(
    retrieve=extend_schema(
        summary="要求条目详情",
        tags=["directives"],
        responses={200: RequirementSerializer, **error_responses(404)},
    ),
)
class RequirementViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RequirementSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Requirement.objects.none()
        return requirements_of(self.request.user, Requirement.objects.restrict(self.request.user, "view"))

    @extend_schema(
        summary="把要求转为任务（草稿）",
        request=AcceptSerializer,
        tags=["directives"],
        description="任务字段均可省略：标题取要求原文（截短），牵头单位取第一个识别出的责任单位，"
        "完成时限取要求中的时限（未过期时）。已转为任务的要求再次提交 → 409 already_accepted。",
        responses={201: TaskSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def accept(self, request: Request, pk: Any = None) -> Response:
        requirement = get_visible_or_404(Requirement.objects.all(), request.user, "view", pk=pk)
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("parent") is not None:
            data["parent"] = get_visible_or_404(Task.objects.all(), request.user, "view", pk=data["parent"])
        data.pop("directive", None)
        task = acceptance.accept_requirement(requirement, actor=request.user, **data)
        return Response(TaskSerializer(task_row(task.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="不把要求作为任务",
        request=RejectSerializer,
        tags=["directives"],
        responses={200: RequirementSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def reject(self, request: Request, pk: Any = None) -> Response:
        requirement = get_visible_or_404(Requirement.objects.all(), request.user, "view", pk=pk)
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        acceptance.reject_requirement(
            requirement, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(RequirementSerializer(self.get_queryset().get(pk=requirement.pk)).data)

    @extend_schema(
        summary="设置本条要求落实的上级要求（对标对表）",
        request=RequirementAnswersSerializer,
        tags=["directives"],
        description="整体替换。只能选本文件落实的上级部署中的要求；选本条要求 → 400。",
        responses={200: RequirementAnswersSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["put"])
    def answers(self, request: Request, pk: Any = None) -> Response:
        missing = ("上级要求中有条目不存在或您无权访问", "unknown_requirement")
        return set_answers(
            request, Requirement, pk, RequirementAnswersSerializer, missing, services.set_requirement_answers
        )
