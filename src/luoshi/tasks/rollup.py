"""Progress rolls up by one rule (DESIGN.md): a parent is the weighted average of its children,
a closed child counting 100% and a cancelled one not at all. Computed here and nowhere else."""
from __future__ import annotations

from .choices import TaskStatus


def child_progress(status: str, progress: int) -> int:
    return 100 if status == TaskStatus.CLOSED else progress


def recompute_ancestors(task) -> None:  # noqa: ANN001
    """Walk up from ``task``'s parent, re-deriving each ancestor's progress from its children."""
    from .models import Task

    parent_id = task.parent_id
    while parent_id is not None:
        children = Task.objects.filter(parent_id=parent_id).exclude(status=TaskStatus.CANCELLED)
        rows = list(children.values_list("status", "progress", "weight"))
        total = sum(weight for _, _, weight in rows)
        progress = round(sum(child_progress(s, p) * w for s, p, w in rows) / total) if total else 0
        Task.objects.filter(pk=parent_id).update(progress=progress)
        parent_id = Task.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
