import datetime as dt

from luoshi.problems import services
from luoshi.problems.models import Problem
from luoshi.tasks import services as task_services


def stored(problem):
    return Problem.objects.get(pk=problem.pk).earliest_due


def test_a_problem_keeps_the_earliest_deadline_of_its_open_measures(confirmed, finish, user, today):
    problem = confirmed()
    first, second = (m.task for m in services.measures_of(problem))
    assert stored(problem) == today + dt.timedelta(days=20)
    second.due_date = today + dt.timedelta(days=5)
    second.save(update_fields=["due_date"])
    assert stored(problem) == today + dt.timedelta(days=5)
    finish(second)
    assert stored(problem) == today + dt.timedelta(days=20)
    finish(first)
    assert stored(problem) is None
    task_services.reopen(first, actor=user("deputy1"), reason="整改不彻底")
    assert stored(problem) == today + dt.timedelta(days=20)


def test_a_measure_added_later_counts(confirmed, user, today):
    problem = confirmed()
    services.add_measure(
        problem, actor=user("gb1-head"), kind="quick", title="补充措施", due_date=today + dt.timedelta(days=3)
    )
    assert stored(problem) == today + dt.timedelta(days=3)


def test_the_overdue_filter_reads_the_stored_deadline(confirmed, finish, client_as, today):
    late, in_time = confirmed(), confirmed(description="干部一科党费收缴不及时，台账缺失")
    task = services.measures_of(late)[0].task
    task.due_date = today - dt.timedelta(days=1)
    task.save(update_fields=["due_date"])
    client = client_as("head")
    page = client.get("/problems/", {"overdue": "true"}).content.decode()
    assert f"/problems/{late.pk}/" in page and f"/problems/{in_time.pk}/" not in page
    others = client.get("/problems/", {"overdue": "false"}).content.decode()
    assert f"/problems/{late.pk}/" not in others and f"/problems/{in_time.pk}/" in others
    finish(task)
    assert f"/problems/{late.pk}/" not in client.get("/problems/", {"overdue": "true"}).content.decode()
