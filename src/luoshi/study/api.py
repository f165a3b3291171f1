"""专题学习 endpoints of docs/api.md: ``/api/v1/study-sessions/`` — the sessions one may see, and recording
one (JSON, or multipart with photos; Idempotency-Key honoured) through ``services.record_session``."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses, upload_request
from luoshi.core.filters import IdFilter
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
from .models import StudyPhoto, StudySession, directive_rows


class StudyPhotoSerializer(GuardedModelSerializer):
    url = PageField("study:photo", lookup="token")

    class Meta:
        model = StudyPhoto
        fields = ["id", "name", "width", "height", "size", "url"]
        read_only_fields = fields


class StudySessionSerializer(GuardedModelSerializer):
    directive_title = serializers.CharField(source="directive.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    led_by_name = serializers.CharField(source="led_by.name", read_only=True)
    attendees = IdsField(help_text="参加人员（人员id）")
    photos = StudyPhotoSerializer(many=True, read_only=True)
    url = PageField("study:detail", help_text="学习记录页面")

    class Meta:
        model = StudySession
        fields = [
            "id",
            "directive",
            "directive_title",
            "unit",
            "unit_name",
            "held_on",
            "led_by",
            "led_by_name",
            "attendees",
            "notes",
            "recorded_by",
            "photos",
            "created_at",
            "url",
        ]
        read_only_fields = fields


class StudySessionInputSerializer(GuardedSerializer):
    directive = IdField(help_text="学习的文件")
    unit = IdField(help_text="学习单位：记录人本人所在单位")
    held_on = serializers.DateField(help_text="学习日期，不晚于今天")
    led_by = IdField(help_text="领学人：参加人员之一或本单位分管领导")
    attendees = serializers.ListField(child=IdField(), min_length=1, help_text="参加人员（本单位人员）")
    notes = serializers.CharField(max_length=services.MAX_NOTES, help_text="学习内容和体会")


class StudySessionUploadSerializer(StudySessionInputSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="学习照片（JPEG、PNG，可多张）"
    )


class StudySessionFilter(django_filters.FilterSet):
    directive = IdFilter(field_name="directive_id", label="学习的文件")
    unit = IdFilter(field_name="unit_id", label="学习单位")

    class Meta:
        model = StudySession
        fields = ["directive", "unit"]


@extend_schema_view(
    list=extend_schema(
        summary="专题学习记录", tags=["study"], responses={200: StudySessionSerializer(many=True)}
    ),
    retrieve=extend_schema(
        summary="专题学习详情",
        tags=["study"],
        responses={200: StudySessionSerializer, **error_responses(404)},
    ),
)
class StudySessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StudySessionSerializer
    filterset_class = StudySessionFilter
    parser_classes = UPLOAD_PARSERS
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return StudySession.objects.none()
        return (
            StudySession.objects.restrict(self.request.user)
            .select_related("directive", "unit", "led_by")
            .prefetch_related("attendees", "photos")
            .order_by("-held_on", "-id")
        )

    @extend_schema(
        summary="记录专题学习（可带照片；同一 Idempotency-Key 只记录一次）",
        request=upload_request(StudySessionInputSerializer, StudySessionUploadSerializer),
        responses={201: StudySessionSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
        tags=["study"],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        data = validated(StudySessionUploadSerializer, request.data)
        directive = get_visible_or_404(directive_rows(), request.user, "view", pk=data["directive"])
        (unit,) = rows(Unit, [data["unit"]], message="学习单位不存在", code="unknown_unit", field="unit")
        session = services.record_session(
            actor=request.user,
            directive=directive,
            unit=unit,
            held_on=data["held_on"],
            led_by=Person.objects.filter(pk=data["led_by"]).first(),
            attendees=rows(
                Person,
                data["attendees"],
                message="参加人员中有不存在的人员",
                code="unknown_person",
                field="attendees",
            ),
            notes=data["notes"],
            photos=request.FILES.getlist("photos") if request.FILES else [],
        )
        return Response(
            StudySessionSerializer(self.get_queryset().get(pk=session.pk)).data,
            status=status.HTTP_201_CREATED,
        )
