"""One mechanism for "who may see what": every list, lookup and API view starts from ``restrict``.

Modelled on NetBox's RestrictedQuerySet. A model says which of its fields tie a row to a unit
(``scope_unit_fields``); the user's unit scope for an action comes from ``luoshi.org.scopes``. A model
whose rule is costly as a set may also answer for one row (``is_visible_to(user)``), for lookups.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: "AbstractBaseUser | AnonymousUser | None", action: str = "view") -> "RestrictedQuerySet":
        from luoshi.org.scopes import unit_scope

        if user is None or not user.is_authenticated:
            return self.none()
        hook = getattr(self.model, "restrict_queryset", None)
        if hook is not None:
            return hook(self, user, action)
        fields = getattr(self.model, "scope_unit_fields", None)
        if not fields:
            raise TypeError(f"{self.model.__name__} declares neither scope_unit_fields nor restrict_queryset")
        scope = unit_scope(user, action)
        if scope.everything:
            return self
        if not scope.unit_ids:
            return self.none()
        ids = sorted(scope.unit_ids)
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__in": ids})
        # A many-to-many field joins rows several times; a pk subquery keeps each row once.
        return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


def get_visible_or_404(queryset: RestrictedQuerySet, user: Any, action: str = "view", **lookup: Any) -> Any:
    """Missing and forbidden answer alike, so ids cannot be probed (Zulip's access_* helpers)."""
    from luoshi.accounts.audit import record_denial

    try:
        if action == "view" and hasattr(queryset.model, "is_visible_to"):
            # A model that can tell for one row spares resolving everything the user may see.
            found = queryset.get(**lookup)
            if not found.is_visible_to(user):
                raise queryset.model.DoesNotExist
            return found
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        if user is not None and user.is_authenticated and _exists(queryset, lookup):
            record_denial(user, f"{queryset.model._meta.label}:{lookup}", action)
        raise Http404("对象不存在或您无权访问") from None


def _exists(queryset: RestrictedQuerySet, lookup: dict[str, Any]) -> bool:
    try:
        return queryset.filter(**lookup).exists()
    except (ValueError, TypeError):
        return False
