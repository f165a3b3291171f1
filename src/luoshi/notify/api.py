"""Notifications endpoints of docs/api.md: the caller's notifications, and marking one read."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core.serializers import GuardedModelSerializer

from . import services
from .choices import NotificationKind
from .models import Notification


class NotificationSerializer(GuardedModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices(), read_only=True)
    kind_label = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "task", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(method="filter_unread", label="true：只看未读；false：只看已读")

    class Meta:
        model = Notification
        fields = ["kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications, newest first; anyone else's id answers 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient_id=self.request.user.pk).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        services.mark_read(request.user, notification.pk)
        notification.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notification).data)
