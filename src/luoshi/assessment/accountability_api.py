"""``/api/v1/accountability/`` of docs/api.md: the 逾期问责 ledger, the unit's reason and the leader's
decision, each change through the same service as the page."""

from __future__ import annotations

from functools import partial
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import error_responses
from luoshi.core.filters import IdFilter
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField

from . import services
from .accountability_views import STATUS_Q, late_days, visible_matter, visible_matters
from .approval import Approval, approval_by_item
from .choices import AdjustmentStatus, MatterStatus, Sanction
from .models import Accountability

TAG = ["accountability"]


class ApproverSerializer(GuardedSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccountabilityListSerializer(serializers.ListSerializer):
    """Who approves each page's pending deductions, worked out for the page at once."""

    def to_representation(self, data: Any) -> Any:
        matters = list(data.all() if hasattr(data, "all") else data)
        self._context["approvals"] = _approvals(matters)
        return super().to_representation(matters)


def _approvals(matters: list[Accountability]) -> dict[int, Approval]:
    return approval_by_item(
        [m.adjustment for m in matters if m.adjustment and m.adjustment.status == AdjustmentStatus.PENDING]
    )


class AccountabilitySerializer(GuardedModelSerializer):
    task_title = serializers.CharField(source="task.title", read_only=True)
    problem = serializers.SerializerMethodField(help_text="整改措施所属问题的id（不是整改措施则为null）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    late_days = serializers.SerializerMethodField(
        help_text="逾期天数：销号前算到今天，逾期后销号的算到销号日"
    )
    status = serializers.CharField(
        read_only=True, help_text="awaiting_reason 待说明原因 | awaiting_decision 待问责决定 | decided 已决定"
    )
    status_label = serializers.CharField(read_only=True)
    reason_by_name = serializers.SerializerMethodField()
    decision_label = serializers.CharField(read_only=True)
    decided_by_name = serializers.SerializerMethodField()
    adjustment_approvers = serializers.SerializerMethodField(
        help_text="扣分项待审批时可以审批的领导（审批后为空）；为空且扣分项待审批表示目前无人可审批"
    )
    adjustment_referred = serializers.SerializerMethodField(
        help_text="该单位除提出人外没有其他领导分管，扣分项转由其他部领导审批"
    )

    class Meta:
        model = Accountability
        list_serializer_class = AccountabilityListSerializer
        fields = [
            "id",
            "task",
            "task_title",
            "problem",
            "unit",
            "unit_name",
            "due_date",
            "late_days",
            "status",
            "status_label",
            "reason",
            "reason_by",
            "reason_by_name",
            "reason_at",
            "decision",
            "decision_label",
            "decision_note",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "period",
            "adjustment",
            "adjustment_approvers",
            "adjustment_referred",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "due_date": {"help_text": "误过的完成时限（延期后再逾期是另一条）"},
            "decision": {
                "help_text": "explain 说明情况 | talk 约谈 | criticize 通报批评 | deduct 纳入考核扣分"
            },
            "period": {"help_text": "计入的考核期"},
            "adjustment": {"help_text": "纳入考核扣分时提出的扣分项（加减分id）"},
        }

    def get_problem(self, matter: Accountability) -> int | None:
        measure = getattr(matter.task, "problem_measure", None)
        return measure.problem_id if measure is not None else None

    def get_late_days(self, matter: Accountability) -> int:
        return late_days(matter, timezone.localdate())

    def get_reason_by_name(self, matter: Accountability) -> str:
        return matter.reason_by.name if matter.reason_by else ""

    def get_decided_by_name(self, matter: Accountability) -> str:
        return matter.decided_by.name if matter.decided_by else ""

    def _approval(self, matter: Accountability) -> Approval | None:
        found = self.context.get("approvals")
        if found is None:
            found = _approvals([matter])
        return found.get(matter.adjustment_id) if matter.adjustment_id else None

    @extend_schema_field(ApproverSerializer(many=True))
    def get_adjustment_approvers(self, matter: Accountability) -> list[dict[str, Any]]:
        approval = self._approval(matter)
        return [{"id": p.pk, "name": p.name} for p in approval.people] if approval else []

    def get_adjustment_referred(self, matter: Accountability) -> bool:
        approval = self._approval(matter)
        return bool(approval and approval.referred)


class ExplainSerializer(GuardedSerializer):
    reason = serializers.CharField(help_text="逾期原因")


class ExplainTaskSerializer(ExplainSerializer):
    task = IdField(help_text="逾期的任务id")


class DecideSerializer(GuardedSerializer):
    decision = serializers.ChoiceField(choices=Sanction.choices())
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="决定意见")
    period = IdField(required=False, allow_null=True, help_text="计入的考核期（扣分必填）")
    points = serializers.DecimalField(
        required=False, allow_null=True, max_digits=7, decimal_places=2, help_text="扣分分值（扣分必填）"
    )


class AccountabilityFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MatterStatus.choices(), method="filter_status")
    decision = django_filters.ChoiceFilter(choices=Sanction.choices())
    unit = IdFilter(field_name="unit_id", label="单位")
    task = IdFilter(field_name="task_id", label="任务")

    class Meta:
        model = Accountability
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(STATUS_Q[value])


_change = partial(idempotency.change_schema, answer=AccountabilitySerializer, tags=TAG)


@extend_schema_view(
    list=extend_schema(
        summary="逾期问责台账",
        tags=TAG,
        responses={200: AccountabilitySerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="逾期事项", tags=TAG, responses={200: AccountabilitySerializer, **error_responses(404)}
    ),
)
class AccountabilityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AccountabilitySerializer
    filterset_class = AccountabilityFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Accountability.objects.none()
        return visible_matters(self.request.user).order_by("-due_date", "-id")

    def _visible(self, pk: Any) -> Accountability:
        return visible_matter(self.request.user, pk)

    @extend_schema(
        summary="说明逾期原因（按任务）",
        description="逾期任务的单位人员或责任人说明原因；任务尚未列入台账的一并列入。"
        "任务没有逾期 → 409 not_overdue。",
        request=ExplainTaskSerializer,
        responses={201: AccountabilitySerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=TAG,
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        body = ExplainTaskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        matter = services.explain_overdue(
            actor=request.user, task=body.validated_data["task"], reason=body.validated_data["reason"]
        )
        return Response(
            AccountabilitySerializer(self._visible(matter.pk)).data, status=status.HTTP_201_CREATED
        )

    @_change("说明或修改逾期原因", ExplainSerializer, "作出问责决定后不能再修改（409 already_decided）。")
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def explain(self, request: Request, pk: Any = None) -> Response:
        matter = self._visible(pk)
        body = ExplainSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.explain_overdue(matter, actor=request.user, reason=body.validated_data["reason"])
        return Response(AccountabilitySerializer(self._visible(pk)).data)

    @_change(
        "作出问责决定",
        DecideSerializer,
        "该单位的分管领导或上级领导作出，本单位人员不能（403 own_unit），"
        "只能决定一次（409 already_decided）。"
        "deduct 须给出 period 和 points，提出一项待审批的扣分。",
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def decide(self, request: Request, pk: Any = None) -> Response:
        matter = self._visible(pk)
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.decide_overdue(matter, actor=request.user, **body.validated_data)
        return Response(AccountabilitySerializer(self._visible(pk)).data)
