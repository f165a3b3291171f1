"""Who may do what to a problem, as `rules` predicates over the unit scopes of luoshi.org.scopes."""

from __future__ import annotations

import rules

from luoshi.org.rules import is_business_user, is_system_admin
from luoshi.org.scopes import APPROVE, MANAGE, member_unit_ids, reviewers_of, unit_scope

from .visibility import may_see


def _in_scope(user, problem, action: str) -> bool:
    if problem is None:
        return False
    scope = unit_scope(user, action)
    return problem.unit_id in scope or (
        problem.responsible_unit_id is not None and problem.responsible_unit_id in scope
    )


@rules.predicate
def can_view(user, problem) -> bool:
    return problem is not None and may_see(user, problem)


@rules.predicate
def manages_unit(user, problem) -> bool:
    """The section head of the problem's unit or of its responsible unit (or a unit above)."""
    return _in_scope(user, problem, MANAGE)


@rules.predicate
def approves_unit(user, problem) -> bool:
    return _in_scope(user, problem, APPROVE)


@rules.predicate
def is_confirmer(user, problem) -> bool:
    return problem is not None and problem.confirmed_by_id is not None and problem.confirmed_by_id == user.pk


def review_refusal(user, problem, verb: str = "销号") -> str:
    """Why ``user`` may not accept this problem's rectification (销号) or do its 回头看 ("" when they may):
    the one definition of that rule, the rule below and the services' refusals both read it.

    The reviewer stands over the responsible unit now — approves its work from above (the leader named
    on the problem only while still in charge of the unit) — and had no hand in the matter: not one of
    that unit's own people, not who recorded the problem, not who confirmed it (分工负责、相互制约)."""
    if problem is None or not is_business_user(user):
        return f"您无权对这个问题{verb}"
    unit_id = problem.responsible_unit_id or problem.unit_id
    if unit_id in member_unit_ids(user):
        return f"责任单位的人员不能为本单位的问题{verb}，须由分管领导或上级领导审核"
    if problem.recorded_by_id == user.pk:
        return f"不能为自己登记的问题{verb}，须由未经手的分管领导或上级领导审核"
    if problem.confirmed_by_id == user.pk:
        return f"不能为自己确认整改的问题{verb}，须由未经手的分管领导或上级领导审核"
    if unit_id not in unit_scope(user, APPROVE):
        return f"{verb}须由责任单位的分管领导或上级领导审核"
    return ""


def reviewer_ids(unit) -> set[int]:
    """The people who review ``unit``'s measures, in one query: a list of candidates asks it once."""
    return set(reviewers_of(unit).values_list("pk", flat=True))


def measure_owner_refusal(person, unit, reviewers: set[int] | None = None) -> str:
    """Why ``person`` may not be the 责任人 of a measure led by ``unit`` ("" when he may): the unit's head
    vouches for its measures' close-out (科室审核, tasks REVIEW) before a leader decides, and a person never
    reviews his own work — so the head answers for the unit's measures as its head, and names one of its
    people for each. The one definition: the confirm form offers whom it allows (``reviewers`` read once
    for the list), the service refuses the rest."""
    if person is None or person.pk not in (reviewer_ids(unit) if reviewers is None else reviewers):
        return ""
    return f"{person.name}负责审核{unit.name}整改措施的销号申请，不能同时任措施责任人，请指定本单位其他人员"


# The verb of cancelling a measure in the refusals (a task's 撤销, when the task is a problem's measure).
CANCEL_MEASURE = "撤销整改措施"


def measure_cancel_refusal(user, task) -> str:
    """Why ``user`` may not cancel ``task`` when it is an 整改措施 ("" when they may, or it is not one): a
    measure is cancelled by who reviews its problem's rectification, never by the unit that rectifies (its
    problem would close without it), nor who recorded or confirmed the problem."""
    from django.db.models import Q

    from .models import Measure, Problem

    measure = Measure.objects.filter(task_id=task.pk).only("problem_id", "common_id").first()
    if measure is None:
        return ""
    about = Q(pk=measure.problem_id) if measure.problem_id else Q(common_id=measure.common_id)
    return next(
        (why for p in Problem.objects.filter(about) if (why := review_refusal(user, p, CANCEL_MEASURE))), ""
    )


# What is done to the responsible unit in the refusals of rectifier_refusal.
NAME_RESPONSIBLE, ADD_MEASURE = "name", "measure"


def rectifier_refusal(user, problem, unit, doing: str = NAME_RESPONSIBLE) -> str:
    """Why ``user`` may not hand this problem's rectification to ``unit`` ("" when they may): name it the
    responsible unit, add it a measure, or issue it a 督办单/催办函. The one definition of that rule.

    A unit other than the problem's own is handed the rectification only by who manages it — its head
    (or a head above it) and the leaders in charge of it — never through a unit's 代上级交办 grant: that
    grant hands out the department's work, and a unit using it would turn its own shortcomings into
    another unit's rectification (and that unit's 问题按期整改 and 问题反弹 figures). Confirming already
    needs a hand over the problem's own unit, so naming another unit takes a leader over both, or the
    head of the problem's unit for a unit below it (分工负责、相互制约)."""
    if unit is None or unit.pk == problem.unit_id or unit.pk in unit_scope(user, MANAGE):
        return ""
    if doing == ADD_MEASURE:
        return (
            f"不能为{unit.name}增加整改措施：须由{unit.name}的分管领导或负责人交办"
            f"（代上级交办不适用于问题整改）"
        )
    return (
        f"不能指定{unit.name}为责任单位：问题所在单位以外的责任单位，须由同时分管两个单位的部领导"
        f"或上级单位负责人指定（代上级交办不适用于问题整改）"
    )


@rules.predicate
def reaches_rectifier(user, problem) -> bool:
    """The problem's responsible unit is the user's to hand rectification to (rectifier_refusal)."""
    return problem is not None and not rectifier_refusal(user, problem, problem.responsible_unit, ADD_MEASURE)


@rules.predicate
def may_review(user, problem) -> bool:
    return not review_refusal(user, problem)


# The verb of 不予认定 in the refusals: a dismissal is final, so it is decided as a 销号 is.
DISMISS = "作出不予认定"


@rules.predicate
def may_dismiss(user, problem) -> bool:
    return not review_refusal(user, problem, DISMISS)


rules.add_perm("problems.view_problem", is_business_user)
rules.add_perm("problems.add_problem", is_business_user)
rules.add_perm("problems.see_problem", can_view)
# 确认整改: a section head over the problem's unit (the responsible unit it names: rectifier_refusal).
rules.add_perm("problems.confirm_problem", manages_unit | approves_unit)
# More measures: as confirming, and the responsible unit is within the user's reach (rectifier_refusal).
rules.add_perm("problems.add_measure", (manages_unit | approves_unit) & reaches_rectifier)
# 不予认定 is final: never the problem's own unit nor who recorded it (review_refusal), as for 销号.
rules.add_perm("problems.dismiss_problem", may_dismiss)
# 销号 and 回头看: who stands over the responsible unit and had no hand in the matter (review_refusal).
rules.add_perm("problems.close_problem", may_review)
# 督办 (a numbered 督办单 or 催办函): who set its measures or stands over the unit — as for a task; against a
# responsible unit other than the problem's own, only its leader in charge or who manages it. The leader
# named on the problem urges only while still in charge (approves_unit), as he reviews (review_refusal).
rules.add_perm("problems.urge_problem", (is_confirmer | manages_unit | approves_unit) & reaches_rectifier)
rules.add_perm("problems.manage_categories", is_system_admin)
