"""Monthly meeting endpoints of docs/api.md: each meeting with which sections have reported, the reports
the caller may read (总结, 思考, 谋划) with their leaders' comments, and the tasks of its decisions; a
section submitting its report and a leader commenting on one, through the services the pages call."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import error_responses
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField, validated
from luoshi.tasks.models import Task

from . import services
from .choices import COMMENT_ASPECT_CHOICES, MEETING_STATUS_CHOICES, REPORT_STATUS_CHOICES
from .models import Comment, Meeting, UnitReport


class MeetingCommentSerializer(GuardedModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    aspects = serializers.ListField(
        child=serializers.ChoiceField(choices=COMMENT_ASPECT_CHOICES),
        help_text="depth 深度 | height 高度 | force 力度",
    )
    aspect_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    counted = serializers.SerializerMethodField(help_text="评分是否已计入考核评议")

    class Meta:
        model = Comment
        fields = [
            "id",
            "leader",
            "leader_name",
            "aspects",
            "aspect_labels",
            "level",
            "points",
            "text",
            "counted",
            "score_note",
            "created_at",
        ]
        read_only_fields = fields

    def get_counted(self, comment: Comment) -> bool:
        return comment.judgement_id is not None


class ReportStatusSerializer(GuardedModelSerializer):
    """A section's place in the roll call: every business user sees these."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.ChoiceField(choices=REPORT_STATUS_CHOICES, read_only=True)
    status_label = serializers.CharField(read_only=True, help_text="未报送 | 已报送 | 逾期提交")

    class Meta:
        model = UnitReport
        fields = ["id", "unit", "unit_name", "status", "status_label", "is_late", "submitted_at"]
        read_only_fields = fields


class UnitReportSerializer(ReportStatusSerializer):
    comments = MeetingCommentSerializer(many=True, read_only=True)

    class Meta(ReportStatusSerializer.Meta):
        fields = [
            *ReportStatusSerializer.Meta.fields,
            "submitted_by",
            "summary",
            "thinking",
            "plans",
            "updated_at",
            "comments",
        ]
        read_only_fields = fields


class MeetingSerializer(GuardedModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    status = serializers.ChoiceField(choices=MEETING_STATUS_CHOICES, read_only=True)
    status_label = serializers.CharField(read_only=True)
    roll_call = serializers.SerializerMethodField(help_text="每个汇报单位的报送情况")
    reports = serializers.SerializerMethodField(help_text="您能查看的科室汇报（全文与领导点评）")
    tasks = serializers.SerializerMethodField(help_text="议定事项转成的任务中您能查看的（任务id）")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "department",
            "department_name",
            "month",
            "title",
            "held_on",
            "report_due",
            "status",
            "status_label",
            "indicator",
            "directive",
            "tasks",
            "roll_call",
            "reports",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "month": {"help_text": "所属月份（该月第一天）"},
            "indicator": {"help_text": "点评评分计入的考核评议指标（为空：取本年度方案的默认评议指标）"},
            "directive": {"help_text": "议定事项（会议纪要）的讲话文件id"},
        }

    @extend_schema_field(ReportStatusSerializer(many=True))
    def get_roll_call(self, meeting: Meeting) -> Any:
        return ReportStatusSerializer(meeting.reports.all(), many=True).data

    @extend_schema_field(UnitReportSerializer(many=True))
    def get_reports(self, meeting: Meeting) -> Any:
        return UnitReportSerializer(getattr(meeting, "readable_reports", []), many=True).data

    def get_tasks(self, meeting: Meeting) -> list[int]:
        directive = meeting.directive
        return [t.pk for t in directive.tasks.all()] if directive is not None else []


def _part(label: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=services.MAX_PART,
        help_text=f"{label}（不传：沿用已保存的草稿）",
    )


class MeetingReportInputSerializer(GuardedSerializer):
    unit = IdField(required=False, help_text="汇报单位：本人所在的单位（只在一个汇报单位任职时可不传）")
    summary = _part("总结")
    thinking = _part("思考")
    plans = _part("谋划")


class MeetingCommentInputSerializer(GuardedSerializer):
    unit = IdField(help_text="点评哪个科室的汇报")
    aspects = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="点评侧重，可多选：depth 深度 | height 高度 | force 力度",
    )
    level = serializers.CharField(
        required=False, allow_blank=True, help_text="评分档次：计入指标的评分档次之一"
    )
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=services.MAX_PART, help_text="点评意见"
    )


class MeetingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MEETING_STATUS_CHOICES)
    month = django_filters.DateFilter(help_text="所属月份中的任一天，如 2026-12-01")

    class Meta:
        model = Meeting
        fields = ["department"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        month = self.form.cleaned_data.pop("month", None)
        queryset = super().filter_queryset(queryset)
        return queryset.filter(month=month.replace(day=1)) if month else queryset


@extend_schema_view(
    list=extend_schema(
        summary="月例会列表（含各科室报送情况、可查看的汇报和领导点评）",
        tags=["meetings"],
        responses={200: MeetingSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="月例会（含各科室报送情况、可查看的汇报和领导点评）",
        tags=["meetings"],
        responses={200: MeetingSerializer, **error_responses(404)},
    ),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        user = self.request.user
        roll = UnitReport.objects.select_related("unit")
        readable = (
            roll.restrict(user)
            .select_related("submitted_by")
            .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("leader")))
        )
        return (
            Meeting.objects.restrict(user)
            .select_related("department")
            .prefetch_related(
                Prefetch("reports", queryset=roll),
                Prefetch("reports", queryset=readable, to_attr="readable_reports"),
                # Only the decisions' tasks the caller may open: their ids are not everyone's reading.
                Prefetch("directive__tasks", queryset=Task.objects.restrict(user).order_by("pk")),
            )
            .order_by("-month", "-id")
        )

    def _meeting(self, pk: Any) -> Meeting:
        return get_visible_or_404(Meeting.objects.all(), self.request.user, "view", pk=pk)

    @extend_schema(
        summary="科室报送月度工作汇报（总结、思考、谋划；逾期照收并标注；截止前再次报送即修改）",
        request=MeetingReportInputSerializer,
        responses={200: UnitReportSerializer, **error_responses(400, 403, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["meetings"],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def reports(self, request: Request, pk: Any = None) -> Response:
        meeting = self._meeting(pk)
        data = validated(MeetingReportInputSerializer, request.data)
        report = services.own_report(meeting, actor=request.user, unit=data.pop("unit", None))
        services.submit_report(report, actor=request.user, **data)
        readable = UnitReport.objects.restrict(request.user).select_related("unit", "submitted_by")
        return Response(UnitReportSerializer(readable.get(pk=report.pk)).data)

    @extend_schema(
        summary="领导点评科室汇报（深度、高度、力度，评分计入当月考核评议）",
        request=MeetingCommentInputSerializer,
        responses={201: MeetingCommentSerializer, **error_responses(400, 403, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["meetings"],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def comments(self, request: Request, pk: Any = None) -> Response:
        meeting = self._meeting(pk)
        data = validated(MeetingCommentInputSerializer, request.data)
        comment = services.comment_report(
            services.report_of(meeting, data["unit"]),
            actor=request.user,
            aspects=data.get("aspects", []),
            level=data.get("level", ""),
            text=data.get("text", ""),
        )
        return Response(MeetingCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
