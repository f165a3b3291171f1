"""Serializer pieces the apps' APIs share: the bases whose text fields refuse what a reader cannot see, a
relation answered as its ids, the page of an object, the input checked by a serializer, and ids looked up
as rows (a 400 naming the field when one is missing)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .errors import InvalidInput
from .filters import MAX_ID
from .text import guard_typed_text


class GuardedFields:
    """A serializer whose text fields refuse a NUL and the invisible characters (core.text): the project's
    serializers take it through ``GuardedSerializer`` and ``GuardedModelSerializer``."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields: dict[str, serializers.Field] = super().get_fields()  # type: ignore[misc]
        guard_typed_text(fields.values())
        return fields


class GuardedSerializer(GuardedFields, serializers.Serializer):
    pass


class GuardedModelSerializer(GuardedFields, serializers.ModelSerializer):
    pass


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdsField(serializers.Field):
    """A many-to-many relation as the sorted ids of its rows (prefetch it: no query per object)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> list[int]:
        return sorted(row.pk for row in value.all())


@extend_schema_field(OpenApiTypes.STR)
class PageField(serializers.Field):
    """The object's page: the ``route`` reversed with the object's ``lookup`` attribute."""

    def __init__(self, route: str, lookup: str = "pk", **kwargs: Any) -> None:
        self.route, self.lookup = route, lookup
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value: Any) -> str:
        return reverse(self.route, args=[getattr(value, self.lookup)])


class IdField(serializers.IntegerField):
    """A row's id in a body: a whole number from 1 to MAX_ID, so a larger one is a 400 ``invalid`` rather
    than an overflow of the database's integer binding (a 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The body checked by ``serializer_class`` (a 400 with its field errors otherwise), as a dict."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def rows(model: type[Model], ids: list[int], *, message: str, code: str, field: str) -> list[Any]:
    """The rows of ``ids``, or a 400 ``code`` saying ``message`` on ``field`` when one does not exist."""
    found = list(model._default_manager.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput(message, code, errors={field: [message]})
    return found
