"""Restricted querysets: every list, lookup and API view starts from ``restrict``.

The rule itself comes from ``luoshi.core.visibility``, where each app registers its models' rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.http import Http404

from .visibility import access_denied, answering, rule_for

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


def lock_then_read(rows: models.QuerySet, pk: Any, *related: str) -> Any:
    """The row ``pk`` locked alone, then read with its ``related`` rows, or None. Read in the locking
    statement, on PostgreSQL the related rows would either be locked too (FOR UPDATE without OF) or
    stay as they were before a change the lock waited for; read after the lock, they are as committed."""
    if not rows.select_for_update().filter(pk=pk).exists():
        return None
    return rows.select_related(*related).filter(pk=pk).first()


def restricted_rows(model: type[models.Model]) -> RestrictedQuerySet:
    """All rows of a model whose default manager restricts, for a model known only at run time."""
    rows = model._default_manager.all()
    if not isinstance(rows, RestrictedQuerySet):
        raise TypeError(f"{model.__name__} does not restrict its rows")
    return rows


class HiddenOr404(Http404):
    """The 404 of ``get_visible_or_404``: absent or beyond the user's rights, and in the latter case
    already in the security audit (the API's error handler records the other 404s of a detail route)."""


def get_visible_or_404(queryset: RestrictedQuerySet, user: Any, action: str = "view", **lookup: Any) -> Any:
    """Missing and forbidden answer alike, so ids cannot be probed (Zulip's access_* helpers). The row is
    read first and then judged by the rule's row form: that spares resolving everything the user may see,
    and a row read and refused is the 越权访问 the security audit records, with no second query."""
    signed_in = user is not None and user.is_authenticated
    try:
        found = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise HiddenOr404("对象不存在或您无权访问") from None
    if not signed_in or not rule_for(queryset.model).allows(found, user, action):
        if signed_in:
            record_hidden(queryset.model, user, action, lookup, request=answering.get())
        raise HiddenOr404("对象不存在或您无权访问")
    return found


def record_hidden(
    model: type[models.Model], user: Any, action: str, lookup: dict[str, Any], request: Any = None
) -> None:
    """A signed-in user asked for a row of ``model`` that exists beyond their rights (越权访问): answered
    404 like an absent one, and told to the security audit (with the source address when ``request``
    is given)."""
    access_denied.send(
        sender=model, user=user, action=action, request=request, target=f"{model._meta.label}:{lookup}"
    )
