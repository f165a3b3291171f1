"""Batch work over tasks selected in the ledger: each task through its own service, all or nothing.

A batch that cannot be done for every task is done for none, and says which tasks refused and why
in one Chinese list, so the person fixes the selection and tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from luoshi.core.errors import InvalidInput, ServiceError

from ..models import Task
from .followup import urge_task
from .lifecycle import assign

BATCH_MAX = 200  # four pages of the ledger; a larger batch is rather a filter and an export
BATCH_ACTIONS: dict[str, tuple[str, Callable[..., Task]]] = {
    "assign": ("交办", lambda task, actor, message: assign(task, actor=actor)),
    "urge": ("催办", lambda task, actor, message: urge_task(task, actor=actor, message=message)),
}


class BatchRefused(InvalidInput):
    """Some tasks refused: ``refusals`` holds (task id, title, reason) for each, in the order selected."""

    def __init__(self, verb: str, refusals: list[tuple[int, str, str]]):
        lines = "；".join(f"《{title}》：{reason}" for _, title, reason in refusals)
        super().__init__(f"有 {len(refusals)} 项任务不能{verb}，所选任务均未处理。{lines}", "batch_refused")
        self.refusals = refusals


def selected_ids(values: Iterable[Any]) -> list[int]:
    """The selected task ids, each once and in order; anything else is a Chinese error."""
    try:
        ids = list(dict.fromkeys(int(value) for value in values))
    except (TypeError, ValueError):
        raise InvalidInput("所选任务有误，请刷新页面后重新选择", "bad_selection") from None
    if not ids:
        raise InvalidInput("请先勾选任务", "empty_selection")
    if len(ids) > BATCH_MAX:
        raise InvalidInput(f"一次最多处理 {BATCH_MAX} 项任务，请分批操作", "selection_too_large")
    return ids


@transaction.atomic
def run_batch(action: str, task_ids: Iterable[Any], *, actor: Any, message: str = "") -> list[Task]:
    """Do ``action`` (交办 or 催办) to every selected task, or to none of them."""
    if action not in BATCH_ACTIONS:
        raise InvalidInput("未知的批量操作", "unknown_action")
    verb, call = BATCH_ACTIONS[action]
    ids = selected_ids(task_ids)
    done: list[Task] = []
    refused: list[tuple[int, str, bool]] = []
    for pk in ids:
        try:
            with transaction.atomic():  # a savepoint: a refusal leaves no half-written step behind
                done.append(call(pk, actor, message))
        except ServiceError as exc:
            refused.append((pk, exc.message, exc.status != 404))
    if refused:
        titles = dict(Task.objects.filter(pk__in=[pk for pk, _, _ in refused]).values_list("pk", "title"))
        # A task one may not see is named by its number only: its title is not the actor's to read.
        raise BatchRefused(
            verb, [(pk, titles[pk] if seen else f"任务{pk}", reason) for pk, reason, seen in refused]
        )
    return done
