"""Task endpoints of API.md: the task list and tree, every transition, feedback, history, extensions.

Views are thin: lookups start from ``restrict(user, "view")`` (invisible → 404), every change is a
call to ``luoshi.tasks.services`` (no right → 403, wrong state → 409, bad input → 400 in Chinese).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, KeyPagination, error_responses, upload_request
from luoshi.core.filters import IdFilter
from luoshi.core.querysets import get_visible_or_404
from luoshi.directives.models import Directive
from luoshi.org.models import Person, Unit

from . import services
from .choices import ExtensionStatus, Light
from .filters import ORDERINGS, TaskFilter, TaskRow, VisibleByDueDate, task_row, late_rows, visible_tasks
from .models import Attachment, ExtensionRequest, Feedback, Task, TaskEvent



# ---------------------------------------------------------------- serializers

class TaskSerializer(serializers.ModelSerializer):
    """A task as API.md lists its fields, with readable ``*_name`` fields beside the ids."""

    co_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    light = serializers.ChoiceField(choices=Light.choices(), read_only=True,
                                    help_text="含下级任务的灯（docs/figures.md）：red 本项或下级逾期；yellow 临近时限、"
                                              "复命逾期或落后序时进度；green；none（未交办或已结束）")
    children_count = serializers.IntegerField(read_only=True)
    open_children_count = serializers.IntegerField(read_only=True)
    status_label = serializers.CharField(read_only=True)
    parent_title = serializers.CharField(read_only=True, allow_null=True)
    directive_title = serializers.CharField(read_only=True, allow_null=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    co_unit_names = serializers.SerializerMethodField()
    owner_name = serializers.CharField(read_only=True, allow_null=True)
    leader_name = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = ["id", "title", "description", "parent", "parent_title", "directive", "directive_title",
                  "requirement", "is_key", "lead_unit", "lead_unit_name", "co_units", "co_unit_names", "owner",
                  "owner_name", "leader", "leader_name", "start_date", "due_date", "cadence", "finish_standard",
                  "weight", "status", "status_label", "light", "progress", "next_report_due", "recheck_on",
                  "children_count", "open_children_count", "created_at", "updated_at"]
        read_only_fields = fields

    def get_co_unit_names(self, task: Task) -> list[str]:
        return [u.name for u in task.co_units.all()]

    def to_representation(self, task: TaskRow) -> dict[str, Any]:
        """The same dictionary DRF's fields build from an annotated Task (a test compares the two on every
        kind of task), read straight from a list row: 50 tasks × 33 fields through DRF's field objects
        cost more than the queries behind the whole list."""
        return {
            "id": task.id, "title": task.title, "description": task.description,
            "parent": task.parent_id, "parent_title": task.parent_title,
            "directive": task.directive_id, "directive_title": task.directive_title,
            "requirement": task.requirement_id, "is_key": task.is_key,
            "lead_unit": task.lead_unit_id, "lead_unit_name": task.lead_unit.name,
            "co_units": task.co_units, "co_unit_names": task.co_unit_names,
            "owner": task.owner_id, "owner_name": task.owner_name,
            "leader": task.leader_id, "leader_name": task.leader_name,
            "start_date": _date(task.start_date), "due_date": _date(task.due_date), "cadence": task.cadence,
            "finish_standard": task.finish_standard, "weight": task.weight,
            "status": task.status, "status_label": task.status_label, "light": task.light,
            "progress": task.progress, "next_report_due": _date(task.next_report_due),
            "recheck_on": _date(task.recheck_on),
            "children_count": task.children_count, "open_children_count": task.open_children_count,
            "created_at": _datetime(task.created_at), "updated_at": _datetime(task.updated_at),
        }


def _datetime(value: dt.datetime | None) -> str | None:
    """DRF's ISO 8601 text in the current time zone, without its per-value field machinery."""
    if not value:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class TaskWriteSerializer(serializers.Serializer):
    """Fields a client may set; ``services.create_task`` / ``update_task`` check the rest."""

    title = serializers.CharField(max_length=500, required=False, help_text="任务名称（新建时必填）")
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="上级任务id（只在新建时）")
    directive = serializers.IntegerField(required=False, allow_null=True, help_text="来源文件id（只在新建时）")
    is_key = serializers.BooleanField(required=False)
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), required=False)
    co_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), many=True,
                                                  required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(user__is_active=True),
                                               required=False, allow_null=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(user__is_active=True),
                                                required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    cadence = serializers.CharField(required=False, max_length=20,
                                    help_text="once、weekly:N（1=周一）、monthly:D、workdays:N、none")
    finish_standard = serializers.CharField(required=False, allow_blank=True)
    weight = serializers.IntegerField(required=False, min_value=1, max_value=100)


class TaskCreateSerializer(TaskWriteSerializer):
    title = serializers.CharField(max_length=500, help_text="任务名称")
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True),
                                                   help_text="牵头单位id")


class TaskUpdateSerializer(TaskWriteSerializer):
    parent = None
    directive = None


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="理由（必填）")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="审批意见（可选）")


class FeedbackInputSerializer(serializers.Serializer):
    progress_text = serializers.CharField(allow_blank=True, help_text="工作进展")
    percent = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text="完成百分比 0–100；有子任务的任务由子任务按权重汇总，此项忽略，可不填")
    difficulties = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackUploadSerializer(FeedbackInputSerializer):
    """The same report with files: a body of its own so a generated client sends one or the other."""

    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text="附件（可多个；类型与大小限制见 docs/api.md）")


class ExtensionInputSerializer(serializers.Serializer):
    new_due_date = serializers.DateField(help_text="申请的新完成时限")
    reason = serializers.CharField(allow_blank=True, help_text="延期理由")


class CloseInputSerializer(serializers.Serializer):
    evidence_text = serializers.CharField(allow_blank=True, help_text="完成情况与佐证说明")
    recheck_on = serializers.DateField(required=False, allow_null=True, help_text="回头看日期（可选，须在今天之后）")


class CloseUploadSerializer(CloseInputSerializer):
    files = serializers.ListField(child=serializers.FileField(), required=False, help_text="佐证材料")


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="下载地址（仅对能查看该任务的人有效）")

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        return reverse("tasks:download", args=[attachment.token])


class FeedbackSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    files = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "task", "author", "author_name", "progress_text", "percent", "difficulties", "next_steps",
                  "submitted_at", "period_due", "late", "files"]


class EventSerializer(serializers.ModelSerializer):
    action = serializers.CharField(source="kind", help_text="created、assigned、acknowledged、feedback、reopened…")
    action_label = serializers.CharField(source="kind_label")
    actor = serializers.SerializerMethodField(help_text="操作人（人员id；系统操作为 null）")
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TaskEvent
        fields = ["id", "at", "actor", "actor_name", "action", "action_label", "note", "changes"]

    def _person(self, event: TaskEvent) -> Person | None:
        return getattr(event.actor, "person", None) if event.actor_id else None

    def get_actor(self, event: TaskEvent) -> int | None:
        person = self._person(event)
        return person.pk if person else None

    def get_actor_name(self, event: TaskEvent) -> str | None:
        person = self._person(event)
        if person is not None:
            return person.name
        return event.actor.username if event.actor_id else "系统"


class ExtensionSerializer(serializers.ModelSerializer):
    task_title = serializers.CharField(source="task.title", read_only=True)
    requested_by_name = serializers.CharField(source="requested_by.name", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.name", read_only=True, default=None,
                                            allow_null=True)

    class Meta:
        model = ExtensionRequest
        fields = ["id", "task", "task_title", "requested_by", "requested_by_name", "old_due_date", "new_due_date",
                  "reason", "status", "decided_by", "decided_by_name", "decided_at", "decision_note", "created_at"]
        read_only_fields = fields


# ---------------------------------------------------------------- querysets and filters

class ExtensionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ExtensionStatus.choices())
    task = IdFilter(field_name="task_id")

    class Meta:
        model = ExtensionRequest
        fields: list[str] = []


# ---------------------------------------------------------------- viewsets

def transition_schema(summary: str, request: Any = None, errors: tuple[int, ...] = (400, 404, 409),
                      description: str = "") -> Any:
    return extend_schema(summary=summary, description=description, request=request,
                         responses={200: TaskSerializer, **error_responses(*errors)},
                         parameters=[idempotency.PARAMETER], tags=["tasks"])


@extend_schema_view(
    list=extend_schema(summary="任务列表（可见范围内，分页）", tags=["tasks"], responses={200: TaskSerializer(many=True),
                                                                                  **error_responses(400)}),
    retrieve=extend_schema(summary="任务详情", tags=["tasks"], responses={200: TaskSerializer,
                                                                      **error_responses(404)}),
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
        page = paginator.paginate_queryset(source or self.filter_queryset(self.get_queryset()), request, view=self)
        serializer = self.get_serializer(late_rows(page, timezone.localdate()), many=True)
        return paginator.get_paginated_response(serializer.data)

    def get_object(self) -> TaskRow:
        task = super().get_object()
        return task_row(task.pk)

    # -- helpers

    def _visible(self, pk: Any) -> Task:
        """The bare task for a transition: invisible or forged → 404 in API.md's words."""
        return get_visible_or_404(Task.objects.all(), self.request.user, "view", pk=pk)

    def _answer(self, task: Task | int, status_code: int = status.HTTP_200_OK) -> Response:
        pk = task.pk if isinstance(task, Task) else task
        return Response(TaskSerializer(task_row(pk), context=self.get_serializer_context()).data, status=status_code)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _files(self) -> list[Any]:
        return self.request.FILES.getlist("files") if self.request.FILES else []

    def _related(self, data: dict[str, Any]) -> dict[str, Any]:
        """Parent and directive ids → objects; an invisible parent is a 404 like any other."""
        if data.get("parent") is not None:
            data["parent"] = get_visible_or_404(Task.objects.all(), self.request.user, "view", pk=data["parent"])
        if data.get("directive") is not None:
            data["directive"] = get_visible_or_404(Directive.objects.all(), self.request.user, "view",
                                                   pk=data["directive"])
        return data

    # -- create and edit

    @extend_schema(summary="新建任务（草稿）", request=TaskCreateSerializer,
                   responses={201: TaskSerializer, **error_responses(400, 404, 409)},
                   parameters=[idempotency.PARAMETER], tags=["tasks"])
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = self._related(self._input(TaskCreateSerializer))
        task = services.create_task(actor=request.user, **data)
        return self._answer(task, status.HTTP_201_CREATED)

    @extend_schema(summary="修改任务", description="已交办任务的完成时限只能通过延期申请调整（409 use_extension）。",
                   request=TaskUpdateSerializer, responses={200: TaskSerializer, **error_responses(400, 404, 409)},
                   parameters=[idempotency.PARAMETER], tags=["tasks"])
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

    @extend_schema(methods=["GET"], summary="复命记录（含是否逾期 late 与应报日期 period_due）", request=None,
                   tags=["tasks"], responses={200: FeedbackSerializer(many=True), **error_responses(404)})
    @extend_schema(methods=["POST"], summary="报送复命（进展反馈）",
                   request=upload_request(FeedbackInputSerializer, FeedbackUploadSerializer), tags=["tasks"],
                   responses={200: TaskSerializer, **error_responses(400, 404, 409)},
                   parameters=[idempotency.PARAMETER])
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
        queryset = (Feedback.objects.filter(task=task).select_related("author")
                    .prefetch_related("files").order_by("-submitted_at", "-id"))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(FeedbackSerializer(page, many=True).data)

    @transition_schema("申请延期", ExtensionInputSerializer,
                       description="创建一条待审批的延期申请；完成时限在批准后才改变。")
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

    @transition_schema("审核销号申请（重点任务：牵头科室负责人审核后报分管领导）", NoteSerializer, errors=(404, 409))
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

    @transition_schema("重新打开已销号的任务", ReasonSerializer,
                       description="任务回到 in_progress，时间线记一条 reopened 事件（见 docs/api.md）。")
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

    @extend_schema(summary="任务的全部操作记录", tags=["tasks"],
                   responses={200: EventSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: Any = None) -> Response:
        task = self._visible(pk)
        queryset = TaskEvent.objects.filter(task=task).select_related("actor__person").order_by("at", "id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(EventSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="延期申请（可见任务的）", tags=["extensions"],
                       responses={200: ExtensionSerializer(many=True), **error_responses(400)}),
    retrieve=extend_schema(summary="延期申请详情", tags=["extensions"],
                           responses={200: ExtensionSerializer, **error_responses(404)}),
)
class ExtensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtensionSerializer
    filterset_class = ExtensionFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return ExtensionRequest.objects.none()
        # Visible with its task: the lead unit's people, co-units, the owner, the leader and the assigner.
        visible_tasks = Task.objects.restrict(self.request.user, "view").values("pk")
        return (ExtensionRequest.objects.filter(task__in=visible_tasks)
                .select_related("task", "requested_by", "decided_by").order_by("-created_at", "-id"))

    def _get(self, pk: Any) -> ExtensionRequest:
        try:
            return self.get_queryset().get(pk=pk)
        except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def _answer(self, extension: ExtensionRequest) -> Response:
        return Response(ExtensionSerializer(self.get_queryset().get(pk=extension.pk)).data)

    @extend_schema(summary="批准延期（完成时限改为申请的日期）", request=NoteSerializer, tags=["extensions"],
                   responses={200: ExtensionSerializer, **error_responses(404, 409)},
                   parameters=[idempotency.PARAMETER])
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def approve(self, request: Request, pk: Any = None) -> Response:
        extension = self._get(pk)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.decide_extension(extension, actor=request.user, approve=True,
                                                      note=serializer.validated_data["note"]))

    @extend_schema(summary="不批准延期", request=ReasonSerializer, tags=["extensions"],
                   responses={200: ExtensionSerializer, **error_responses(400, 404, 409)},
                   parameters=[idempotency.PARAMETER])
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def refuse(self, request: Request, pk: Any = None) -> Response:
        extension = self._get(pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.decide_extension(extension, actor=request.user, approve=False,
                                                      note=serializer.validated_data["reason"]))

