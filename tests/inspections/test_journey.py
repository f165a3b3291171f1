"""Done when: a campaign goes from its checklist to findings, a finding to a problem of the ledger, the
problem to 治标/治本 measures that are tasks, and those to close-out; the campaign counts it rectified."""

import datetime as dt

from django.utils import timezone

from luoshi.inspections import services
from luoshi.inspections.checklist import answers, progress
from luoshi.inspections.documents import bulletin_draft
from luoshi.org.models import Unit
from luoshi.problems import services as problem_services
from luoshi.tasks import services as task_services


def test_checklist_findings_problem_measures_close_out(campaign, user):
    gb1 = Unit.objects.get(code="gb1")
    report, pool = campaign.points.all()
    gb2 = Unit.objects.get(code="gb2")
    # the checklist: 干部一科's report on the task answers its points; 干部二科 is asked
    found = answers(campaign, [gb1.pk, gb2.pk], user("inspector"))
    assert not any(a.missing for a in found[gb1.pk]) and all(a.missing for a in found[gb2.pk])

    services.record_finding(
        campaign, actor=user("inspector"), point=report, unit=gb1, result="met", note="初稿已成"
    )
    finding = services.record_finding(
        campaign,
        actor=user("bgs-staff"),
        point=pool,
        unit=gb1,
        result="problem",
        note="年轻干部人选库尚未建立",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    problem = finding.problem
    assert problem.source == "inspection" and problem.status == "recorded"

    due = timezone.localdate() + dt.timedelta(days=20)
    problem_services.confirm_problem(
        problem,
        actor=user("gb1-head"),
        root_cause="人选库建设无专人负责",
        measures=[
            {"kind": "quick", "title": "两周内建立人选库", "due_date": due},
            {"kind": "lasting", "title": "建立人选库动态更新制度", "due_date": due},
        ],
    )
    for measure in problem_services.measures_of(problem):
        task_services.acknowledge(measure.task, actor=user("gb1-head"))
        task_services.request_close(measure.task, actor=user("gb1-staff"), evidence_text="已完成，附制度文件")
        task_services.approve_close(measure.task, actor=user("deputy1"))
    problem_services.close_problem(problem, actor=user("deputy1"), note="佐证齐全，同意销号")

    figures = progress(campaign)
    assert (figures.problems_found, figures.problems_rectified, figures.units_visited) == (1, 1, 1)
    assert "发现问题1个，已整改1个" in bulletin_draft(campaign=campaign)["overview"]
