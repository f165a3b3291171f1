"""bench/web.py's measuring core against the live test server: logins, scenarios, timed loop, stats."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bench import web
from luoshi.demo import load_demo
from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Feedback

DEMO_PASSWORD = "luoshi-demo"


@pytest.fixture
def open_task(transactional_db, live_server):
    """The demo organization and one task 干部一科 has acknowledged, with one report."""
    load_demo(with_work=False)
    users = get_user_model().objects
    task = services.create_task(
        actor=users.get(username="bgs-staff"),
        title="开展年轻干部专题调研",
        lead_unit=Unit.objects.get(code="gb1"),
        cadence="weekly:5",
        due_date=timezone.localdate() + dt.timedelta(days=30),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=users.get(username="bgs-staff"))
    services.acknowledge(task, actor=users.get(username="gb1-head"))
    services.submit_feedback(task, actor=users.get(username="gb1-staff"), progress_text="已启动", percent=10)
    return task


def test_the_benchmark_measures_a_page_the_floor_and_writes(live_server, open_task):
    setup = web.Setup(live_server.url, staff="gb1-staff", head="head", password=DEMO_PASSWORD)
    scenarios = [
        web.build_scenario(name, setup) for name in ("me", "ledger-unit", "feedback-write", "task-page")
    ]
    assert scenarios[3].note == f"task {open_task.pk}, 1 feedback rows (no task the head sees has 50)"

    results = web.run(
        live_server.url, scenarios[:3], clients=[2], seconds=1.0, warmup=0.05
    )  # room for a slow worker

    assert [(r.scenario, r.clients, r.errors) for r in results] == [
        ("me", 2, 0),
        ("ledger-unit", 2, 0),
        ("feedback-write", 2, 0),
    ]
    assert all(r.requests > 0 and r.rps > 0 and 0 < r.p50_ms <= r.p95_ms for r in results)
    assert results[0].rps_vs_me == 1.0 and results[1].rps_vs_me is not None
    # Every write (warm-up included) is a new report: fresh Idempotency-Keys replay nothing.
    assert Feedback.objects.filter(task=open_task).count() > 1 + results[2].requests
    assert "ledger-unit" in web.format_table(results)


def test_non_2xx_answers_are_errors_with_their_bodies(live_server, open_task):
    setup = web.Setup(live_server.url, staff="gb1-staff", head="head", password=DEMO_PASSWORD)
    missing = web.Scenario(
        "missing",
        "gb1-staff",
        lambda client, n, clients: web.Call("GET", "/api/v1/tasks/999999/", headers=setup.token("gb1-staff")),
    )

    result = web.measure(live_server.url, missing, clients=1, seconds=0.2, warmup=0)

    assert result.requests > 0 and result.errors == result.requests
    assert result.error_samples[0].startswith("404 GET /api/v1/tasks/999999/: ")
    assert "对象不存在或您无权访问" in result.error_samples[0]


def test_a_wrong_password_stops_the_benchmark(live_server, open_task):
    with pytest.raises(web.BenchError, match="login as gb1-staff failed"):
        web.login(live_server.url, "gb1-staff", "not-the-password")


def test_percentiles_are_nearest_rank():
    values = [float(x) for x in range(1, 101)]
    assert (web.percentile(values, 50), web.percentile(values, 95), web.percentile([7.0], 95)) == (50, 95, 7)
    assert web.percentile([], 50) == 0
