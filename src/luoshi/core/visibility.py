"""Who may see what: each model's rule, registered by the app that owns the model, and the one way every
list, lookup and API view applies it (``Model.objects.restrict(user, action)``, ``get_visible_or_404``).

Modelled on NetBox's RestrictedQuerySet, with the rule kept out of this app: ``core`` knows no units,
people or roles. An app writes a ``Rule`` for each restricted model in its own ``visibility`` module and
registers it when the app is ready; a model whose manager restricts but has no rule registered is an error,
never "everything".
"""

from __future__ import annotations

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
