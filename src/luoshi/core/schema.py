"""The OpenAPI schema says what the API does: what a field may answer, which filters an operation reads and
which refusals any operation of its kind can give, decided here once rather than by hand in every view."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django_filters import ChoiceFilter, MultipleChoiceFilter
from drf_spectacular import openapi
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework import serializers

from .api import ERROR_TEXT

WRITES = {"post", "put", "patch", "delete"}
METHODS = {"get", *WRITES}
PAGING = {"page", "page_size"}
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with what a model serializer's read-only fields and a viewset's actions answer."""

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        """A read-only field that falls back to None (``default=None``, a relation that may be absent)
        answers null."""
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and field.read_only and field.default is None:
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        """A read-only choice of a model field that may be blank answers "" too: DRF drops ``allow_blank``
        from read-only fields, so without this the schema's enum left out an answer the API gives."""
        if isinstance(field, serializers.ChoiceField) and field.read_only and _blank_in_model(field):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_filter_backends(self) -> list[Any]:
        """A viewset's filters apply to its list; its other actions that answer lists read none of them."""
        if getattr(self.view, "action", "list") != "list":
            return []
        backends: list[Any] = super().get_filter_backends()
        return backends


class Session(SessionScheme):
    """The session of core.api, described as DRF's (cookieAuth)."""

    target_class = "luoshi.core.api.SessionAuthentication"


class DjangoFilters(DjangoFilterExtension):
    """django-filter's parameters, with the blank value a single choice filter takes as "not filtered"
    (the pages' forms send it for 全部)."""

    priority = 1

    def resolve_filter_field(
        self, auto_schema: Any, model: Any, filterset_class: Any, field_name: str, filter_field: Any
    ) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        if isinstance(filter_field, ChoiceFilter) and not isinstance(filter_field, MultipleChoiceFilter):
            for parameter in parameters:
                enum = parameter["schema"].get("enum")
                if enum and "" not in enum and not parameter.get("required"):
                    parameter["schema"]["enum"] = [*enum, ""]
        return parameters


def document_refusals(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: every authenticated operation lists the refusals any operation of its kind can
    give (docs/api.md, Errors), besides those its view names.

    - 401 and 403: any of them (no credentials; an administrator's account, a session that must change its
      password or pass its second factor, or a missing right);
    - 400: a body (unparsable, invalid) or a query parameter beyond the page's (a bad filter value);
    - 404: a path parameter (an id absent or not visible) or a page number past the last page;
    - 409: a state change (wrong state, a concurrent change, an Idempotency-Key reused).
    """
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS or not operation.get("security"):
                continue  # the token endpoint: it documents its own refusals
            parameters = operation.get("parameters", [])
            query = {p["name"] for p in parameters if p["in"] == "query"}
            statuses = {401, 403}
            if method in WRITES or query - PAGING:
                statuses.add(400)
            if "page" in query or any(p["in"] == "path" for p in parameters):
                statuses.add(404)
            if method in WRITES:
                statuses.add(409)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(
                    str(status),
                    {
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                        "description": ERROR_TEXT[status],
                    },
                )
            operation["responses"] = dict(sorted(responses.items()))
    return result


def _blank_in_model(field: serializers.Field) -> bool:
    """Whether a model serializer's field reads a model field that may be blank."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or len(field.source_attrs) != 1:
        return False
    try:
        return bool(model._meta.get_field(field.source_attrs[0]).blank)
    except FieldDoesNotExist:
        return False
