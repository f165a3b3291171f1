import datetime as dt

import pytest

from luoshi.core.errors import Forbidden
from luoshi.org.models import Unit
from luoshi.study.progress import directive_progress, expected_unit_ids, to_study
from luoshi.tasks import services as task_services


def test_units_with_work_under_a_directive_are_expected_to_study_it(directive, demo):
    assert expected_unit_ids([directive.pk]) == {directive.pk: {demo["gb1"], demo["gb2"]}}


def test_a_co_unit_is_expected_and_a_cancelled_task_does_not_count(directive, demo, user):
    task = directive.tasks.get(lead_unit__code="gb2")
    task.co_units.add(Unit.objects.get(code="zz1"))
    task_services.cancel(task, actor=user("bgs-staff"), reason="合并办理")  # the office that assigned it
    assert expected_unit_ids([directive.pk])[directive.pk] == {demo["gb1"]}


def test_progress_lists_studied_and_pending_units(directive, record, user):
    session = record()
    progress = directive_progress(directive, user("gb2-staff"))
    assert [row.unit.code for row in progress.studied] == ["gb1"]
    assert progress.studied[0].last == session
    assert [unit.code for unit in progress.pending] == ["gb2"]
    assert progress.visible == set() and progress.expected_count == 2
    assert directive_progress(directive, user("gb1-staff")).visible == {session.pk}


def test_to_study_is_what_a_unit_has_work_under_and_has_not_studied(directive, record):
    units = list(Unit.objects.filter(code__in=["gb1", "gb2"]))
    assert {(t.unit.code, t.directive_id) for t in to_study(units)} == {
        ("gb1", directive.pk),
        ("gb2", directive.pk),
    }
    record()
    assert [(t.unit.code, t.title) for t in to_study(units)] == [("gb2", directive.title)]


def test_a_unit_does_not_put_itself_on_the_list_by_linking_a_task_of_its_own(directive, demo, user):
    """Who is expected to study a speech is read from the tasks under it, so a unit the office gave no work
    under it cannot add itself (or another unit) by linking a task of its own: refused, nothing made."""
    with pytest.raises(Forbidden) as refused:
        task_services.create_task(
            actor=user("zz1-head"),
            title="我科学习讲话",
            lead_unit=Unit.objects.get(code="zz1"),
            directive=directive,
            due_date=directive.issued_on + dt.timedelta(days=60),
        )
    assert refused.value.code == "not_directive_owner"
    assert expected_unit_ids([directive.pk])[directive.pk] == {demo["gb1"], demo["gb2"]}
    assert not directive.tasks.filter(lead_unit__code="zz1").exists()
