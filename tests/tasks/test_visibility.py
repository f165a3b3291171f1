"""Every derived form of the task visibility rule agrees with the rule as written, on generated
organisations: random unit trees, people with roles and oversight, task trees with co-units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from luoshi.core.trees import child_path, path_ids
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Oversight
from luoshi.org.scopes import ACTIONS, VIEW, person_of, unit_scope
from luoshi.tasks.models import Task, TaskAncestor
from luoshi.tasks.queries import VisibleByDueDate
from luoshi.tasks.visibility import RULES, may_see, reach, visible_among
from tests.factories import PersonFactory, UnitFactory, UserFactory

DAY = dt.date(2026, 3, 2)


@dataclass
class Spec:
    unit_parents: list[int | None]
    memberships: list[tuple[int, int, str]]
    oversights: list[tuple[int, int]]
    people: int
    tasks: list[dict]


@st.composite
def organisations(draw: st.DrawFn) -> Spec:
    units = draw(st.integers(1, 6))
    parents = [None] + [draw(st.none() | st.integers(0, index - 1)) for index in range(1, units)]
    people = draw(st.integers(1, 4))
    person, unit = st.integers(0, people - 1), st.integers(0, units - 1)
    roles = st.sampled_from(Role.values())
    memberships = draw(st.lists(st.tuples(person, unit, roles), max_size=6, unique=True))
    oversights = draw(st.lists(st.tuples(person, unit), max_size=3, unique=True))
    tasks = []
    for index in range(draw(st.integers(1, 9))):
        tasks.append(
            {
                "parent": draw(st.none() | st.integers(0, index - 1)) if index else None,
                "lead": draw(unit),
                "co": draw(st.sets(unit, max_size=2)),
                "created_by": draw(st.none() | person),
                "leader": draw(st.none() | person),
                "owner": draw(st.none() | person),
                "due": draw(st.none() | st.integers(0, 4).map(lambda days: DAY + dt.timedelta(days=days))),
            }
        )
    return Spec(parents, memberships, oversights, people, tasks)


def build(spec: Spec) -> None:
    units = []
    for parent in spec.unit_parents:
        units.append(UnitFactory(parent=None if parent is None else units[parent]))
    people = [PersonFactory(unit=units[0]) for _ in range(spec.people)]
    for person, unit, role in spec.memberships:
        Membership.objects.create(person=people[person], unit=units[unit], role=role)
    for person, unit in spec.oversights:
        Oversight.objects.create(leader=people[person], unit=units[unit])
    tasks: list[Task] = []
    for index, row in enumerate(spec.tasks):
        parent = None if row["parent"] is None else tasks[row["parent"]]
        task = Task.objects.create(
            title=f"任务{index}",
            parent=parent,
            lead_unit=units[row["lead"]],
            due_date=row["due"],
            created_by=None if row["created_by"] is None else people[row["created_by"]].user,
            leader=None if row["leader"] is None else people[row["leader"]],
            owner=None if row["owner"] is None else people[row["owner"]],
        )
        task.co_units.set([units[unit] for unit in row["co"]])
        task.tree_path = child_path(parent.tree_path if parent else None, task.pk)
        Task.objects.filter(pk=task.pk).update(tree_path=task.tree_path)
        TaskAncestor.objects.bulk_create(
            TaskAncestor(task=task, ancestor_id=pk, task_due_date=task.due_date)
            for pk in path_ids(task.tree_path)[:-1]
        )
        tasks.append(task)


def as_written(user, action: str) -> set[int]:
    """The rule in its own words, task by task, in Python."""
    scope, person = unit_scope(user, action), person_of(user)
    tasks = {task.pk: task for task in Task.objects.prefetch_related("co_units")}

    def direct(task: Task) -> bool:
        return (
            scope.everything
            or task.lead_unit_id in scope.unit_ids
            or (action == VIEW and any(unit.pk in scope.unit_ids for unit in task.co_units.all()))
            or task.created_by_id == user.pk
            or (person is not None and person.pk in (task.leader_id, task.owner_id))
        )

    if action != VIEW:
        return {pk for pk, task in tasks.items() if direct(task)}
    return {
        pk for pk, task in tasks.items() if any(direct(tasks[above]) for above in path_ids(task.tree_path))
    }


class TestEveryFormAgrees(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(organisations())
    def test_every_derived_form_equals_the_rule_as_written(self, spec: Spec) -> None:
        build(spec)
        every = set(Task.objects.values_list("pk", flat=True))
        for account in get_user_model().objects.order_by("pk"):
            for action in ACTIONS:
                expected = as_written(account, action)
                label = (account.username, action)
                restricted = Task.objects.restrict(account, action).values_list("pk", flat=True)
                assert set(restricted) == expected, label
                allowed = {
                    task.pk for task in Task.objects.all() if RULES[Task].allows(task, account, action)
                }
                assert allowed == expected, label
            visible = as_written(account, VIEW)
            assert {task.pk for task in Task.objects.all() if may_see(account, task)} == visible
            assert visible_among(account, every) == visible
            ordered = sorted(
                Task.objects.filter(pk__in=visible),
                key=lambda task: (task.due_date is None, task.due_date, task.pk),
            )
            if not unit_scope(account, VIEW).everything:
                source = VisibleByDueDate(account)
                assert [pk for pk, _ in source.keys_with_total(0, 100)] == [task.pk for task in ordered]
                assert source.count() == len(visible)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(organisations())
    def test_the_direct_condition_reaches_each_task_itself(self, spec: Spec) -> None:
        """``Reach.q`` is the rule without the tasks below: a task it holds is visible by its own row."""
        build(spec)
        for account in get_user_model().objects.order_by("pk"):
            found = reach(account, VIEW)
            direct = set(Task.objects.filter(found.q()).values_list("pk", flat=True))
            assert direct == set(Task.objects.filter(found.q(correlated=True)).values_list("pk", flat=True))
            assert direct <= as_written(account, VIEW)
            for pk in as_written(account, VIEW) - direct:
                assert direct.intersection(path_ids(Task.objects.get(pk=pk).tree_path))


def test_anonymous_and_bare_accounts_see_nothing(db) -> None:
    task = Task.objects.create(title="任务", lead_unit=UnitFactory())
    assert not may_see(None, task)
    assert not Task.objects.restrict(None).exists()
    assert not Task.objects.restrict(UserFactory()).exists()
