from luoshi.inspections import services
from luoshi.inspections.checklist import answers, progress
from luoshi.org.models import Unit


def test_a_point_is_pre_answered_from_the_units_own_reports(campaign, user):
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    found = answers(campaign, [gb1.pk, gb2.pk], user("head"))
    first = found[gb1.pk][0]
    assert not first.missing and first.evidence[0].what == "复命" and first.evidence[0].percent == 50
    assert "调研报告已成初稿" in first.evidence[0].text
    # 干部二科 reported nothing on the task: the one thing the inspector asks it for
    assert all(a.missing for a in found[gb2.pk])


def test_a_sub_task_answers_for_its_unit(campaign, key_task, user, person):
    from luoshi.tasks import services as task_services

    rc = Unit.objects.get(code="rc")
    campaign.target_units.add(rc)
    child = task_services.create_task(
        actor=user("bgs-staff"),
        title="人才工作科年轻干部调研",
        lead_unit=rc,
        parent=key_task,
        due_date=key_task.due_date,
    )
    task_services.assign(child, actor=user("bgs-staff"))
    task_services.acknowledge(child, actor=user("rc-head"))
    task_services.submit_feedback(child, actor=user("rc-staff"), progress_text="完成3个乡镇调研", percent=30)
    evidence = answers(campaign, [rc.pk], user("head"))[rc.pk][0].evidence
    assert [e.text for e in evidence] == ["完成3个乡镇调研"] and evidence[0].task_id == child.pk


def test_the_checklist_reads_in_a_fixed_number_of_queries(campaign, user, django_assert_max_num_queries):
    units = list(Unit.objects.values_list("pk", flat=True))
    campaign.target_units.set(units)
    reader = user("deputy1")
    with django_assert_max_num_queries(12):
        found = answers(campaign, units, reader)
    assert len(found) == len(units)


def test_progress_counts_units_points_and_problems(campaign, user):
    gb1 = Unit.objects.get(code="gb1")
    first, second = campaign.points.all()
    services.record_finding(campaign, actor=user("inspector"), point=first, unit=gb1, result="met")
    services.record_finding(
        campaign, actor=user("inspector"), point=second, unit=gb1, result="problem", note="人选库未建"
    )
    figures = progress(campaign)
    assert (figures.units, figures.units_visited, figures.points, figures.points_checked) == (2, 1, 4, 2)
    assert figures.problems_found == 1 and figures.checked_percent == 50 and figures.problems_rectified == 0


def test_a_problem_closed_on_the_ledger_counts_as_rectified(campaign, user):
    from luoshi.problems.models import Problem

    first = campaign.points.first()
    services.record_finding(
        campaign,
        actor=user("inspector"),
        point=first,
        unit=Unit.objects.get(code="gb1"),
        result="problem",
        note="未建",
    )
    Problem.objects.update(status="closed")
    assert progress(campaign).problems_rectified == 1
