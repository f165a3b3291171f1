"""Organization endpoints of docs/api.md: units, people, me."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core.serializers import GuardedModelSerializer

from .choices import Role, UnitKind
from .models import Membership, Oversight, Person, Unit
from .scopes import VIEW, roles_of, unit_scope


class UnitSerializer(GuardedModelSerializer):
    leaders = serializers.SerializerMethodField(help_text="分管该单位的领导（人员id）")
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "aliases",
            "kind",
            "parent",
            "parent_name",
            "leaders",
            "duties",
        ]

    def get_leaders(self, unit: Unit) -> list[int]:
        return [o.leader_id for o in unit.oversights.all()]


class PersonSerializer(GuardedModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None, allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "username", "name", "unit", "unit_name", "title", "roles"]

    def get_roles(self, person: Person) -> list[str]:
        return sorted({m.role for m in person.memberships.all()})


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices())
    q = django_filters.CharFilter(method="search", label="名称、简称、代码或别称")

    class Meta:
        model = Unit
        fields = ["kind", "parent"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(code__icontains=value)
            | Q(aliases__icontains=value)
        )


class PersonFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(field_name="memberships__role", choices=Role.choices(), distinct=True)
    q = django_filters.CharFilter(method="search", label="姓名或账号")

    class Meta:
        model = Person
        fields = ["unit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(user__username__icontains=value))


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return (
            Unit.objects.restrict(self.request.user)
            .filter(is_active=True)
            .select_related("parent")
            .prefetch_related(
                Prefetch("oversights", queryset=Oversight.objects.only("id", "unit_id", "leader_id"))
            )
        )


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return (
            Person.objects.restrict(self.request.user)
            .filter(user__is_active=True)
            .select_related("user", "unit")
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.only("id", "person_id", "role"))
            )
        )


class MeSerializer(PersonSerializer):
    visible_units = serializers.SerializerMethodField(help_text="可查看其工作的单位id；null 表示全部")
    memberships = serializers.SerializerMethodField()
    oversees = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = PersonSerializer.Meta.fields + ["memberships", "oversees", "visible_units"]

    def get_roles(self, person: Person) -> list[str]:
        return sorted(roles_of(person.user))

    def get_memberships(self, person: Person) -> list[dict]:
        return [{"unit": m.unit_id, "role": m.role} for m in person.memberships.all()]

    def get_oversees(self, person: Person) -> list[int]:
        return [o.unit_id for o in person.oversights.all()]

    def get_visible_units(self, person: Person) -> list[int] | None:
        scope = unit_scope(person.user, VIEW)
        return None if scope.everything else sorted(scope.unit_ids)


@extend_schema(responses=MeSerializer, summary="当前用户：角色与可见单位", tags=["org"])
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request: Request) -> Response:
    person = (
        Person.objects.select_related("user", "unit")
        .prefetch_related("memberships", "oversights")
        .filter(user=request.user)
        .first()
    )
    if person is None:
        raise NotFound()
    return Response(MeSerializer(person).data)
