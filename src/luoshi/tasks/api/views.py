"""Task endpoints of docs/api.md: the task list and tree, every transition, feedback, history, extensions.

Views are thin: lookups start from ``restrict(user, "view")`` (invisible → 404), every change is a
call to ``luoshi.tasks.services`` (no right → 403, wrong state → 409, bad input → 400 in Chinese).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, KeyPagination, error_responses, upload_request
from luoshi.core.querysets import get_visible_or_404, restricted_rows

from .. import services
from ..filters import ORDERINGS, TaskFilter
from ..models import ExtensionRequest, Feedback, Task, TaskEvent
from ..queries import TaskRow, VisibleByDueDate, late_rows, task_row, visible_tasks
from .filtersets import ExtensionFilter
from .serializers import (
    CloseInputSerializer,
    CloseUploadSerializer,
    EventSerializer,
    ExtensionInputSerializer,
    ExtensionSerializer,
    FeedbackInputSerializer,
    FeedbackSerializer,
    FeedbackUploadSerializer,
    NoteSerializer,
    PartInputSerializer,
    PartSerializer,
    PartsSerializer,
    ReasonSerializer,
    TaskCreateSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
)

transition_schema = partial(idempotency.change_schema, answer=TaskSerializer, tags=["tasks"])


@extend_schema_view(
    list=extend_schema(
        summary="任务列表（可见范围内，分页）",
        tags=["tasks"],
        responses={200: TaskSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="任务详情", tags=["tasks"], responses={200: TaskSerializer, **error_responses(404)}
    ),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no request
            return Task.objects.none()
        return visible_tasks(self.request.user, self.request.query_params).order_by(*ORDERINGS["due_date"])

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filtered, ordered and paged on the bare keys; lights and names for the page only."""
        paginator = KeyPagination()
        source = VisibleByDueDate.for_list(request.user, request.query_params)
        page = paginator.page_keys(source or self.filter_queryset(self.get_queryset()), request, view=self)
        serializer = self.get_serializer(late_rows(page, timezone.localdate()), many=True)
        return paginator.get_paginated_response(serializer.data)

    def get_object(self) -> TaskRow:
        task = super().get_object()
        return task_row(task.pk)

    # -- helpers

    def _visible(self, pk: Any) -> Task:
        """The bare task for a transition: invisible or forged → 404 in docs/api.md's words."""
        return get_visible_or_404(Task.objects.all(), self.request.user, "view", pk=pk)

    def _answer(self, task: Task | int, status_code: int = status.HTTP_200_OK) -> Response:
        pk = task.pk if isinstance(task, Task) else task
        return Response(
            TaskSerializer(task_row(pk), context=self.get_serializer_context()).data, status=status_code
        )

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _files(self) -> Sequence[Any]:
        return self.request.FILES.getlist("files") if self.request.FILES else []

    def _related(self, data: dict[str, Any]) -> dict[str, Any]:
        """Parent and directive ids → objects; an invisible parent is a 404 like any other."""
        if data.get("parent") is not None:
            data["parent"] = get_visible_or_404(
                Task.objects.all(), self.request.user, "view", pk=data["parent"]
            )
        if data.get("directive") is not None:
            source = Task._meta.get_field("directive").related_model
            if not isinstance(source, type):  # a relation is resolved to its model once the apps are ready
                raise TypeError("Task.directive does not name a model")
            data["directive"] = get_visible_or_404(
                restricted_rows(source), self.request.user, "view", pk=data["directive"]
            )
        return data

    # -- create and edit

    @extend_schema(
        summary="新建任务（草稿）",
        request=TaskCreateSerializer,
        responses={201: TaskSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["tasks"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = self._related(self._input(TaskCreateSerializer))
        task = services.create_task(actor=request.user, **data)
        return self._answer(task, status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改任务",
        description="已交办任务的完成时限只能通过延期申请调整（409 use_extension）。",
        request=TaskUpdateSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["tasks"],
    )
    @idempotency.idempotent
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(TaskUpdateSerializer)
        task = services.update_task(task, actor=request.user, **data)
        return self._answer(task)

    # -- transitions

    @transition_schema("交办", errors=(400, 404, 409))
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def assign(self, request: Request, pk: Any = None) -> Response:
        return self._answer(services.assign(self._visible(pk), actor=request.user))

    @transition_schema("签收", errors=(404, 409))
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        return self._answer(services.acknowledge(self._visible(pk), actor=request.user))

    @transition_schema("退回（不属于本单位等）", ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    @idempotency.idempotent
    def return_(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(ReasonSerializer)
        return self._answer(services.return_task(task, actor=request.user, reason=data["reason"]))

    @extend_schema(
        methods=["GET"],
        summary="复命记录（含是否逾期 late 与应报日期 period_due）",
        request=None,
        tags=["tasks"],
        responses={200: FeedbackSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="报送复命（进展反馈）",
        request=upload_request(FeedbackInputSerializer, FeedbackUploadSerializer),
        tags=["tasks"],
        responses={200: TaskSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["get", "post"], url_path="feedback", parser_classes=UPLOAD_PARSERS)
    def feedback(self, request: Request, pk: Any = None) -> Response:
        if request.method == "GET":
            return self._feedback_list(pk)
        return self._submit_feedback(request, pk)

    @idempotency.idempotent
    def _submit_feedback(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(FeedbackUploadSerializer)
        data.pop("files", None)
        services.submit_feedback(task, actor=request.user, files=self._files(), **data)
        return self._answer(task)

    def _feedback_list(self, pk: Any) -> Response:
        task = self._visible(pk)
        queryset = (
            Feedback.objects.filter(task=task)
            .select_related("author")
            .prefetch_related("files")
            .order_by("-submitted_at", "-id")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(FeedbackSerializer(page, many=True).data)

    @transition_schema(
        "申请延期", ExtensionInputSerializer, description="创建一条待审批的延期申请；完成时限在批准后才改变。"
    )
    @action(detail=True, methods=["post"], url_path="request-extension")
    @idempotency.idempotent
    def request_extension(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(ExtensionInputSerializer)
        services.request_extension(task, actor=request.user, **data)
        return self._answer(task)

    @transition_schema("申请销号", upload_request(CloseInputSerializer, CloseUploadSerializer))
    @action(detail=True, methods=["post"], url_path="request-close", parser_classes=UPLOAD_PARSERS)
    @idempotency.idempotent
    def request_close(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(CloseUploadSerializer)
        data.pop("files", None)
        services.request_close(task, actor=request.user, files=self._files(), **data)
        return self._answer(task)

    @transition_schema(
        "审核销号申请（重点任务：牵头单位负责人审核后报分管领导）", NoteSerializer, errors=(404, 409)
    )
    @action(detail=True, methods=["post"], url_path="review-close")
    @idempotency.idempotent
    def review_close(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(NoteSerializer)
        services.review_close(task, actor=request.user, note=data["note"])
        return self._answer(task)

    @transition_schema("批准销号", NoteSerializer, errors=(404, 409))
    @action(detail=True, methods=["post"], url_path="approve-close")
    @idempotency.idempotent
    def approve_close(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(NoteSerializer)
        return self._answer(services.approve_close(task, actor=request.user, note=data["note"]))

    @transition_schema("退回销号申请", ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="reject-close")
    @idempotency.idempotent
    def reject_close(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(ReasonSerializer)
        return self._answer(services.reject_close(task, actor=request.user, reason=data["reason"]))

    @transition_schema(
        "重新打开已销号的任务",
        ReasonSerializer,
        description="任务回到 in_progress，时间线记一条 reopened 事件（见 docs/api.md）。由有权审批其销号的"
        "领导（分管领导、上级负责人）重新打开；创建人、交办人和责任人 → 403。",
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def reopen(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(ReasonSerializer)
        return self._answer(services.reopen(task, actor=request.user, reason=data["reason"]))

    @transition_schema("撤销", ReasonSerializer)
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def cancel(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(ReasonSerializer)
        return self._answer(services.cancel(task, actor=request.user, reason=data["reason"]))

    @extend_schema(
        methods=["GET"],
        summary="协办：各配合单位承担的部分（每个配合单位一项）",
        request=None,
        tags=["tasks"],
        responses={200: PartsSerializer, **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="配合单位报送本单位承担部分的进展",
        request=PartInputSerializer,
        tags=["tasks"],
        responses={200: PartSerializer, **error_responses(400, 403, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["get", "post"], url_path="parts")
    def parts(self, request: Request, pk: Any = None) -> Response:
        if request.method == "GET":
            task = self._visible(pk)
            return Response(
                {
                    "results": PartSerializer(services.parts_of(task), many=True).data,
                    "may_report": [unit.pk for unit in services.reporting_units(request.user, task)],
                }
            )
        return self._report_part(request, pk)

    @idempotency.idempotent
    def _report_part(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        data = self._input(PartInputSerializer)
        unit = data.pop("unit")
        if unit is None:
            units = services.reporting_units(request.user, task)
            if len(units) != 1:
                raise serializers.ValidationError({"unit": "请指明报送哪个配合单位承担的部分"})
            unit = units[0].pk
        return Response(PartSerializer(services.report_part(task, unit, actor=request.user, **data)).data)

    @extend_schema(
        summary="任务的全部操作记录",
        tags=["tasks"],
        responses={200: EventSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        queryset = TaskEvent.objects.filter(task=task).select_related("actor__person").order_by("at", "id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(EventSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="延期申请（可见任务的）",
        tags=["extensions"],
        responses={200: ExtensionSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="延期申请详情",
        tags=["extensions"],
        responses={200: ExtensionSerializer, **error_responses(404)},
    ),
)
class ExtensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtensionSerializer
    filterset_class = ExtensionFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return ExtensionRequest.objects.none()
        # Visible with its task: the lead unit's people, co-units, the owner, the leader and the assigner.
        visible_tasks = Task.objects.restrict(self.request.user, "view").values("pk")
        return (
            ExtensionRequest.objects.filter(task__in=visible_tasks)
            .select_related("task", "requested_by", "decided_by")
            .order_by("-created_at", "-id")
        )

    def _get(self, pk: Any) -> ExtensionRequest:
        try:
            return self.get_queryset().get(pk=pk)
        except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def _answer(self, extension: ExtensionRequest) -> Response:
        return Response(ExtensionSerializer(self.get_queryset().get(pk=extension.pk)).data)

    @extend_schema(
        summary="批准延期（完成时限改为申请的日期）",
        request=NoteSerializer,
        tags=["extensions"],
        responses={200: ExtensionSerializer, **error_responses(404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def approve(self, request: Request, pk: Any = None) -> Response:
        extension = self._get(pk)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.decide_extension(
                extension, actor=request.user, approve=True, note=serializer.validated_data["note"]
            )
        )

    @extend_schema(
        summary="不批准延期",
        request=ReasonSerializer,
        tags=["extensions"],
        responses={200: ExtensionSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def refuse(self, request: Request, pk: Any = None) -> Response:
        extension = self._get(pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.decide_extension(
                extension, actor=request.user, approve=False, note=serializer.validated_data["reason"]
            )
        )
