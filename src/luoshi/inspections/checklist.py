"""The checklist answered from what luoshi already holds (报一次: a unit is never asked for a fact twice).

For a point drawn from a task and a target unit, the evidence is the work of that unit on the task or on
any task below it: the latest 复命 of the tasks it leads (text, percent, date, files), its 协办 part's
last report, a close-out. A point with no evidence for a unit is what the inspector still has to ask.
Read for a whole campaign in a fixed number of queries, whatever its size. The evidence is what its reader
may see of the tasks (their own rule): a task they may not open answers nothing for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from luoshi.tasks.choices import PartStatus, TaskStatus
from luoshi.tasks.models import Attachment, Feedback, Task, TaskAncestor, TaskPart

from .choices import FindingResult
from .models import Campaign, ChecklistPoint, Finding
from .services.problems import rectified_count


@dataclass
class Evidence:
    task_id: int
    task_title: str
    what: str  # 复命 / 协办报送 / 已销号
    text: str
    percent: int | None = None
    at: dt.date | None = None
    files: int = 0
    done: bool = False


@dataclass
class Answer:
    """One point in one unit: what luoshi holds, and the finding if one was recorded."""

    point: ChecklistPoint
    unit_id: int
    evidence: list[Evidence] = field(default_factory=list)
    finding: Finding | None = None

    @property
    def missing(self) -> bool:
        """Nothing in luoshi answers it: the one thing to ask the unit."""
        return not self.evidence


def answers(campaign: Campaign, unit_ids: list[int], reader: Any) -> dict[int, list[Answer]]:
    """unit id → the campaign's points, each with its evidence (from the tasks ``reader`` may see) and
    finding, in checklist order. Which units ``reader`` may ask for is visibility.readable_targets."""
    points = list(ChecklistPoint.objects.filter(campaign=campaign))
    roots = {p.task_id for p in points if p.task_id}
    evidence = _evidence(roots, set(unit_ids), reader) if roots else {}
    findings = {
        (f.point_id, f.unit_id): f
        for f in Finding.objects.filter(campaign=campaign, unit_id__in=unit_ids).select_related("recorded_by")
    }
    return {
        unit_id: [
            Answer(p, unit_id, evidence.get((p.task_id or 0, unit_id), []), findings.get((p.pk, unit_id)))
            for p in points
        ]
        for unit_id in unit_ids
    }


def _evidence(roots: set[int], unit_ids: set[int], reader: Any) -> dict[tuple[int, int], list[Evidence]]:
    """(root task id, unit id) → evidence from the root task and every task below it that ``reader``
    may see."""
    root_of: dict[int, set[int]] = defaultdict(set)
    for root in roots:
        root_of[root].add(root)
    for task_id, ancestor_id in TaskAncestor.objects.filter(ancestor_id__in=roots).values_list(
        "task_id", "ancestor_id"
    ):
        root_of[task_id].add(ancestor_id)
    tasks = {
        t["pk"]: t
        for t in Task.objects.restrict(reader)
        .filter(pk__in=root_of)
        .values("pk", "title", "lead_unit_id", "status", "closed_at")
    }
    found: dict[tuple[int, int], list[Evidence]] = defaultdict(list)

    def add(task_id: int, unit_id: int, item: Evidence) -> None:
        for root in root_of[task_id]:
            found[(root, unit_id)].append(item)

    led = {pk: t for pk, t in tasks.items() if t["lead_unit_id"] in unit_ids}
    files = dict(
        Attachment.objects.filter(task_id__in=led)
        .values("task_id")
        .annotate(n=Count("id"))
        .values_list("task_id", "n")
    )
    latest: dict[int, Any] = {}
    for row in (
        Feedback.objects.filter(task_id__in=led)
        .order_by("task_id", "-submitted_at", "-id")
        .values("task_id", "progress_text", "percent", "submitted_at")
    ):
        latest.setdefault(row["task_id"], row)
    for pk, task in led.items():
        report = latest.get(pk)
        if task["status"] == TaskStatus.CLOSED:
            when = task["closed_at"].date() if task["closed_at"] else None
            add(
                pk,
                task["lead_unit_id"],
                Evidence(pk, task["title"], "已销号", "任务已销号", 100, when, files.get(pk, 0), True),
            )
        elif report is not None:
            add(
                pk,
                task["lead_unit_id"],
                Evidence(
                    pk,
                    task["title"],
                    "复命",
                    report["progress_text"],
                    report["percent"],
                    report["submitted_at"].date(),
                    files.get(pk, 0),
                ),
            )
    for part in TaskPart.objects.filter(task_id__in=tasks, unit_id__in=unit_ids).exclude(
        status=PartStatus.PENDING
    ):
        add(
            part.task_id,
            part.unit_id,
            Evidence(
                part.task_id,
                tasks[part.task_id]["title"],
                "协办报送",
                part.last_report,
                part.progress,
                part.reported_at.date() if part.reported_at else None,
                done=part.status == PartStatus.DONE,
            ),
        )
    return found


@dataclass
class Progress:
    units: int
    units_visited: int
    points: int
    points_checked: int
    problems_found: int
    problems_rectified: int

    @property
    def checked_percent(self) -> int:
        return round(100 * self.points_checked / self.points) if self.points else 0


def progress(campaign: Campaign) -> Progress:
    """Units visited (with at least one finding), points checked of points × units, problems found and
    rectified (their Problem closed on the ledger)."""
    units = campaign.target_units.count()
    point_count = ChecklistPoint.objects.filter(campaign=campaign).count()
    findings = Finding.objects.filter(campaign=campaign)
    counts = findings.aggregate(
        checked=Count("id"),
        visited=Count("unit", distinct=True),
        problems=Count("id", filter=Q(result=FindingResult.PROBLEM)),
    )
    return Progress(
        units=units,
        units_visited=counts["visited"],
        points=point_count * units,
        points_checked=counts["checked"],
        problems_found=counts["problems"],
        problems_rectified=rectified_count(findings.filter(result=FindingResult.PROBLEM)),
    )
