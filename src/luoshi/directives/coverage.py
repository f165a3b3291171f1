"""对标对表: every requirement of a directive with its tasks, their lights and progress, and what is not
yet covered (no task and not set aside) — rolled up through the directives that answer it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.tasks.choices import Light
from luoshi.tasks.lights import with_lights
from luoshi.tasks.models import Task

from .choices import RequirementStatus
from .models import Directive, Requirement

LIGHT_WORDS = {Light.RED: "红", Light.YELLOW: "黄", Light.GREEN: "绿", Light.NONE: "—"}


@dataclass
class CoverageRow:
    directive: Directive
    requirement: Requirement
    tasks: list[Any] = field(default_factory=list)
    hidden_tasks: bool = False  # tasks exist but none is visible to the reader

    @property
    def covered(self) -> bool:
        return bool(self.tasks) or self.requirement.status == RequirementStatus.REJECTED


@dataclass
class Coverage:
    directive: Directive
    rows: list[CoverageRow]

    @property
    def totals(self) -> dict[str, int]:
        tasks = [t for row in self.rows for t in row.tasks]
        return {"requirements": len(self.rows), "with_tasks": sum(bool(r.tasks) for r in self.rows),
                "rejected": sum(r.requirement.status == RequirementStatus.REJECTED for r in self.rows),
                "uncovered": sum(not r.covered for r in self.rows), "tasks": len(tasks),
                "red": sum(t.light == Light.RED for t in tasks)}


def coverage(directive: Directive, user: Any) -> Coverage:
    """The matrix for ``directive`` as ``user`` sees it: its requirements and those of every directive that
    answers it, each with the tasks the user may see (a task hidden from the user still covers its row)."""
    sources = [directive, *directive.answered_by.order_by("issued_on", "id")]
    requirements = list(Requirement.objects.filter(directive__in=sources).select_related("directive")
                        .order_by("start", "id"))
    visible = {t.pk: t for t in with_lights(Task.objects.restrict(user, "view"), timezone.localdate())
               .filter(requirement__in=requirements).select_related("lead_unit").order_by("id")}
    tasks: dict[int, list[Any]] = {}
    hidden: set[int] = set(Task.objects.filter(requirement__in=requirements).exclude(pk__in=visible)
                           .values_list("requirement_id", flat=True))
    for task in visible.values():
        task.light_word = LIGHT_WORDS.get(task.light, "—")
        tasks.setdefault(task.requirement_id, []).append(task)
    order = {d.pk: i for i, d in enumerate(sources)}
    rows = [CoverageRow(r.directive, r, tasks.get(r.pk, [])) for r in
            sorted(requirements, key=lambda r: (order[r.directive_id], r.start, r.pk))]
    for row in rows:
        row.hidden_tasks = row.requirement.pk in hidden and not row.tasks
    return Coverage(directive, rows)


def export_rows(matrix: Coverage) -> list[list[Any]]:
    """One line per task (a requirement without one gets a line of its own), for the Excel export."""
    lines = []
    for number, row in enumerate(matrix.rows, start=1):
        state = ("未覆盖" if not row.covered else "不作为任务" if not row.tasks else "已转任务")
        base = [number, row.directive.title, row.requirement.text, state]
        if not row.tasks:
            lines.append([*base, row.requirement.reject_reason, "", "", "", ""])
        for task in row.tasks:
            lines.append([*base, task.title, task.lead_unit.name, task.light_word, f"{task.progress}%",
                          task.due_date])
    return lines


def check_answers(directive: Directive, uppers: list[Directive]) -> list[Directive]:
    """A directive answers others, never itself nor one that (through others) answers it."""
    if any(u.pk == directive.pk for u in uppers):
        raise InvalidInput("文件不能落实自己", "answers_self", errors={"answers": ["不能选择本文件"]})
    below: set[int] = set()
    frontier = {directive.pk}
    while frontier:
        frontier = set(Directive.answers.through.objects.filter(to_directive_id__in=frontier)
                       .values_list("from_directive_id", flat=True)) - below
        below |= frontier
    looped = [u.title for u in uppers if u.pk in below]
    if looped:
        raise InvalidInput(f"“{'、'.join(looped)}”本身在落实这份文件，不能互相落实", "answers_loop",
                           errors={"answers": ["不能互相落实"]})
    return uppers
