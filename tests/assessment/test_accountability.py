"""逾期问责: the ledger takes every overdue task once per missed deadline, the unit says why, a leader over
the unit (never of it) decides once, and 纳入考核扣分 proposes exactly one deduction item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.assessment import services
from luoshi.assessment.choices import AdjustmentStatus, EventKind, MatterStatus, Sanction
from luoshi.assessment.models import Accountability, Adjustment, AssessmentEvent
from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.tick import tick
from luoshi.org.choices import Role
from luoshi.tasks.models import Task
from tests.factories import member, task_of

from .conftest import overdue

TODAY = timezone.localdate()


def test_the_ledger_takes_each_overdue_task_once(org):
    late = overdue(org.sections["a"])
    task_of(org.sections["b"])  # not overdue
    assert services.open_matters(TODAY) == 1
    assert services.open_matters(TODAY) == 0
    matter = Accountability.objects.get()
    assert (matter.task, matter.due_date, matter.unit) == (late, late.due_date, org.sections["a"])
    assert matter.status == MatterStatus.AWAITING_REASON


def test_the_tick_enters_the_days_overdue_tasks(org):
    overdue(org.sections["a"])
    tick(TODAY)
    assert Accountability.objects.count() == 1


def test_the_unit_explains_and_a_leader_decides(org, matter):
    services.explain_overdue(matter, actor=org.heads["a"].user, reason="上级政策调整，需重新调研")
    services.explain_overdue(matter, actor=org.heads["a"].user, reason="政策调整，重新调研")
    decided = services.decide_overdue(matter, actor=org.deputy.user, decision=Sanction.TALK, note="约谈科长")
    assert decided.reason == "政策调整，重新调研"
    assert (decided.decision, decided.decided_by, decided.status) == (
        Sanction.TALK,
        org.deputy,
        MatterStatus.DECIDED,
    )
    kinds = list(AssessmentEvent.objects.filter(matter=matter).values_list("kind", flat=True))
    assert kinds == [EventKind.OVERDUE_EXPLAINED] * 2 + [EventKind.OVERDUE_DECIDED]


def test_a_task_not_overdue_is_not_a_matter(org):
    task = task_of(org.sections["a"], title="按期推进")
    with pytest.raises(Conflict, match="没有逾期") as caught:
        services.explain_overdue(task=task, actor=org.heads["a"].user, reason="原因")
    assert caught.value.code == "not_overdue"
    assert not Accountability.objects.exists()


def test_the_unit_may_explain_before_the_tick_has_run(org):
    task = overdue(org.sections["a"])
    matter = services.explain_overdue(task=task, actor=org.heads["a"].user, reason="人手不足")
    assert matter.due_date == task.due_date


def test_only_the_unit_explains(org, matter):
    with pytest.raises(Forbidden, match="干部一科的人员") as caught:
        services.explain_overdue(matter, actor=org.deputy.user, reason="代为说明")
    assert caught.value.code == "not_of_unit"
    with pytest.raises(NotFound):  # another section does not even see it
        services.explain_overdue(matter, actor=org.heads["b"].user, reason="代为说明")
    matter.refresh_from_db()
    assert matter.reason == ""


def test_a_role_held_in_the_department_to_decide_or_inspect_does_not_explain_its_matter(org):
    """The 部机关's own overdue work is answered for by who does it, not by the deputy who decides it or the
    督查员 who inspects it, though both hold their roles in the 部机关."""
    overdue(org.root, title="部机关逾期的调研")
    services.open_matters(timezone.localdate())
    matter = Accountability.objects.get()
    for outsider in (org.deputy, member(org.root, Role.INSPECTOR)):
        with pytest.raises(Forbidden) as caught:
            services.explain_overdue(matter, actor=outsider.user, reason="代为说明")
        assert caught.value.code == "not_of_unit"
    matter.refresh_from_db()
    assert matter.reason == ""
    clerk = member(org.root, Role.STAFF)
    assert services.explain_overdue(matter, actor=clerk.user, reason="人手不足").reason == "人手不足"


def test_nobody_decides_their_own_units_matter(org, matter):
    insider = member(org.sections["a"], Role.STAFF)
    with pytest.raises(Forbidden, match="本人所在单位") as caught:
        services.decide_overdue(matter, actor=insider.user, decision=Sanction.EXPLAIN)
    assert caught.value.code == "own_unit"
    inspector = member(org.root, Role.INSPECTOR)  # sees every unit, approves none
    with pytest.raises(Forbidden, match="分管领导或上级领导") as caught:
        services.decide_overdue(matter, actor=inspector.user, decision=Sanction.EXPLAIN)
    assert caught.value.code == "not_decider"
    matter.refresh_from_db()
    assert matter.decision == ""


def test_deciding_twice_is_refused(org, matter):
    services.decide_overdue(matter, actor=org.deputy.user, decision=Sanction.EXPLAIN)
    with pytest.raises(Conflict, match="不能再次决定") as caught:
        services.decide_overdue(matter, actor=org.head.user, decision=Sanction.CRITICIZE)
    assert caught.value.code == "already_decided"
    with pytest.raises(Conflict, match="不能再修改逾期原因"):
        services.explain_overdue(matter, actor=org.heads["a"].user, reason="补充说明")
    matter.refresh_from_db()
    assert matter.decision == Sanction.EXPLAIN


def test_a_deadline_extended_leaves_nothing_to_decide(org, matter):
    Task.objects.filter(pk=matter.task_id).update(
        due_date=TODAY + dt.timedelta(days=10), subtree_due_date=TODAY + dt.timedelta(days=10)
    )
    with pytest.raises(Conflict, match="目前没有逾期") as caught:
        services.decide_overdue(matter, actor=org.deputy.user, decision=Sanction.TALK)
    assert caught.value.code == "not_overdue"


def test_a_deduction_is_proposed_once_in_the_period(org, matter, current):
    decided = services.decide_overdue(
        matter, actor=org.deputy.user, decision=Sanction.DEDUCT, period=current, points="2", note="影响全局"
    )
    item = Adjustment.objects.get()
    assert decided.adjustment == item and decided.period == current
    assert (item.kind, item.points, item.unit, item.status) == (
        "deduction",
        2,
        org.sections["a"],
        AdjustmentStatus.PENDING,
    )
    assert f"逾期问责台账第{matter.pk}号" in item.evidence
    with pytest.raises(Conflict):
        services.decide_overdue(
            matter, actor=org.deputy.user, decision=Sanction.DEDUCT, period=current, points="2"
        )
    assert Adjustment.objects.count() == 1
    # Approved by another leader, it counts in the score.
    services.decide_adjustment(item, actor=org.head.user, approve=True)
    services.compute_period(current, actor=org.head.user)
    score = current.scores.get(unit=org.sections["a"], version=1)
    assert score.deduction == 2
    assert list(services.matters_of_score(current, org.sections["a"].pk)) == [matter]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"decision": "fine"}, "请选择问责决定"),
        ({"decision": Sanction.DEDUCT, "points": "2"}, "须选择计入的考核期"),
        ({"decision": Sanction.DEDUCT, "points": "99"}, "不超过10"),
        ({"decision": Sanction.DEDUCT, "points": ""}, "请填写分值"),
    ],
)
def test_bad_decisions_change_nothing(org, matter, current, fields, message):
    if fields.get("points") in ("99", ""):
        fields["period"] = current
    with pytest.raises(InvalidInput, match=message):
        services.decide_overdue(matter, actor=org.deputy.user, **fields)
    matter.refresh_from_db()
    assert matter.decision == "" and not Adjustment.objects.exists()
    assert not AssessmentEvent.objects.filter(kind=EventKind.OVERDUE_DECIDED).exists()


def test_a_locked_period_refuses_the_decision(org, matter, current):
    services.compute_period(current, actor=org.head.user)
    services.publish_period(current, actor=org.head.user)
    with pytest.raises(Conflict, match="锁定") as caught:
        services.decide_overdue(
            matter, actor=org.deputy.user, decision=Sanction.DEDUCT, period=current, points="1"
        )
    assert caught.value.code == "period_locked"
    matter.refresh_from_db()
    assert matter.decision == "" and not Adjustment.objects.exists()


def test_a_matter_counted_in_a_locked_period_is_not_changed(org, matter, current):
    services.decide_overdue(matter, actor=org.deputy.user, decision=Sanction.TALK, period=current)
    services.compute_period(current, actor=org.head.user)
    services.publish_period(current, actor=org.head.user)
    with pytest.raises(Conflict):
        services.explain_overdue(matter, actor=org.heads["a"].user, reason="补充")
