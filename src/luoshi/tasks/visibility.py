"""Who may see a task: the rule written once, and every form the lists and lookups need derived from it.

The direct condition (``reach``): a task is directly within a user's reach for an action when its lead
unit lies in the user's unit scope for that action (``org.scopes``) or — for reading — one of its
co-units does, or when the user created it, or is its leader in charge (分管领导) or its owner
(责任人).
For reading, a task is also visible when a task above it is directly visible: a parent's people see the
sub-tasks it rolls up.

Derived forms:
- ``Reach.q()``: the direct condition as a row condition, for lists that narrow the rows first (我的待办);
- ``TaskRule.queryset``: the set, behind ``Task.objects.restrict``;
- ``TaskRule.allows``: one task, decided from its own row when it can (a task's page);
- ``Reach.visible_by_due_date()``: the set with each task's deadline, from indexes alone, for a list
  ordered by deadline (``queries.VisibleByDueDate``).
A property test over generated organisations holds every form to the direct condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, ForeignKey, ManyToManyField, Model, OuterRef, Q, QuerySet

from luoshi.core.trees import path_ids
from luoshi.core.visibility import Rule
from luoshi.org.scopes import VIEW, person_of, unit_scope

from .models import ExtensionRequest, Task, TaskAncestor


@dataclass(frozen=True)
class Link:
    """The tasks whose ``field`` (a foreign key or a many-to-many field of Task) holds one of ``ids``."""

    field: str
    ids: tuple[int, ...]

    @property
    def _many(self) -> Any:
        """The link table of a many-to-many field with its two column names, or None for a foreign key."""
        field = Task._meta.get_field(self.field)
        if not isinstance(field, ManyToManyField):
            return None
        return (
            field.remote_field.through,
            f"{field.m2m_field_name()}_id",
            f"{field.m2m_reverse_field_name()}_id",
        )

    @property
    def on_row(self) -> bool:
        """Whether a task's own row tells (a foreign key), rather than a link table."""
        return self._many is None

    def q(self, correlated: bool = False) -> Q:
        """As a row condition. ``correlated`` asks a many-to-many link row by row (EXISTS), for a few
        rows already chosen; otherwise as one id subquery, which the set form reads from its index."""
        many = self._many
        if many is None:
            return Q(**{f"{self.field}__in": self.ids})
        through, task_column, other_column = many
        if correlated:
            links = through.objects.filter(**{task_column: OuterRef("pk"), f"{other_column}__in": self.ids})
            return Q(Exists(links))
        return Q(pk__in=self.task_ids())

    def task_ids(self) -> QuerySet:
        """The ids of the tasks it holds, read from the index on ``field`` alone."""
        many = self._many
        if many is None:
            return Task.objects.filter(**{f"{self.field}__in": self.ids}).order_by().values("pk")
        through, task_column, other_column = many
        return through.objects.filter(**{f"{other_column}__in": self.ids}).order_by().values(task_column)

    def task_ids_with_due_date(self) -> QuerySet:
        many = self._many
        if many is None:
            return (
                Task.objects.filter(**{f"{self.field}__in": self.ids})
                .order_by()
                .values_list("id", "due_date")
            )
        through, task_column, other_column = many
        return (
            through.objects.filter(**{f"{other_column}__in": self.ids})
            .order_by()
            .values_list(task_column, f"{task_column.removesuffix('_id')}__due_date")
        )

    def holds(self, task: Task) -> bool | None:
        """Whether the task's own row satisfies it; None when only the link table can tell."""
        if not self.on_row:
            return None
        field = Task._meta.get_field(self.field)
        if not isinstance(field, ForeignKey):
            raise TypeError(
                f"Link.field must name a foreign key or a many-to-many field of Task: {self.field}"
            )
        return getattr(task, field.attname) in self.ids


@dataclass(frozen=True)
class Reach:
    """The tasks one user reaches directly for one action, and whether the tasks below them come too."""

    everything: bool = False
    links: tuple[Link, ...] = ()
    below: bool = False

    def q(self, correlated: bool = False) -> Q:
        """The direct condition as a row condition; never an empty ``Q()``, which ``|`` would absorb."""
        if self.everything:
            return Q(pk__isnull=False)
        condition = Q(pk__in=[])
        for link in self.links:
            condition |= link.q(correlated)
        return condition

    def direct_ids(self) -> QuerySet:
        """The directly reached tasks' ids, each part read from its own index (UNION ALL)."""
        first, *rest = [link.task_ids() for link in self.links]
        return first.union(*rest, all=True)

    def visible_by_due_date(self) -> QuerySet:
        """Every visible task's id and deadline (UNION, so each task once): the tasks below the directly
        reached ones come with the deadline copied into the ancestors table, from its index alone."""
        below = (
            TaskAncestor.objects.filter(ancestor__in=self.direct_ids())
            .order_by()
            .values_list("task_id", "task_due_date")
        )
        first, *rest = [link.task_ids_with_due_date() for link in self.links]
        return first.union(*rest, below)


def reach(user: Any, action: str = VIEW) -> Reach:
    """The direct condition for ``user`` and ``action``: the one definition every form derives from."""
    scope = unit_scope(user, action)
    if scope.everything:
        return Reach(everything=True)
    units = tuple(sorted(scope.unit_ids))
    person = person_of(user)
    people = (person.pk,) if person is not None else ()
    links = [
        Link("lead_unit", units),
        Link("co_units", units if action == VIEW else ()),
        Link("created_by", (user.pk,)),
        Link("leader", people),
        Link("owner", people),
    ]
    return Reach(links=tuple(link for link in links if link.ids), below=action == VIEW)


class TaskRule(Rule[Task]):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        found = reach(user, action)
        if found.everything:
            return queryset
        if not found.below:
            return queryset.filter(found.q())
        if connection.vendor == "postgresql":
            # PostgreSQL cannot combine an IN (subquery) with the other branches' indexes and would scan
            # every task (0.5 s at 200,000): the same set as a UNION, each part read from its index.
            direct = found.direct_ids()
            below = TaskAncestor.objects.filter(ancestor__in=direct).order_by().values("task_id")
            return queryset.filter(pk__in=direct.union(below, all=True))
        # SQLite reads each branch of the OR from its own index ("multi-index OR").
        reached = found.q()
        under = TaskAncestor.objects.filter(ancestor__in=Task.objects.filter(reached).values("pk"))
        return queryset.filter(reached | Q(pk__in=under.values("task_id")))

    def allows(self, task: Task, user: Any, action: str) -> bool:
        """Most tasks are decided by their own row; the rest by one query over the task and those above
        it (for reading), without resolving the user's whole visible set."""
        found = reach(user, action)
        if found.everything or any(link.holds(task) for link in found.links):
            return True
        return task.pk in _reached_on_path(found, {task.pk: task.tree_path})


def _reached_on_path(found: Reach, paths: dict[int, str]) -> set[int]:
    """The tasks among ``paths`` (id → tree path) that are reached directly or, when ``found`` reaches
    below, through a task above them: one query over every task on those paths."""
    chains = {pk: (path_ids(path) or [pk]) if found.below else [pk] for pk, path in paths.items()}
    on_paths = {pk for chain in chains.values() for pk in chain}
    direct = set(
        Task.objects.filter(found.q(correlated=True), pk__in=sorted(on_paths)).values_list("pk", flat=True)
    )
    return {pk for pk, chain in chains.items() if direct.intersection(chain)}


class ExtensionRequestRule(Rule[ExtensionRequest]):
    """An extension request goes with its task."""

    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        return queryset.filter(task__in=Task.objects.restrict(user, action).values("pk"))


RULES: dict[type[Model], Rule[Any]] = {Task: TaskRule(), ExtensionRequest: ExtensionRequestRule()}


def may_see(user: Any, task: Task) -> bool:
    """The row form for reading, for the permission rules and a task's page; never for anonymous users."""
    return user is not None and user.is_authenticated and RULES[Task].allows(task, user, VIEW)


def visible_among(user: Any, ids: set[int]) -> set[int]:
    """The tasks among ``ids``, picked by other rules (我的待办's lists), that ``user`` may see: the row
    form for a page of rows at once. Most are decided by their own row; the rest by one more query."""
    found = reach(user, VIEW)
    if found.everything or not ids:
        return set(ids)
    own_fields = [link.field for link in found.links if link.on_row]
    tasks = Task.objects.filter(pk__in=sorted(ids)).only("tree_path", *own_fields)
    decided = {task.pk for task in tasks if any(link.holds(task) for link in found.links)}
    rest = {task.pk: task.tree_path for task in tasks if task.pk not in decided}
    return decided | (_reached_on_path(found, rest) if rest else set())
