"""Batch 交办 and 催办: each task through its service, all or nothing, refusals listed in Chinese."""

import pytest

from luoshi.core.errors import InvalidInput
from luoshi.notify.models import Notification
from luoshi.tasks import services
from luoshi.tasks.models import Task
from luoshi.tasks.services.batch import BATCH_MAX, BatchRefused


def test_batch_assign_hands_out_every_draft(make_task, user):
    drafts = [make_task(title=f"草稿{n}") for n in range(3)]
    done = services.run_batch("assign", [t.pk for t in drafts], actor=user("bgs-staff"))
    assert [t.pk for t in done] == [t.pk for t in drafts]
    assert set(Task.objects.filter(pk__in=[t.pk for t in drafts]).values_list("status", flat=True)) == {
        "assigned"
    }


def test_one_refusal_leaves_every_task_as_it_was(make_task, user):
    ready, assigned = make_task(title="可以交办"), make_task(assign=True, title="已交办的")
    told = Notification.objects.count()
    with pytest.raises(BatchRefused) as refused:
        services.run_batch("assign", [ready.pk, assigned.pk], actor=user("bgs-staff"))
    assert refused.value.refusals == [(assigned.pk, "已交办的", refused.value.refusals[0][2])]
    assert "《已交办的》" in refused.value.message and "均未处理" in refused.value.message
    assert Task.objects.get(pk=ready.pk).status == "draft"
    assert Notification.objects.count() == told


def test_an_invisible_task_is_named_by_number_only(make_task, user):
    theirs = make_task(acknowledge=True, lead="gb2", title="干部二科的任务")
    mine = make_task(acknowledge=True)
    with pytest.raises(BatchRefused) as refused:
        services.run_batch("urge", [mine.pk, theirs.pk], actor=user("gb1-head"))
    assert "干部二科的任务" not in refused.value.message and f"任务{theirs.pk}" in refused.value.message
    assert not Notification.objects.filter(kind="urged").exists()


def test_batch_urge_carries_the_message(make_task, user):
    tasks = [make_task(acknowledge=True, title=f"任务{n}") for n in range(2)]
    services.run_batch("urge", [t.pk for t in tasks], actor=user("deputy1"), message="月底前完成")
    assert Notification.objects.filter(kind="urged", body__contains="月底前完成").count() == 2


@pytest.mark.parametrize(
    "ids, code",
    [
        ([], "empty_selection"),
        (["x"], "bad_selection"),
        (list(range(1, BATCH_MAX + 2)), "selection_too_large"),
    ],
)
def test_a_bad_selection_is_a_chinese_error(db, ids, code):
    with pytest.raises(InvalidInput) as error:
        services.run_batch("urge", ids, actor=None)
    assert error.value.code == code


def test_an_unknown_action_is_refused(db):
    with pytest.raises(InvalidInput):
        services.run_batch("cancel", [1], actor=None)
