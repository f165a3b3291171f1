"""The stored roll-ups (subtree dates, ancestors, report tallies) agree with a rebuild from scratch."""
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from luoshi.tasks import rollup, services
from luoshi.tasks.choices import Light
from luoshi.tasks.lights import with_lights
from luoshi.tasks.models import ReportTally, Task, TaskAncestor


def _stored() -> dict:
    return {pk: (due, report) for pk, due, report in
            Task.objects.values_list("pk", "subtree_due_date", "subtree_report_due")}


def test_every_service_keeps_the_subtree_dates_a_rebuild_would_compute(make_task, user, today):
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    child = make_task(parent=parent, acknowledge=True, title="子任务", due_date=today + dt.timedelta(days=20))
    grandchild = make_task(parent=child, lead="gb1", acknowledge=True, title="孙任务",
                           due_date=today + dt.timedelta(days=10))
    assert Task.objects.get(pk=parent.pk).subtree_due_date == grandchild.due_date
    services.submit_feedback(grandchild, actor=user("gb1-staff"), progress_text="x", percent=50)
    services.request_close(grandchild, actor=user("gb1-staff"), evidence_text="完成")
    services.approve_close(grandchild, actor=user("deputy1"))
    assert Task.objects.get(pk=parent.pk).subtree_due_date == child.due_date
    services.cancel(child, actor=user("gb1-head"), reason="调整")
    before = _stored()
    assert rollup.rebuild() == 0 and _stored() == before
    assert Task.objects.get(pk=parent.pk).subtree_due_date == parent.due_date


def test_a_parent_shows_the_worst_light_below_it_and_a_closed_one_none(make_task, user, today):
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    child = make_task(parent=parent, acknowledge=True, title="子任务", due_date=today + dt.timedelta(days=30))
    Task.objects.filter(pk=child.pk).update(due_date=today - dt.timedelta(days=1))
    rollup.refresh(child)
    lights = dict(with_lights(Task.objects.restrict(user("head"), "view"), today).values_list("pk", "light"))
    assert lights[parent.pk] == lights[child.pk] == Light.RED


def test_ancestor_rows_follow_the_tree(make_task):
    parent = make_task()
    child = make_task(parent=parent, title="子任务")
    grandchild = make_task(parent=child, title="孙任务")
    assert set(TaskAncestor.objects.values_list("task_id", "ancestor_id")) == {
        (child.pk, parent.pk), (grandchild.pk, parent.pk), (grandchild.pk, child.pk)}
    assert set(parent.descendants().values_list("pk", flat=True)) == {child.pk, grandchild.pk}
    assert rollup.rebuild_ancestors() == 3


def test_report_tallies_count_what_a_recount_finds(make_task, user, today):
    task = make_task(acknowledge=True)
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="一", percent=10)
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=3))
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="二", percent=20)
    tally = ReportTally.objects.get()
    assert (tally.unit_id, tally.month, tally.total, tally.late) == (task.lead_unit_id, today.replace(day=1), 2, 1)
    assert rollup.rebuild_tallies() == 1
    assert ReportTally.objects.values_list("total", "late").get() == (2, 1)


STATES = st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["open", "closed", "cancelled"]),
                            st.integers(-5, 40), st.one_of(st.none(), st.integers(-5, 10))), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=STATES)
def test_refresh_and_rebuild_agree_on_any_tree(demo, today, shape):
    """Random trees in random states: walking up from each change gives what a full rebuild gives."""
    made: list[Task] = []
    for parent_at, state, due, report in shape:
        parent = made[parent_at % len(made)] if made and parent_at % 3 else None
        task = Task.objects.create(title="t", lead_unit_id=demo["gb1"], parent=parent)
        task.tree_path = (parent.tree_path if parent else "/") + f"{task.pk:010d}/"
        Task.objects.filter(pk=task.pk).update(
            tree_path=task.tree_path, status={"open": "in_progress"}.get(state, state),
            due_date=today + dt.timedelta(days=due),
            next_report_due=None if report is None else today + dt.timedelta(days=report))
        made.append(task)
    for task in made:
        task.refresh_from_db()
        rollup.refresh(task)
    walked = _stored()
    rollup.rebuild()
    assert _stored() == walked
