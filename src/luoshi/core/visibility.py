"""Who may see what: each model's rule, registered by the app that owns the model, and the one way every
list, lookup and API view applies it (``Model.objects.restrict(user, action)``, ``get_visible_or_404``).

Modelled on NetBox's RestrictedQuerySet, with the rule kept out of this app: ``core`` knows no units,
people or roles. An app writes a ``Rule`` for each restricted model in its own ``visibility`` module and
registers it when the app is ready; a model whose manager restricts but has no rule registered is an error,
never "everything".
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

from django.db import models
from django.dispatch import Signal

M = TypeVar("M", bound=models.Model)


class Rule(Generic[M]):
    """How one model (``M``) answers "may this user do ``action`` with these rows?"."""

    def queryset(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        """The rows of ``queryset`` the signed-in ``user`` may reach for ``action`` (the set form)."""
        raise NotImplementedError

    def allows(self, obj: M, user: Any, action: str) -> bool:
        """Whether ``user`` may reach this one row (the row form). Rules whose set is costly to resolve
        answer from the row's own fields where they can."""
        return self.queryset(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


class TrailRule(Rule[M]):
    """The entries of a trail that several readers share on one page (a meeting's, a period's): each reader
    sees those about what they may read. An entry about a row (``about``, a nullable foreign key) follows
    that row — through ``rows``, a rule over the entries themselves, or else the related model's own rule,
    the one its lists and API apply — and an entry about none is read by whoever ``shared`` admits."""

    def __init__(self, about: str, *, shared: Callable[[Any], bool], rows: Rule[M] | None = None) -> None:
        self.about = about
        self.shared = shared
        self.rows = rows

    def _related(self, model: type[models.Model]) -> type[models.Model]:
        return model._meta.get_field(self.about).related_model  # type: ignore[return-value]

    def queryset(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        about_some = queryset.filter(**{f"{self.about}__isnull": False})
        if self.rows is not None:
            readable = self.rows.queryset(about_some, user, action)
        else:
            related = self._related(queryset.model)
            rows = rule_for(related).queryset(related._default_manager.all(), user, action)
            readable = about_some.filter(**{f"{self.about}__in": rows.values("pk")})
        if self.shared(user):
            return readable | queryset.filter(**{f"{self.about}__isnull": True})
        return readable

    def allows(self, obj: M, user: Any, action: str) -> bool:
        if getattr(obj, f"{self.about}_id") is None:
            return self.shared(user)
        if self.rows is not None:
            return self.rows.allows(obj, user, action)
        related = getattr(obj, self.about)
        return rule_for(type(related)).allows(related, user, action)


_RULES: dict[type[models.Model], Rule[Any]] = {}


def register(model: type[models.Model], rule: Rule[Any]) -> None:
    """Make ``rule`` the answer for ``model`` (called from the owning app's ``ready``)."""
    _RULES[model] = rule


def rule_for(model: type[models.Model]) -> Rule[Any]:
    try:
        return _RULES[model]
    except KeyError:
        raise TypeError(f"{model.__name__} restricts its rows but has no visibility rule") from None


# Sent when a signed-in user asks for something that exists beyond their rights (keyword arguments
# ``user``, ``target``, ``action``, ``request``); the security audit listens.
access_denied = Signal()

# The request being answered (set by core.middleware.CurrentRequestMiddleware; None in the CLI and the
# tick), so a denial found deep in a lookup still carries the source address other 越权访问 rows carry.
answering: ContextVar[Any] = ContextVar("answering", default=None)
