"""专业培训 endpoints of docs/api.md: ``/api/v1/trainings/`` — the trainings one may see with their
enrolments, planning one, enrolling people and marking attendance, each through ``services``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import error_responses
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import (
    GuardedModelSerializer,
    GuardedSerializer,
    IdField,
    IdsField,
    PageField,
    rows,
    validated,
)
from luoshi.org.models import Person, Unit

from . import services
from .choices import ATTENDANCE_CHOICES
from .models import Enrolment, Training


class EnrolmentSerializer(GuardedModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    unit_name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ATTENDANCE_CHOICES, read_only=True)
    status_label = serializers.CharField(read_only=True)

    class Meta:
        model = Enrolment
        fields = ["person", "person_name", "unit_name", "status", "status_label", "hours", "marked_at"]
        read_only_fields = fields

    def get_unit_name(self, row: Enrolment) -> str | None:
        return row.person.unit.name if row.person.unit else None


class TrainingSerializer(GuardedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    audience_units = IdsField(help_text="参训单位（单位id）")
    enrolments = EnrolmentSerializer(many=True, read_only=True)
    url = PageField("training:detail", help_text="培训页面")

    class Meta:
        model = Training
        fields = [
            "id",
            "topic",
            "unit",
            "unit_name",
            "audience",
            "audience_units",
            "hours",
            "starts_on",
            "ends_on",
            "place",
            "content",
            "created_by",
            "created_at",
            "enrolments",
            "url",
        ]
        read_only_fields = fields


class TrainingInputSerializer(GuardedSerializer):
    topic = serializers.CharField(max_length=200)
    unit = IdField(help_text="主办单位：本人可交办工作的单位")
    audience = serializers.CharField(max_length=200, help_text="培训对象")
    audience_units = serializers.ListField(child=IdField(), min_length=1)
    hours = serializers.IntegerField(help_text="学时，每天不超过8学时")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class EnrolInputSerializer(GuardedSerializer):
    people = serializers.ListField(child=IdField(), min_length=1)


class MarkSerializer(GuardedSerializer):
    person = IdField()
    hours = serializers.IntegerField(allow_null=True, help_text="认定学时；null 或 0 为缺训")


class AttendanceInputSerializer(GuardedSerializer):
    marks = MarkSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        summary="专业培训", tags=["trainings"], responses={200: TrainingSerializer(many=True)}
    ),
    retrieve=extend_schema(
        summary="培训详情（含学员与出勤）",
        tags=["trainings"],
        responses={200: TrainingSerializer, **error_responses(404)},
    ),
)
class TrainingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TrainingSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Training.objects.none()
        return (
            Training.objects.restrict(self.request.user)
            .select_related("unit")
            .prefetch_related("audience_units", "enrolments__person__unit")
            .order_by("-starts_on", "-id")
        )

    def _answer(self, training: Training, code: int = status.HTTP_200_OK) -> Response:
        return Response(TrainingSerializer(self.get_queryset().get(pk=training.pk)).data, status=code)

    @extend_schema(
        summary="制定培训计划",
        request=TrainingInputSerializer,
        responses={201: TrainingSerializer, **error_responses(400, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["trainings"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = validated(TrainingInputSerializer, request.data)
        (data["unit"],) = rows(
            Unit, [data["unit"]], message="主办单位不存在", code="unknown_unit", field="unit"
        )
        data["audience_units"] = rows(
            Unit,
            data["audience_units"],
            message="参训单位中有不存在的单位",
            code="unknown_unit",
            field="audience_units",
        )
        training = services.plan_training(actor=request.user, **data)
        return self._answer(training, status.HTTP_201_CREATED)

    @extend_schema(
        summary="为学员报名（已报名的不变）",
        request=EnrolInputSerializer,
        responses={200: TrainingSerializer, **error_responses(400, 404)},
        parameters=[idempotency.PARAMETER],
        tags=["trainings"],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def enrolments(self, request: Request, pk: Any = None) -> Response:
        training = get_visible_or_404(Training.objects.all(), request.user, "view", pk=pk)
        data = validated(EnrolInputSerializer, request.data)
        people = rows(
            Person, data["people"], message="报名人员中有不存在的人员", code="unknown_person", field="people"
        )
        services.enrol(training, actor=request.user, people=people)
        return self._answer(training)

    @extend_schema(
        summary="登记出勤与认定学时",
        request=AttendanceInputSerializer,
        responses={200: TrainingSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["trainings"],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def attendance(self, request: Request, pk: Any = None) -> Response:
        training = get_visible_or_404(Training.objects.all(), request.user, "view", pk=pk)
        data = validated(AttendanceInputSerializer, request.data)
        marks = {m["person"]: m["hours"] for m in data["marks"]}
        services.mark_attendance(training, actor=request.user, marks=marks)
        return self._answer(training)
