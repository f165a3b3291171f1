"""确认整改, measures, 销号 and 回头看: a problem rectified through tasks of the execution loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, ServiceError
from luoshi.org.models import Person, Unit, leader_in_charge
from luoshi.tasks import services as task_services
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.models import ReminderPolicy, Task

from ..choices import MeasureKind, ProblemEventKind, ProblemStatus
from ..models import CommonProblem, Measure, Problem, ProblemEvent, follow_measures
from ..rules import ADD_MEASURE, NAME_RESPONSIBLE, measure_owner_refusal, rectifier_refusal, review_refusal
from ..trail import fact
from .steps import begin, record_event, required, save_problem, tell, unit_heads

MEASURE_FIELDS = {"kind", "title", "due_date", "owner", "description", "finish_standard", "cadence"}


def recheck_days() -> int:
    """How long after 销号 the 回头看 falls due unless the reviewer sets a date: the 提醒规则's."""
    return ReminderPolicy.current().recheck_days


def make_measure_task(
    *,
    actor: Any,
    number: int | None,
    found_on: dt.date,
    about: str,
    lead_unit: Unit,
    leader: Person | None,
    fields: dict[str, Any],
) -> tuple[str, Task]:
    """One measure as a task, created and assigned through the tasks services; errors name the measure:
    its ``number`` among those of a form, or none when the form holds it alone."""
    where = f"第{number}项整改措施：" if number else "整改措施："
    unknown = set(fields) - MEASURE_FIELDS
    if unknown:
        raise InvalidInput(f"{where}不能设置字段：{'、'.join(sorted(unknown))}", "invalid")
    kind = fields.get("kind")
    if kind not in MeasureKind.values():
        raise InvalidInput(f"{where}请选择措施类型（治标或治本）", "invalid_kind")
    title = (fields.get("title") or "").strip()
    if not title:
        raise InvalidInput(f"{where}请填写措施内容", "title_required")
    due = fields.get("due_date")
    if due is None:
        raise InvalidInput(f"{where}请填写完成时限", "due_required")
    if due < found_on:
        raise InvalidInput(
            f"{where}完成时限 {due:%Y-%m-%d} 早于问题发现日期 {found_on:%Y-%m-%d}，请检查",
            "measure_due_before_found",
            errors={"due_date": ["完成时限不能早于问题发现日期"]},
        )
    why = measure_owner_refusal(fields.get("owner"), lead_unit)
    if why:
        raise InvalidInput(
            where + why, "owner_reviews", errors={f"owner_{number}" if number else "owner": [why]}
        )
    label = MeasureKind.label(kind)
    description = (fields.get("description") or "").strip()
    try:
        task = task_services.create_task(
            actor=actor,
            title=f"【{label}】{title}"[:500],
            lead_unit=lead_unit,
            leader=leader,
            owner=fields.get("owner"),
            due_date=due,
            cadence=fields.get("cadence") or "once",
            finish_standard=fields.get("finish_standard") or "",
            description=f"整改问题：{about}" + (f"\n{description}" if description else ""),
        )
        task = task_services.assign(task, actor=actor)
    except ServiceError as exc:
        raise type(exc)(where + exc.message, exc.code, errors=exc.errors) from exc
    return kind, task


def with_required_by(problem: Problem, fields: dict[str, Any]) -> dict[str, Any]:
    """A measure given no deadline takes the 整改时限 who found the problem asked (a 督查's), whether it
    is made at 确认整改 or added later."""
    return {**fields, "due_date": fields.get("due_date") or problem.required_by}


@transaction.atomic
def confirm_problem(
    problem: Problem | int,
    *,
    actor: Any,
    root_cause: str,
    measures: Sequence[dict[str, Any]],
    responsible_unit: Unit | None = None,
    leader: Person | None = None,
) -> Problem:
    """确认整改: the section head confirms the problem into the ledger with the responsible unit, the leader
    in charge, the root cause and its measures (治标 and 治本), each a task assigned at once. A responsible
    unit other than the problem's own is named only by a leader over both (rules.rectifier_refusal)."""
    problem = begin(problem, actor, "problems.confirm_problem", "确认整改", [ProblemStatus.RECORDED])
    root_cause = required(root_cause, "问题根源", "root_cause_required")
    if not measures:
        raise InvalidInput("请至少制定一项整改措施（治标或治本）", "measures_required")
    unit = responsible_unit or problem.unit
    if not unit.is_active:
        raise InvalidInput("责任单位不存在或已停用", "unknown_unit")
    check_rectifier(actor, problem, unit, NAME_RESPONSIBLE)
    leader = leader or leader_in_charge(unit)
    made = [
        make_measure_task(
            actor=actor,
            number=number,
            found_on=problem.found_on,
            about=problem.title,
            lead_unit=unit,
            leader=leader,
            fields=with_required_by(problem, fields),
        )
        for number, fields in enumerate(measures, start=1)
    ]
    Measure.objects.bulk_create(Measure(problem=problem, task=task, kind=kind) for kind, task in made)
    follow_measures([problem.pk])
    save_problem(
        problem,
        actor,
        ProblemEventKind.CONFIRMED,
        more=[fact("整改措施", [task.title for _, task in made])],
        status=ProblemStatus.RECTIFYING,
        responsible_unit=unit,
        leader=leader,
        root_cause=root_cause,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )
    tell([problem.recorded_by], problem, "问题已确认整改", f"责任单位：{unit.name}", exclude=actor)
    return problem


@transaction.atomic
def add_measure(problem: Problem | int, *, actor: Any, **fields: Any) -> Measure:
    """One more measure for a problem being rectified (or reopened by a 回头看)."""
    problem = begin(problem, actor, "problems.confirm_problem", "增加整改措施", [ProblemStatus.RECTIFYING])
    check_rectifier(actor, problem, problem.responsible_unit, ADD_MEASURE)
    kind, task = make_measure_task(
        actor=actor,
        number=None,
        found_on=problem.found_on,
        about=problem.title,
        lead_unit=problem.responsible_unit or problem.unit,
        leader=problem.leader,
        fields=with_required_by(problem, fields),
    )
    measure = Measure.objects.create(problem=problem, task=task, kind=kind)
    follow_measures([problem.pk])
    record_event(
        problem,
        actor,
        ProblemEventKind.MEASURE_ADDED,
        "",
        [fact("整改措施", task.title)],
    )
    return measure


def check_rectifier(actor: Any, problem: Problem, unit: Unit | None, doing: str) -> None:
    """Refuse (403) handing the rectification to ``unit`` when ``actor`` may not (rules.rectifier_refusal)."""
    why = rectifier_refusal(actor, problem, unit, doing)
    if why:
        raise Forbidden(why, "responsible_unit_not_allowed", errors={"responsible_unit": [why]})


def measures_of(problem: Problem) -> list[Measure]:
    """Its own measures and its common problem's, with their tasks."""
    return measures_by_problem([problem])[problem.pk]


def measures_by_problem(problems: Sequence[Problem]) -> dict[int, list[Measure]]:
    """Each problem's own measures and its common problem's, with their tasks: one query for them all."""
    common_ids = {p.common_id for p in problems if p.common_id}
    found = list(
        Measure.objects.filter(Q(problem__in=[p.pk for p in problems]) | Q(common__in=common_ids))
        .select_related("task__lead_unit")
        .order_by("id")
    )
    return {
        p.pk: [m for m in found if m.problem_id == p.pk or (p.common_id and m.common_id == p.common_id)]
        for p in problems
    }


def last_rebound(problem: Problem) -> dt.datetime | None:
    """When a 回头看 last found the problem come back (None if none did)."""
    return last_rebounds([problem.pk]).get(problem.pk)


def last_rebounds(problem_ids: Sequence[int]) -> dict[int, dt.datetime]:
    """When a 回头看 last found each of the problems come back (those it never did left out): one query."""
    found = (
        ProblemEvent.objects.filter(problem__in=problem_ids, kind=ProblemEventKind.REBOUNDED)
        .order_by()
        .values("problem")
        .annotate(last=Max("at"))
    )
    return {row["problem"]: row["last"] for row in found}


def close_conflict(problem: Problem) -> Conflict | None:
    """Why the problem cannot be closed yet (None when it can): see ``measures_conflict``."""
    measures = measures_of(problem)
    return measures_conflict(measures, last_rebound(problem) if measures and problem.recurring else None)


def measures_conflict(measures: Sequence[Measure], rebound: dt.datetime | None) -> Conflict | None:
    """Why a problem with these measures, last found come back at ``rebound`` (None if it never did or is
    not marked recurring), cannot be closed yet (None when it can): no measure, the measures still open
    (by name), none done — or, after a 回头看 found it come back, none done since: the measures closed
    before the rebound are what did not hold, so a new measure (or an old one reopened) must be carried
    out and closed again before the reviewer may close the problem once more."""
    if not measures:
        return Conflict("还没有整改措施，不能销号", "no_measures", errors={"measures": []})
    still = [m for m in measures if m.task.status not in TaskStatus.FINISHED]
    if still:
        listed = "；".join(
            f"【{m.kind_label}】{m.content}（{m.task.status_label}"
            + (f"，完成时限{m.task.due_date:%Y-%m-%d}" if m.task.due_date else "")
            + "）"
            for m in still
        )
        return Conflict(
            f"还有{len(still)}项整改措施未销号，不能销号：{listed}",
            "open_measures",
            errors={"measures": [m.task_id for m in still]},
        )
    done = [m for m in measures if m.task.status == TaskStatus.CLOSED]
    if not done:
        return Conflict("整改措施均已撤销，没有完成的措施，不能销号", "no_measures", errors={"measures": []})
    if rebound is not None and not any(m.task.closed_at and m.task.closed_at > rebound for m in done):
        return Conflict(
            f"回头看发现反弹后还没有完成整改措施，不能销号：原措施在反弹前已销号，"
            f"请责任单位增加整改措施（或请分管领导重新打开原措施），措施落实并销号后再审核销号"
            f"（反弹发现于{timezone.localtime(rebound):%Y-%m-%d}）",
            "rebound_unrectified",
            errors={"measures": []},
        )
    return None


def awaiting_close(user: Any, problems: Any) -> list[Problem]:
    """The 整改中 problems of ``problems`` (a query, narrowed to who may be asked) that wait on ``user``'s
    销号: nothing left for the unit to do (``measures_conflict``) and ``user`` may close them
    (problems.close_problem, the rule close_problem checks) — in a constant number of queries."""
    open_measure = Measure.objects.filter(problem=OuterRef("pk")).exclude(
        task__status__in=TaskStatus.FINISHED
    )
    candidates = list(problems.filter(~Exists(open_measure), status=ProblemStatus.RECTIFYING))
    measures = measures_by_problem(candidates)
    rebounds = last_rebounds([p.pk for p in candidates if p.recurring])
    return [
        p
        for p in candidates
        if measures_conflict(measures[p.pk], rebounds.get(p.pk)) is None
        and user.has_perm("problems.close_problem", p)
    ]


def measure_reopen_conflict(task: Task) -> Conflict | None:
    """Why a measure's task may not be open work again (None when it may): its problem is 已销号 (for an
    upstream measure, one of its common problem's). Reopening it would leave the ledger saying 已销号 over
    open rectification; and putting the problem back to 整改中 from here would be a 回头看 decided by who
    directs the task — the unit's own head may — bypassing who may do a 回头看 and its 反弹 record. So the
    problem's 回头看 reopens it (a rebound), after which its old measures may be reopened.

    Called by the tasks services with the task locked; the problems are locked after it, by id — the one
    order: no problem service locks an existing task — so a 销号 at the same time either finds the
    measure open (409 open_measures) or is found here."""
    measure = Measure.objects.filter(task_id=task.pk).only("problem_id", "common_id").first()
    if measure is None:
        return None
    about = Q(pk=measure.problem_id) if measure.problem_id else Q(common_id=measure.common_id)
    problems = list(Problem.objects.select_for_update().filter(about).order_by("pk"))
    closed = next((p for p in problems if p.status == ProblemStatus.CLOSED), None)
    if closed is None:
        return None
    return Conflict(
        f"这项任务是问题“{closed.title}”的整改措施，问题已销号，如需重新整改请发起回头看",
        "problem_closed",
        errors={"problem": [closed.pk]},
    )


@transaction.atomic
def close_problem(
    problem: Problem | int, *, actor: Any, note: str, recheck_on: dt.date | None = None
) -> Problem:
    """销号: once every measure's task is closed, a reviewer accepts the evidence; a 回头看 is set, and the
    tick reminds the reviewer once when it falls due (problems.reminders)."""
    problem = begin(
        problem, actor, "problems.close_problem", "销号", [ProblemStatus.RECTIFYING], why=review_refusal
    )
    refused = close_conflict(problem)
    if refused is not None:
        raise refused
    note = required(note, "对整改佐证的审核意见", "note_required")
    today = timezone.localdate()
    recheck_on = recheck_on or today + dt.timedelta(days=recheck_days())
    if recheck_on <= today:
        raise InvalidInput("回头看日期应晚于今天", "recheck_in_past", errors={"recheck_on": ["应晚于今天"]})
    save_problem(
        problem,
        actor,
        ProblemEventKind.CLOSED,
        note,
        status=ProblemStatus.CLOSED,
        closed_by=actor,
        closed_at=timezone.now(),
        close_note=note,
        recheck_on=recheck_on,
    )
    tell(
        [problem.recorded_by, *unit_heads(problem.unit_id, problem.responsible_unit_id)],
        problem,
        "问题已销号",
        f"回头看日期：{recheck_on:%Y-%m-%d}",
        exclude=actor,
    )
    return problem


@transaction.atomic
def recheck_problem(problem: Problem | int, *, actor: Any, rebounded: bool, note: str = "") -> Problem:
    """回头看: 未反弹 keeps it closed; 反弹 reopens it (marked recurring) for more measures."""
    problem = begin(
        problem, actor, "problems.close_problem", "回头看", [ProblemStatus.CLOSED], why=review_refusal
    )
    note = " ".join((note or "").split())
    if rebounded:
        note = required(note, "发现的反弹情况")
        save_problem(
            problem,
            actor,
            ProblemEventKind.REBOUNDED,
            note,
            status=ProblemStatus.RECTIFYING,
            recurring=True,
            closed_at=None,
            recheck_on=None,
        )
        tell(
            unit_heads(problem.unit_id, problem.responsible_unit_id),
            problem,
            "回头看发现反弹",
            note,
            exclude=actor,
        )
    else:
        save_problem(problem, actor, ProblemEventKind.RECHECKED, note or "问题未反弹", recheck_on=None)
    return problem


def urge_conflict(problem: Problem) -> Conflict | None:
    """Why an open problem has nothing to urge (None while it has): every measure is done and nothing is
    left for the responsible unit (``close_conflict`` finds nothing), only the reviewer's 销号."""
    if problem.status != ProblemStatus.RECTIFYING or close_conflict(problem) is not None:
        return None
    return Conflict("整改措施已全部完成，只待审核销号，无需再督办责任单位", "nothing_to_urge")


@transaction.atomic
def urge_problem(problem: Problem | int, *, actor: Any, message: str) -> Problem:
    """督办: the responsible unit is asked to move (a numbered 督办单 or 催办函 says so); trail and notice.
    A problem whose measures are all done waits on its reviewer, not on the unit (``urge_conflict``)."""
    problem = begin(problem, actor, "problems.urge_problem", "督办", ProblemStatus.OPEN)
    refused = urge_conflict(problem)
    if refused is not None:
        raise refused
    message = required(message, "督办要求")
    record_event(problem, actor, ProblemEventKind.URGED, message)
    tell(
        unit_heads(problem.responsible_unit_id or problem.unit_id),
        problem,
        "问题督办",
        message,
        exclude=actor,
    )
    return problem


@transaction.atomic
def group_common(
    problems: Sequence[Problem],
    *,
    actor: Any,
    title: str,
    lead_unit: Unit,
    measure: dict[str, Any],
    description: str = "",
    leader: Person | None = None,
) -> CommonProblem:
    """归为共性问题: the same problem in three or more units becomes one common problem with one upstream
    治本 measure (a task of ``lead_unit``); each unit goes on rectifying its own case."""
    from luoshi.core.errors import NotFound

    title = required(title, "共性问题的名称", "title_required")
    locked = []
    for problem in problems:
        found = Problem.objects.select_for_update().filter(pk=problem.pk).first()
        if found is None or not actor.has_perm("problems.see_problem", found):
            raise NotFound("问题不存在或您无权访问")
        locked.append(found)
    units = {p.unit_id for p in locked}
    if len(units) < 3:
        raise InvalidInput(f"共性问题须涉及三个及以上单位，所选问题只涉及{len(units)}个单位", "too_few_units")
    for problem in locked:
        if not actor.has_perm("problems.confirm_problem", problem):
            from luoshi.core.errors import Forbidden

            raise Forbidden(f"您不能处理“{problem.unit.name}”的问题，不能把它归入共性问题")
        if problem.status not in ProblemStatus.OPEN:
            raise Conflict(f"问题“{problem.title}”{problem.status_label}，不能归入共性问题", "wrong_state")
        if problem.common_id:
            raise Conflict(f"问题“{problem.title}”已归入共性问题“{problem.common}”", "already_common")
    common = CommonProblem.objects.create(
        title=title, description=description.strip(), category=locked[0].category, created_by=actor
    )
    earliest = min(p.found_on for p in locked)
    kind, task = make_measure_task(
        actor=actor,
        number=None,
        found_on=earliest,
        about=f"共性问题：{title}",
        lead_unit=lead_unit,
        leader=leader or leader_in_charge(lead_unit),
        fields={"kind": MeasureKind.LASTING, **measure},
    )
    Measure.objects.create(common=common, task=task, kind=kind)
    for problem in locked:
        save_problem(
            problem,
            actor,
            ProblemEventKind.GROUPED,
            more=[fact("上游治本措施", task.title), fact("涉及单位数", len(units))],
            common=common,
        )
    return common
