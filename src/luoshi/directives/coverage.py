"""对标对表: every requirement of a directive with its tasks, their lights and progress, and what is not
yet covered (no task and not set aside) — rolled up through the directives that answer it.

The counts are over every task, so they are the same number for every reader; a reader sees only the
tasks they may see (a row whose tasks are all hidden says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.tasks.choices import Light, TaskStatus
from luoshi.tasks.lights import with_lights
from luoshi.tasks.models import Task

from .choices import RequirementStatus
from .models import Directive, Requirement

UNDERTAKEN_NOT = (TaskStatus.DRAFT, TaskStatus.CANCELLED)
LIGHT_WORDS = {Light.RED: "红", Light.YELLOW: "黄", Light.GREEN: "绿", Light.NONE: "—"}


@dataclass
class CoverageRow:
    directive: Directive
    requirement: Requirement
    tasks: list[Any] = field(default_factory=list)  # the ones the reader may see
    counted: list[Any] = field(default_factory=list)  # all of them, for the counts
    answering: list[CoverageRow] = field(default_factory=list)  # lower requirements carrying this one out

    @property
    def hidden_tasks(self) -> bool:
        """Tasks exist but none is visible to the reader."""
        return bool(self.counted) and not self.tasks

    @property
    def carried_out(self) -> bool:
        """A lower requirement carries an upper one out only through work handed to a unit: a draft
        nobody assigned, or a cancelled task, promises nothing."""
        return any(t.status not in UNDERTAKEN_NOT for t in self.counted)

    @property
    def covered(self) -> bool:
        own = bool(self.counted) or self.requirement.status == RequirementStatus.REJECTED
        return own or any(a.carried_out for a in self.answering)


@dataclass
class Coverage:
    directive: Directive
    rows: list[CoverageRow]

    @property
    def totals(self) -> dict[str, int]:
        tasks = [t for row in self.rows for t in row.counted]
        return {
            "requirements": len(self.rows),
            "with_tasks": sum(bool(r.counted) for r in self.rows),
            "rejected": sum(r.requirement.status == RequirementStatus.REJECTED for r in self.rows),
            "uncovered": sum(not r.covered for r in self.rows),
            "tasks": len(tasks),
            "red": sum(t.light == Light.RED for t in tasks),
        }


def coverage(directive: Directive, user: Any) -> Coverage:
    """The matrix for ``directive`` as ``user`` sees it: its requirements and those of every directive that
    answers it, each with the tasks the user may see (a task hidden from the user still covers its row)."""
    sources = [directive, *directive.answered_by.order_by("issued_on", "id")]
    requirements = list(
        Requirement.objects.filter(directive__in=sources).select_related("directive").order_by("start", "id")
    )
    everything = (
        with_lights(Task.objects.filter(requirement__in=requirements), timezone.localdate())
        .select_related("lead_unit")
        .order_by("id")
    )
    visible = set(
        Task.objects.restrict(user, "view").filter(requirement__in=requirements).values_list("pk", flat=True)
    )
    counted: dict[int, list[Any]] = {}
    tasks: dict[int, list[Any]] = {}
    for task in everything:
        task.light_word = LIGHT_WORDS.get(task.light, "—")
        counted.setdefault(task.requirement_id, []).append(task)
        if task.pk in visible:
            tasks.setdefault(task.requirement_id, []).append(task)
    order = {d.pk: i for i, d in enumerate(sources)}
    rows = [
        CoverageRow(r.directive, r, tasks.get(r.pk, []), counted.get(r.pk, []))
        for r in sorted(requirements, key=lambda r: (order[r.directive_id], r.start, r.pk))
    ]
    by_pk = {row.requirement.pk: row for row in rows}
    links = Requirement.answers.through.objects.filter(
        to_requirement__directive=directive, from_requirement_id__in=by_pk
    )
    for upper_id, lower_id in links.values_list("to_requirement_id", "from_requirement_id").order_by("id"):
        if upper_id in by_pk:
            by_pk[upper_id].answering.append(by_pk[lower_id])
    return Coverage(directive, rows)


def export_rows(matrix: Coverage) -> list[list[Any]]:
    """One line per task (a requirement without one gets a line of its own), for the Excel export."""
    lines = []
    for number, row in enumerate(matrix.rows, start=1):
        state = (
            "未覆盖"
            if not row.covered
            else "已转任务"
            if row.tasks
            else "已转任务（无权查看）"
            if row.hidden_tasks
            else "由下级要求落实"
            if row.answering
            else "不作为任务"
        )
        answering = "；".join(a.requirement.text[:40] for a in row.answering)
        base = [number, row.directive.title, row.requirement.text, state, answering]
        if not row.tasks:
            lines.append([*base, row.requirement.reject_reason, "", "", "", ""])
        for task in row.tasks:
            lines.append(
                [*base, task.title, task.lead_unit.name, task.light_word, f"{task.progress}%", task.due_date]
            )
    return lines


def check_answers(directive: Directive, uppers: list[Directive]) -> list[Directive]:
    """A directive answers others, never itself nor one that (through others) answers it."""
    if any(u.pk == directive.pk for u in uppers):
        raise InvalidInput("文件不能落实自己", "answers_self", errors={"answers": ["不能选择本文件"]})
    below: set[int] = set()
    frontier = {directive.pk}
    while frontier:
        frontier = (
            set(
                Directive.answers.through.objects.filter(to_directive_id__in=frontier).values_list(
                    "from_directive_id", flat=True
                )
            )
            - below
        )
        below |= frontier
    looped = [u.title for u in uppers if u.pk in below]
    if looped:
        raise InvalidInput(
            f"“{'、'.join(looped)}”本身在落实这份文件，不能互相落实",
            "answers_loop",
            errors={"answers": ["不能互相落实"]},
        )
    return uppers


def check_requirement_answers(requirement: Requirement, uppers: list[Requirement]) -> list[Requirement]:
    """A requirement answers requirements of the directives its own directive answers, never itself."""
    if any(u.pk == requirement.pk for u in uppers):
        raise InvalidInput("要求不能落实自己", "answers_self", errors={"answers": ["不能选择本条要求"]})
    allowed = set(requirement.directive.answers.values_list("pk", flat=True))
    stray = [u.text[:20] for u in uppers if u.directive_id not in allowed]
    if stray:
        raise InvalidInput(
            f"“{'、'.join(stray)}”不属于本文件落实的上级部署，请先设置落实的上级部署",
            "answers_outside",
            errors={"answers": ["只能选择本文件落实的上级部署中的要求"]},
        )
    return uppers
