import datetime as dt

import pytest
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.org.models import Unit
from luoshi.training import services
from luoshi.training.choices import Attendance
from luoshi.training.models import Enrolment, Training


def test_the_office_plans_for_the_department_and_a_section_for_itself(plan, user):
    assert plan().created_by.user.username == "bgs-staff"
    gb1 = Unit.objects.get(code="gb1")
    today = timezone.localdate()
    own = plan(
        actor=user("gb1-head"),
        unit=gb1,
        audience_units=[gb1],
        topic="科室业务培训",
        hours=8,
        starts_on=today,
        ends_on=today,
    )
    assert own.unit == gb1 and own.history.count() == 1


def test_a_unit_records_no_training_of_its_own_after_it_ended_the_office_does(plan, user):
    gb1 = Unit.objects.get(code="gb1")
    today = timezone.localdate()
    own = {"unit": gb1, "audience_units": [gb1], "topic": "科室业务自学"}
    with pytest.raises(Forbidden) as refused:
        plan(actor=user("gb1-head"), **own)  # held the last two days
    words = refused.value.message
    assert (
        refused.value.code == "own_past_training"
        and f"{today - dt.timedelta(days=1):%Y年%-m月%-d日}" in words
    )
    assert "由上级或办公室补录" in words and not Training.objects.exists()
    # under way, or planned ahead, it is the unit's to plan; over, the office records it as held
    assert plan(actor=user("gb1-head"), **own, ends_on=today).ends_on == today
    assert (
        plan(actor=user("bgs-staff"), **own | {"topic": "补录的科室培训"}).created_by.user.username
        == "bgs-staff"
    )


def test_nobody_plans_beyond_the_units_they_may_hand_work_to(plan, user):
    with pytest.raises(Forbidden) as refused:
        plan(actor=user("gb1-head"))
    assert refused.value.code == "outside_assign_scope" and "江城市委组织部" in refused.value.message
    gb1 = Unit.objects.get(code="gb1")
    with pytest.raises(Forbidden) as refused:
        plan(actor=user("gb1-head"), unit=gb1)
    assert "干部二科不在您可交办工作的单位中" in refused.value.message
    with pytest.raises(Forbidden):
        plan(actor=user("inspector"))
    assert not Training.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"hours": 0}, "invalid_hours", "正整数"),
        ({"hours": -4}, "invalid_hours", "正整数"),
        ({"hours": 17}, "invalid_hours", "2天的培训最多16学时"),
        ({"hours": 5000}, "invalid_hours", "最多16学时"),
        ({"ends_on": timezone.localdate() - dt.timedelta(days=5)}, "invalid_dates", "结束日期早于开始日期"),
        ({"topic": " "}, "required", "培训主题"),
        ({"audience_units": []}, "required", "参训单位"),
    ],
)
def test_bad_plans_are_refused_in_chinese(plan, changes, code, words):
    with pytest.raises(InvalidInput) as refused:
        plan(**changes)
    assert refused.value.code == code and words in refused.value.message
    assert not Training.objects.exists()


def test_a_plan_sent_twice_is_one_plan(plan):
    plan()
    with pytest.raises(Conflict) as refused:
        plan()
    assert refused.value.code == "duplicate_submit" and "请勿重复提交" in refused.value.message
    assert Training.objects.count() == 1


def test_enrolment_takes_the_audience_once(training, user, person):
    assert services.enrol(training, actor=user("bgs-staff"), people=[person("gb1-staff")]) == []
    with pytest.raises(InvalidInput) as refused:
        services.enrol(training, actor=user("bgs-staff"), people=[person("zz1-staff")])
    assert (
        refused.value.code == "person_outside_audience" and person("zz1-staff").name in refused.value.message
    )
    with pytest.raises(Forbidden):
        services.enrol(training, actor=user("gb1-head"), people=[person("gb1-staff")])
    assert training.enrolments.count() == 3


def test_attendance_credits_hours_and_absence_none(training, user, person):
    marks = {person("gb1-staff").pk: 16, person("gb1-head").pk: 8, person("gb2-staff").pk: None}
    changed = services.mark_attendance(training, actor=user("bgs-staff"), marks=marks)
    assert len(changed) == 3
    rows = {
        e.person.user.username: (e.status, e.hours)
        for e in training.enrolments.select_related("person__user")
    }
    assert rows == {
        "gb1-staff": (Attendance.ATTENDED, 16),
        "gb1-head": (Attendance.ATTENDED, 8),
        "gb2-staff": (Attendance.ABSENT, 0),
    }
    assert services.mark_attendance(training, actor=user("bgs-staff"), marks=marks) == []


@pytest.mark.parametrize(("hours", "words"), [(17, "不能超过本次培训的16学时"), (-1, "正整数")])
def test_absurd_hours_change_nothing(training, user, person, hours, words):
    marks = {person("gb1-staff").pk: 16, person("gb1-head").pk: hours}
    with pytest.raises(InvalidInput) as refused:
        services.mark_attendance(training, actor=user("bgs-staff"), marks=marks)
    assert refused.value.code == "invalid_hours" and words in refused.value.message
    assert not Enrolment.objects.exclude(status=Attendance.ENROLLED).exists()


def test_attendance_waits_for_the_training_and_for_enrolment(plan, training, user, person):
    later = plan(
        topic="下月培训",
        starts_on=timezone.localdate() + dt.timedelta(days=3),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
        hours=8,
    )
    services.enrol(later, actor=user("bgs-staff"), people=[person("gb1-staff")])
    with pytest.raises(Conflict) as refused:
        services.mark_attendance(later, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 8})
    assert refused.value.code == "not_started"
    with pytest.raises(InvalidInput) as refused:
        services.mark_attendance(training, actor=user("bgs-staff"), marks={person("zz1-staff").pk: 8})
    assert refused.value.code == "not_enrolled"


@pytest.mark.parametrize("hours", [16, None])
def test_nobody_marks_their_own_attendance(organiser_enrolled, user, person, hours):
    marks = {person("bgs-staff").pk: hours, person("gb1-staff").pk: 16}
    with pytest.raises(Forbidden) as refused:
        services.mark_attendance(organiser_enrolled, actor=user("bgs-staff"), marks=marks)
    assert refused.value.code == "own_attendance" and "不能登记本人的出勤" in refused.value.message
    assert not Enrolment.objects.exclude(status=Attendance.ENROLLED).exists()
    # the others she marks; hers someone else does
    services.mark_attendance(organiser_enrolled, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 16})
    with pytest.raises(Forbidden) as refused:  # nor does her own unit's head: the hours are the office's
        services.mark_attendance(
            organiser_enrolled, actor=user("bgs-head"), marks={person("bgs-staff").pk: 16}
        )
    assert refused.value.code == "own_unit_attendance"
    services.mark_attendance(organiser_enrolled, actor=user("head"), marks={person("bgs-staff").pk: 16})
    statuses = dict(organiser_enrolled.enrolments.values_list("person__user__username", "hours"))
    assert statuses == {"bgs-staff": 16, "gb1-staff": 16}
    # her own row sent back unchanged with the sheet is no mark of hers
    marks = {person("bgs-staff").pk: 16, person("gb1-staff").pk: 8}
    assert len(services.mark_attendance(organiser_enrolled, actor=user("bgs-staff"), marks=marks)) == 1


def test_a_units_own_people_never_confirm_the_hours_credited_to_it(user, person):
    gb1, today = Unit.objects.get(code="gb1"), timezone.localdate()
    own = services.plan_training(
        actor=user("gb1-head"),
        topic="科室业务自学",
        unit=gb1,
        audience="本科室",
        audience_units=[gb1],
        hours=8,
        starts_on=today,
        ends_on=today,
    )
    services.enrol(own, actor=user("gb1-head"), people=[person("gb1-head"), person("gb1-staff")])
    for marker, marked in [("gb1-head", "gb1-staff"), ("gb1-staff", "gb1-head")]:
        with pytest.raises(Forbidden) as refused:
            services.mark_attendance(own, actor=user(marker), marks={person(marked).pk: 8})
        words = refused.value.message
        assert refused.value.code == "own_unit_attendance" and person(marked).name in words
        assert "须由本单位以外" in words
    assert not Enrolment.objects.exclude(status=Attendance.ENROLLED).exists()
    # the leader in charge, or the office above the section, confirms them
    services.mark_attendance(own, actor=user("deputy1"), marks={person("gb1-head").pk: 8})
    services.mark_attendance(own, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 8})
    assert sorted(own.enrolments.values_list("hours", flat=True)) == [8, 8]
