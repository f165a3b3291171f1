"""Scores: on a small fixed month, the service's figures match the ones computed here independently, in
plain Python over the rows; ties, units with nothing to assess, a unit set up mid-month, versions."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone

from luoshi.assessment import services
from luoshi.assessment.choices import EventKind
from luoshi.assessment.models import IndicatorScore, Judgement, UnitScore
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.problems.models import Measure, Problem, ProblemEvent
from luoshi.study.models import StudySession
from luoshi.tasks.models import ExtensionRequest, Feedback, Task
from luoshi.training.models import Enrolment

from .conftest import TODAY

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
# The standard scheme, written out again: (dimension weight, [(path weights…, metric or judged name)]).
PROCESS = [
    (60, 15, "ack_on_time"),
    (60, 25, "feedback_on_time"),
    (60, 30, "close_on_time"),
    (60, 20, "overdue"),
    (60, 10, "extensions"),
    (30, 70, "problems_on_time"),
    (30, 30, "recurrences"),
    (10, 50, "study_sessions"),
    (10, 50, "training_hours"),
]
EFFECT = [(30, "部署落实了没有"), (30, "问题解决了没有"), (20, "面貌改变了没有"), (20, "工作提升了没有")]
PENALTY = {"overdue": 10, "extensions": 5, "recurrences": 20}
QUOTA = {"study_sessions": 1, "training_hours": 40}  # the targets: sessions, hours


def day(moment):
    return timezone.localtime(moment).date() if moment else None


def in_october(value):
    return value is not None and START <= value <= END


def expected_figures(unit_id):
    """(base, hits) of each automatic indicator for the unit, from the rows, in Python."""
    tasks = [t for t in Task.objects.filter(lead_unit_id=unit_id) if t.status not in ("draft", "cancelled")]
    extended = set(ExtensionRequest.objects.filter(status="approved").values_list("task_id", flat=True))
    due = [t for t in tasks if in_october(t.due_date)]
    assigned = [t for t in tasks if in_october(day(t.assigned_at))]
    reports = [f for f in Feedback.objects.filter(task__lead_unit_id=unit_id) if in_october(f.period_due)]
    problems = [
        p
        for p in Problem.objects.all()
        if (p.responsible_unit_id or p.unit_id) == unit_id and p.status != "dismissed"
    ]
    deadline = {
        p.pk: max(m.task.due_date for m in Measure.objects.filter(problem=p))
        for p in problems
        if p.status != "recorded"
    }
    rebounded = {e.problem_id for e in ProblemEvent.objects.filter(kind="rebounded") if in_october(day(e.at))}
    cutoff = min(END, TODAY)
    problems_due = [p for p in problems if in_october(deadline.get(p.pk))]
    sessions = [s for s in StudySession.objects.filter(unit_id=unit_id) if in_october(s.held_on)]
    credited = [
        e.hours
        for e in Enrolment.objects.filter(status="attended").select_related("person", "training")
        if e.person.unit_id == unit_id and in_october(e.training.ends_on)
    ]
    open_in = [
        p for p in problems if p.found_on <= END and (p.closed_at is None or day(p.closed_at) >= START)
    ]
    return {
        "ack_on_time": (
            len(assigned),
            sum(
                t.acknowledged_at is not None and t.acknowledged_at - t.assigned_at <= dt.timedelta(days=2)
                for t in assigned
            ),
        ),
        "feedback_on_time": (len(reports), sum(not f.late for f in reports)),
        "close_on_time": (
            len(due),
            sum(t.closed_at is not None and day(t.closed_at) <= t.due_date for t in due),
        ),
        "overdue": (
            len(due),
            sum(
                (t.closed_at is None and t.due_date < cutoff)
                or (t.closed_at is not None and day(t.closed_at) > t.due_date)
                for t in due
            ),
        ),
        "extensions": (len(due), sum(t.pk in extended for t in due)),
        "problems_on_time": (
            len(problems_due),
            sum(p.closed_at is not None and day(p.closed_at) <= deadline[p.pk] for p in problems_due),
        ),
        "recurrences": (len(open_in), sum(p.pk in rebounded for p in open_in)),
        "study_sessions": (len(sessions), len(sessions)),
        "training_hours": (len(credited), sum(credited)),
    }


def expected_points(metric, base, hits):
    if metric in QUOTA:  # nothing held scores 0: every unit can study and train
        return min(Fraction(100), Fraction(100 * hits, QUOTA[metric]))
    if not base:
        return None
    if metric in PENALTY:
        return max(Fraction(0), 100 - Fraction(PENALTY[metric]) * hits)
    return Fraction(100 * hits, base)


def expected_total(unit_id, period):
    figures = expected_figures(unit_id)
    parts, anything = [], any(base for base, _ in figures.values())
    for group, weight, metric in PROCESS:
        value = expected_points(metric, *figures[metric])
        parts.append((value, Fraction(40, 100) * Fraction(group, 100) * Fraction(weight, 100)))
    for weight, name in EFFECT:
        judged = [
            Fraction(j.points)
            for j in Judgement.objects.filter(period=period, unit_id=unit_id, indicator__name=name)
        ]
        value = sum(judged) / len(judged) if judged else None
        anything = anything or bool(judged)
        parts.append((value, Fraction(60, 100) * Fraction(weight, 100)))
    counted = [(v, w) for v, w in parts if v is not None]
    if not anything:  # a quota alone (nothing studied, nothing trained) is not something to assess
        return None, figures
    return sum(v * w for v, w in counted) / sum(w for _, w in counted), figures


def test_scores_match_an_independent_computation(org, october, month):
    scores = {s.unit_id: s for s in UnitScore.objects.filter(period=october, version=1)}
    assert set(scores) == {*(u.pk for u in org.sections.values()), org.county.pk, month["mid_year"].pk}
    for unit_id, score in scores.items():
        total, figures = expected_total(unit_id, october)
        bonus = 2 if unit_id == org.sections["a"].pk else 0
        if total is None:
            assert not score.assessable and score.total is None
            continue
        assert abs(float(score.total) - float(total + bonus)) <= 0.005, unit_id
        for row in IndicatorScore.objects.filter(unit_score=score, indicator__kind="auto").select_related(
            "indicator"
        ):
            base, hits = figures[row.indicator.metric]
            assert (row.base, row.hits) == (base, hits), row.indicator.metric
            value = expected_points(row.indicator.metric, base, hits)
            assert row.applicable == (value is not None)
            if value is not None:
                assert abs(float(row.points) - float(value)) <= 0.005
    a = scores[org.sections["a"].pk]
    assert a.bonus == 2 and scores[org.county.pk].deduction == 0  # a pending deduction does not count


def test_the_fixed_month_reads_as_expected(org, october, month):
    a = UnitScore.objects.get(period=october, version=1, unit=org.sections["a"])
    figures = {
        r.indicator.metric: (r.base, r.hits, r.figure) for r in a.indicators.select_related("indicator")
    }
    assert figures["ack_on_time"] == (2, 1, "1/2（50.0%）")
    assert figures["feedback_on_time"][:2] == (3, 2)
    assert figures["overdue"][:2] == (5, 3) and figures["extensions"][:2] == (5, 1)  # two measures due too
    assert figures["problems_on_time"][:2] == (2, 1) and figures["recurrences"][:2] == (3, 1)


def test_ties_share_a_place_and_say_so(org, october, month):
    b = UnitScore.objects.get(period=october, version=1, unit=org.sections["b"])
    c = UnitScore.objects.get(period=october, version=1, unit=org.sections["c"])
    assert b.total == c.total and b.rank == c.rank == 1
    assert "并列第1名" in b.rank_note and org.sections["c"].name in b.rank_note
    # after the tie the next place is skipped: 1, 1, 3, 4 (the section set up mid-month has studied
    # nothing, and the quota's 0 counts beside its one task closed on time)
    mid_year = UnitScore.objects.get(period=october, version=1, unit=month["mid_year"])
    a = UnitScore.objects.get(period=october, version=1, unit=org.sections["a"])
    assert mid_year.rank == 3 and a.total < mid_year.total < b.total and a.rank == 4


def test_a_unit_with_nothing_to_assess_is_not_ranked_last(org, october, month):
    d = UnitScore.objects.get(period=october, version=1, unit=org.sections["d"])
    assert not d.assessable and d.rank is None and d.total is None
    assert d.rank_note.startswith("无可考核事项")


def test_a_unit_set_up_mid_month_counts_from_that_day_and_a_later_one_not_at_all(org, october, month):
    score = UnitScore.objects.get(period=october, version=1, unit=month["mid_year"])
    assert score.note == "2026年10月15日设立，按设立后的事项考核" and score.assessable
    assert not UnitScore.objects.filter(unit=month["too_new"]).exists()


def test_peer_groups_separate_sections_and_county_departments(org, october, month):
    county = UnitScore.objects.get(period=october, version=1, unit=org.county)
    assert county.peer_label == "下级组织部" and county.rank == 1
    assert UnitScore.objects.get(period=october, version=1, unit=org.sections["a"]).peer_label == "科室"


def test_a_recompute_is_a_new_version_and_keeps_the_old(org, october, month):
    services.compute_period(october, actor=org.head.user, today=TODAY)
    october.refresh_from_db()
    assert october.version == 2
    assert (
        UnitScore.objects.filter(period=october, version=1).count()
        == UnitScore.objects.filter(period=october, version=2).count()
    )
    computed = october.events.filter(kind=EventKind.COMPUTED).order_by("id")
    assert [e.changes[0]["new"] for e in computed] == ["第1版", "第2版"]


def test_a_locked_period_refuses_every_change(org, scheme, october, month):
    services.publish_period(october, actor=org.head.user)
    before = (UnitScore.objects.count(), Judgement.objects.count(), october.events.count())
    indicator = scheme.indicators.get(name="部署落实了没有")
    for attempt in (
        lambda: services.compute_period(october, actor=org.head.user, today=TODAY),
        lambda: services.judge(
            october,
            actor=org.deputy.user,
            indicator=indicator,
            unit=org.sections["d"],
            level="好",
            justification="好",
        ),
        lambda: services.propose_adjustment(
            october,
            actor=org.deputy.user,
            unit=org.sections["d"],
            kind="bonus",
            points=1,
            reason="x",
            evidence="y",
        ),
    ):
        with pytest.raises(Conflict, match="已审定发布并锁定") as exc:
            attempt()
        assert exc.value.code == "period_locked"
    assert before == (UnitScore.objects.count(), Judgement.objects.count(), october.events.count())


def test_a_judged_score_off_the_rubric_is_refused(org, scheme, october):
    indicator = scheme.indicators.get(name="部署落实了没有")
    with pytest.raises(
        InvalidInput, match="“优秀”不是“部署落实了没有”的评分档次，请从好（100分）、较好（85分）"
    ) as exc:
        services.judge(
            october,
            actor=org.deputy.user,
            indicator=indicator,
            unit=org.sections["a"],
            level="优秀",
            justification="很好",
        )
    assert exc.value.code == "off_rubric" and not Judgement.objects.exists()
    with pytest.raises(InvalidInput, match="请填写评议理由"):
        services.judge(
            october,
            actor=org.deputy.user,
            indicator=indicator,
            unit=org.sections["a"],
            level="好",
            justification=" ",
        )
    with pytest.raises(Forbidden, match="不是“部署落实了没有”的评议人"):
        services.judge(
            october,
            actor=org.heads["b"].user,
            indicator=indicator,
            unit=org.sections["a"],
            level="好",
            justification="好",
        )
    assert not Judgement.objects.exists() and not october.events.filter(kind=EventKind.JUDGED).exists()


def test_adjustments_are_capped_and_never_decided_by_their_proposer(org, october):
    with pytest.raises(InvalidInput, match="加分分值应大于0且不超过5"):
        services.propose_adjustment(
            october,
            actor=org.deputy.user,
            unit=org.sections["a"],
            kind="bonus",
            points=6,
            reason="x",
            evidence="y",
        )
    item = services.propose_adjustment(
        october,
        actor=org.deputy.user,
        unit=org.sections["a"],
        kind="bonus",
        points=1,
        reason="x",
        evidence="y",
    )
    with pytest.raises(Forbidden, match="不能审批自己提出的加减分"):
        services.decide_adjustment(item, actor=org.deputy.user, approve=True)
    with pytest.raises(Forbidden):
        services.decide_adjustment(item, actor=org.heads["a"].user, approve=True)
    with pytest.raises(InvalidInput, match="请填写不批准的理由"):
        services.decide_adjustment(item, actor=org.head.user, approve=False)
    services.decide_adjustment(item, actor=org.head.user, approve=False, note="佐证不足")
    with pytest.raises(Conflict, match="已经未批准"):
        services.decide_adjustment(item, actor=org.head.user, approve=True)


def test_only_the_head_publishes(org, october, month):
    with pytest.raises(Forbidden, match="须部长审定"):
        services.publish_period(october, actor=org.deputy.user)


def test_an_assessor_does_not_judge_a_unit_he_holds_a_role_in(org, scheme, october):
    """A deputy who also heads 干部一科 (兼任) is of that section as much as of his home unit: his judgement
    of it is refused (nobody decides their own matter) and nothing is written; other sections he judges."""
    from luoshi.org.choices import Role
    from luoshi.org.models import Membership

    Membership.objects.create(person=org.deputy, unit=org.sections["a"], role=Role.SECTION_HEAD)
    indicator = scheme.indicators.get(name="部署落实了没有")
    with pytest.raises(Forbidden, match="不能评议本人所在或任职的单位（干部一科）") as exc:
        services.judge(
            october,
            actor=org.deputy.user,
            indicator=indicator,
            unit=org.sections["a"],
            level="好",
            justification="部署落实到位",
        )
    assert exc.value.code == "own_unit" and not Judgement.objects.exists()
    services.judge(
        october,
        actor=org.deputy.user,
        indicator=indicator,
        unit=org.sections["b"],
        level="好",
        justification="部署落实到位",
    )
