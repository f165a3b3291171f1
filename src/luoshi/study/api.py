"""专题学习 endpoints of docs/api.md: ``/api/v1/study-sessions/`` — the sessions one may see, and recording
one (JSON, or multipart with photos; Idempotency-Key honoured) through ``services.record_session``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses, upload_request
from luoshi.core.errors import InvalidInput
from luoshi.core.filters import IdFilter
from luoshi.core.querysets import get_visible_or_404
from luoshi.org.models import Person, Unit

from . import services
from .models import StudyPhoto, StudySession, directive_rows


class StudyPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = StudyPhoto
        fields = ["id", "name", "width", "height", "size", "url"]
        read_only_fields = fields

    def get_url(self, photo: StudyPhoto) -> str:
        return reverse("study:photo", args=[photo.token])


class StudySessionSerializer(serializers.ModelSerializer):
    directive_title = serializers.CharField(source="directive.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    led_by_name = serializers.CharField(source="led_by.name", read_only=True)
    attendees = serializers.SerializerMethodField()
    photos = StudyPhotoSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="学习记录页面")

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

    def get_attendees(self, session: StudySession) -> list[int]:
        return sorted(p.pk for p in session.attendees.all())

    def get_url(self, session: StudySession) -> str:
        return reverse("study:detail", args=[session.pk])


class StudySessionInputSerializer(serializers.Serializer):
    directive = serializers.IntegerField(min_value=1, help_text="学习的文件")
    unit = serializers.IntegerField(min_value=1, help_text="学习单位：记录人本人所在单位")
    held_on = serializers.DateField(help_text="学习日期，不晚于今天")
    led_by = serializers.IntegerField(min_value=1, help_text="领学人：参加人员之一或本单位分管领导")
    attendees = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, help_text="参加人员（本单位人员）"
    )
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


def _people(ids: list[int]) -> list[Person]:
    found = list(Person.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput("参加人员中有不存在的人员", "unknown_person", errors={"attendees": ["人员不存在"]})
    return found


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
        serializer = StudySessionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        directive = get_visible_or_404(directive_rows(), request.user, "view", pk=data["directive"])
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise InvalidInput("学习单位不存在", "unknown_unit", errors={"unit": ["单位不存在"]})
        session = services.record_session(
            actor=request.user,
            directive=directive,
            unit=unit,
            held_on=data["held_on"],
            led_by=Person.objects.filter(pk=data["led_by"]).first(),
            attendees=_people(data["attendees"]),
            notes=data["notes"],
            photos=request.FILES.getlist("photos") if request.FILES else [],
        )
        return Response(
            StudySessionSerializer(self.get_queryset().get(pk=session.pk)).data,
            status=status.HTTP_201_CREATED,
        )
