"""复命: a report answers the period owed and moves the task's progress."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core import cadence as cadence_mod
from luoshi.core.errors import InvalidInput
from luoshi.core.uploads import check_files
from luoshi.org.models import Person
from luoshi.org.scopes import acting_person

from .. import rollup
from ..choices import EventKind
from ..eligibility import check_length
from ..models import Feedback, Task
from ..trail import fact
from ..uploads import attach
from .steps import NO_PERSON, S, begin, local_today, next_report, save_task


def _whole_percent(value: Any) -> int:
    """A percent from 0 to 100; callers may pass the text someone typed."""
    try:
        percent = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent") from None
    if not 0 <= percent <= 100:
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent")
    return percent


@transaction.atomic
def submit_feedback(
    task: Task | int,
    *,
    actor: Any,
    progress_text: str,
    percent: int | None,
    difficulties: str = "",
    next_steps: str = "",
    files: Sequence[Any] = (),
) -> Feedback:
    """A report answers the period owed (cadence.answered_period). A task with sub-tasks reports text and
    evidence; its percent is derived from them (rollup.derive) and a percent given here is ignored."""
    files = check_files(files)
    if not (progress_text or "").strip():
        raise InvalidInput("请填写工作进展", "progress_required")
    for text, label, field in (
        (progress_text, "工作进展", "progress_text"),
        (difficulties, "存在困难", "difficulties"),
        (next_steps, "下步打算", "next_steps"),
    ):
        check_length(text, label, field)
    task = begin(task, actor, "feedback")
    person = acting_person(actor, NO_PERSON, admins=True)
    report = record_report(
        task,
        person,
        progress_text=progress_text,
        percent=percent,
        difficulties=difficulties,
        next_steps=next_steps,
    )
    attach(task, person, files, feedback=report.feedback)
    save_task(
        task,
        actor,
        EventKind.FEEDBACK,
        report.feedback.progress_text[:200],
        feedback=report.feedback,
        more=report.more,
        status=S.IN_PROGRESS,
        **report.values,
    )
    return report.feedback


@dataclass(frozen=True)
class Report:
    """A 复命 written on a locked task: the task fields it moves and the facts its event carries."""

    feedback: Feedback
    values: dict[str, Any]
    more: list[dict[str, Any]]


def record_report(
    task: Task,
    author: Person,
    *,
    progress_text: str,
    percent: int | None,
    difficulties: str = "",
    next_steps: str = "",
) -> Report:
    """Write a 复命 on ``task`` (locked by the caller's steps.begin, which saves the task with the event):
    it answers the period owed and counts towards 及时率 (lights.periods_answered), whether sent alone or
    as the completion report a close-out request rests on (requests.request_close)."""
    percent = _whole_percent(task.progress if rollup.derives_progress(task) else percent)
    today = local_today()
    last = task.feedback.filter(period_due__isnull=False).values_list("period_due", "submitted_at").first()
    period_due = cadence_mod.answered_period(
        task.next_report_due, today, last and last[0], last and timezone.localdate(last[1])
    )
    feedback = Feedback.objects.create(
        task=task,
        author=author,
        progress_text=progress_text.strip(),
        percent=percent,
        difficulties=difficulties.strip(),
        next_steps=next_steps.strip(),
        period_due=period_due,
        late=bool(period_due and today > period_due),
    )
    next_due = task.next_report_due
    if period_due is not None:
        next_due = next_report(task, max(today, period_due))
    return Report(
        feedback,
        {"progress": percent, "next_report_due": next_due},
        [fact("逾期报送", f"应于{period_due:%Y-%m-%d}报送")] if feedback.late and period_due else [],
    )
