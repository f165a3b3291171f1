"""The directive page's 任务分解表 (docx, xlsx): the rows one hands in, under the directive's title.

Requirements set aside (不作为任务, soft items included) are not rows; a requirement turned into tasks
shows what was decided (each task's lead unit, co-units and due date), one still proposed what was read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from luoshi.core.cadence import label_of
from luoshi.org.models import Unit
from luoshi.tasks.models import Task

from .acceptance import default_content
from .choices import RequirementStatus
from .models import Directive, Requirement

# Cadences that set no time of their own: 完成时报一次 waits for a deadline, 不定期 has none.
UNTIMED = ("", "none", "once")
LINT_SHORT = {"no_owner": "缺责任单位", "no_deadline": "缺时限", "vague": "表述笼统"}
TITLE_SUFFIX = "任务分解表"


def title_of(directive: Directive) -> str:
    return directive.title if directive.title.endswith(TITLE_SUFFIX) else f"{directive.title}{TITLE_SUFFIX}"


def _deadline(requirement: Requirement) -> str:
    """The date read and its phrase, the phrase alone, or the reporting rhythm the text sets (每月25日前);
    a requirement with none of them leaves the cell blank for the clerk to fill."""
    deadline = requirement.deadline or {}
    if deadline.get("date"):
        return f"{deadline['date']}（{deadline.get('phrase', '')}）"
    if deadline.get("phrase") or requirement.cadence in UNTIMED:
        return deadline.get("phrase", "")
    return label_of(requirement.cadence)


def decomposition_rows(directive: Directive, user: Any) -> list[dict[str, Any]]:
    """One row per requirement kept as work (and per task it became, when split), in the text's order."""
    tasks = (
        Task.objects.restrict(user, "view")
        .select_related("lead_unit")
        .prefetch_related("co_units")
        .order_by("id")
    )
    requirements = (
        directive.requirements.exclude(status=RequirementStatus.REJECTED)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("start", "id")
    )
    names = dict(Unit.objects.values_list("id", "name"))
    rows: list[dict[str, Any]] = []
    for requirement in requirements:
        remarks = "；".join(
            [f"出处：{'/'.join(requirement.outline_path) or '正文'}"]
            + [LINT_SHORT.get(code, code) for code in requirement.lint]
        )
        owners = requirement.owners or []
        # A lead is written as the text names it when no unit matched (各科室), as a co-unit is; an owner
        # that matched no unit is a person (责任人).
        read = {
            "lead": "、".join(
                names.get(o.get("unit")) or o.get("mention", "")
                for o in owners
                if o.get("role") == "lead" or (o.get("role") == "owner" and o.get("unit"))
            ),
            "co": "、".join(
                names.get(o.get("unit")) or o.get("mention", "") for o in owners if o.get("role") == "co"
            ),
            "person": "、".join(
                o.get("mention", "") for o in owners if o.get("role") == "owner" and not o.get("unit")
            ),
        }
        decided: list[Any] = list(requirement.tasks.all())
        content = default_content(requirement)  # the 序号 column numbers the rows, not the speech's marker
        for task in decided or [None]:
            row = {
                "序号": len(rows) + 1,
                "任务内容": content,
                "备注": remarks,
                "牵头单位": read["lead"],
                "配合单位": read["co"],
                "责任人": read["person"],
                "完成时限": _deadline(requirement),
            }
            if task is not None:
                # Split into several tasks: each row is one of them, named by its own title.
                row.update(
                    {
                        "任务内容": task.title if len(decided) > 1 else content,
                        "牵头单位": task.lead_unit.name if task.lead_unit else "",
                        "配合单位": "、".join(u.name for u in task.co_units.all()),
                        "完成时限": task.due_date.isoformat() if task.due_date else row["完成时限"],
                    }
                )
            rows.append(row)
    return rows
