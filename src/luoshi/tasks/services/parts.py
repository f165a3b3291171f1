"""主办/协办: each co-unit reports on its own part of a task; the lead unit sees the parts and reports the
whole. A part never moves the task's progress: the task's figure is the lead unit's report (or, for a
task with sub-tasks, derived from them), so the roll-up and every light read one number."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.models import Unit
from luoshi.org.scopes import WORK, acting_person, unit_scope

from ..choices import EventKind, PartStatus
from ..eligibility import check_length
from ..models import Task, TaskPart
from ..recipients import recipients, unit_managers
from ..trail import change
from .steps import NO_PERSON, S, lock_visible, record_event

# A part is reported while the lead unit works on the task (from assignment until it asks to close).
REPORTING = frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS})


def parts_of(task: Task) -> list[TaskPart]:
    """One part per co-unit, in the org chart's order: the stored row, or a fresh one not yet reported."""
    stored = {part.unit_id: part for part in task.parts.select_related("unit", "reported_by")}
    return [
        stored.get(unit.pk) or TaskPart(task=task, unit=unit)
        for unit in task.co_units.order_by("tree_path", "pk")
    ]


def reporting_units(actor: Any, task: Task) -> list[Unit]:
    """The co-units of ``task`` whose part ``actor`` may report: those they work in."""
    scope = unit_scope(actor, WORK)
    return [unit for unit in task.co_units.order_by("tree_path", "pk") if unit.pk in scope]


@transaction.atomic
def report_part(
    task: Task | int, unit: Unit | int, *, actor: Any, progress_text: str, percent: Any, done: bool = False
) -> TaskPart:
    """A co-unit's report on its part: its text, percent and whether it is finished; the lead unit's
    managers and the task's owner hear of it."""
    text = (progress_text or "").strip()
    if not text:
        raise InvalidInput("请填写本单位承担部分的工作进展", "progress_required")
    check_length(text, "本单位承担部分的工作进展", "progress_text")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent") from None
    if not 0 <= percent <= 100:
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent")
    pk = task.pk if isinstance(task, Task) else task
    locked = lock_visible(pk, actor)
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    if not locked.co_units.filter(pk=unit_id).exists():
        raise NotFound("该单位不是这项任务的配合单位")
    if not actor.has_perm("tasks.report_part", locked) or unit_id not in unit_scope(actor, WORK):
        raise Forbidden("只有配合单位本单位的人员可以报送本单位承担的部分")
    if locked.status not in REPORTING:
        raise Conflict(
            f"任务当前状态为“{locked.status_label}”，不能报送协办进展。请刷新页面查看最新情况。",
            "wrong_state",
        )
    person = acting_person(actor, NO_PERSON, admins=True)
    part, _ = TaskPart.objects.select_for_update().get_or_create(task=locked, unit_id=unit_id)
    status = PartStatus.DONE if done or percent == 100 else PartStatus.IN_PROGRESS
    changes = [change("progress", part.progress, percent) | {"label": "协办进度"}]
    if status != part.status:
        changes.append(
            {
                "field": "status",
                "label": "协办状态",
                "old": PartStatus.label(part.status),
                "new": PartStatus.label(status),
            }
        )
    changes = [c for c in changes if c["old"] != c["new"]]
    part.status, part.progress, part.last_report = status, 100 if status == PartStatus.DONE else percent, text
    part.reported_by, part.reported_at = person, timezone.now()
    part.save()
    name = Unit.objects.values_list("name", flat=True).get(pk=unit_id)
    record_event(locked, actor, EventKind.PART_REPORTED, f"{name}：{text[:300]}", changes)
    notify(
        recipients(
            unit_managers(locked.lead_unit_id), [locked.owner.user if locked.owner else None], exclude=actor
        ),
        NotificationKind.PART_REPORTED,
        task=locked,
        title=f"配合单位报送：{locked.title}",
        body=f"{name}（{part.progress}%）：{text[:300]}",
    )
    return part
