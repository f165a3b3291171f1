"""Restricted querysets: every list, lookup and API view starts from ``restrict``.

The rule itself comes from ``luoshi.core.visibility``, where each app registers its models' rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.http import Http404

from .visibility import access_denied, rule_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class RestrictedQuerySet(models.QuerySet):
    def restrict(
        self,
        user: AbstractBaseUser | AnonymousUser | None,
        action: str = "view",
    ) -> RestrictedQuerySet:
        """The rows ``user`` may reach for ``action``; none for anonymous users."""
        if user is None or not user.is_authenticated:
            return self.none()
        return cast(RestrictedQuerySet, rule_for(self.model).queryset(self, user, action))


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


def restricted_rows(model: type[models.Model]) -> RestrictedQuerySet:
    """All rows of a model whose default manager restricts, for a model known only at run time."""
    rows = model._default_manager.all()
    if not isinstance(rows, RestrictedQuerySet):
        raise TypeError(f"{model.__name__} does not restrict its rows")
    return rows


def get_visible_or_404(queryset: RestrictedQuerySet, user: Any, action: str = "view", **lookup: Any) -> Any:
    """Missing and forbidden answer alike, so ids cannot be probed (Zulip's access_* helpers). The row is
    read first and then judged by the rule's row form: that spares resolving everything the user may see."""
    try:
        found = queryset.get(**lookup)
        signed_in = user is not None and user.is_authenticated
        if not signed_in or not rule_for(queryset.model).allows(found, user, action):
            raise queryset.model.DoesNotExist
        return found
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        if user is not None and user.is_authenticated and _exists(queryset, lookup):
            access_denied.send(
                sender=queryset.model,
                user=user,
                action=action,
                request=None,
                target=f"{queryset.model._meta.label}:{lookup}",
            )
        raise Http404("对象不存在或您无权访问") from None


def _exists(queryset: RestrictedQuerySet, lookup: dict[str, Any]) -> bool:
    try:
        return queryset.filter(**lookup).exists()
    except (ValueError, TypeError):
        return False
