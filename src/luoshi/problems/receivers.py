"""A measure is a task of the execution loop, changed by the tasks services: its problem follows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from luoshi.tasks.models import Task

from .models import Measure, follow_measures

FOLLOWED = {"status", "due_date"}


@receiver(post_save, sender=Task)
def _follow_measure_task(
    sender: Any, instance: Task, created: bool, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """A measure's task closed, reopened or got a new deadline: its problem's ``earliest_due`` follows. (A
    new task is not a measure yet: the service that makes the measure follows it.)"""
    if created or raw or (update_fields is not None and not FOLLOWED & set(update_fields)):
        return
    follow_measures(Measure.objects.filter(task=instance, problem__isnull=False).values("problem_id"))
