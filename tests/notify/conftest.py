import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from luoshi.notify.models import Notification
from luoshi.org.models import Person
from luoshi.tasks import rollup
from luoshi.tasks.models import Task
from tests.tasks.conftest import make_task, today  # noqa: F401  (shared task fixtures)

D = dt.date


@pytest.fixture
def craft(make_task):  # noqa: F811
    """A task in a given state on crafted dates: made through the services, then moved in time."""

    def make(state="acknowledged", owner=None, assigned_on=None, **dates):
        task = make_task(assign=state == "assigned", acknowledge=state in {"acknowledged", "closed"},
                         owner=Person.objects.get(user__username=owner) if owner else None,
                         **{k: v for k, v in dates.items() if k in {"lead", "leader", "title"}})
        fields = {k: v for k, v in dates.items() if k not in {"lead", "leader", "title"}}
        if assigned_on:
            fields["assigned_at"] = timezone.make_aware(dt.datetime.combine(assigned_on, dt.time(10)))
        if state == "closed":
            fields.update(status="closed", next_report_due=None)
        Task.objects.filter(pk=task.pk).update(**fields)
        task.refresh_from_db()
        with transaction.atomic():  # the roll-up locks the task's path, as inside every service
            rollup.refresh(task)
        return task

    return make


def sent_to(kind, task=None):
    """Who got a notification of this kind (about this task), as sorted usernames."""
    rows = Notification.objects.filter(kind=kind)
    if task is not None:
        rows = rows.filter(task=task)
    return sorted(rows.values_list("recipient__username", flat=True))
