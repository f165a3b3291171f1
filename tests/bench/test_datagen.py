"""A small province from bench/datagen.py: the same shapes as the 200,000-task run, checked for sense."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.test import Client

from bench.datagen import generate
from luoshi.org.models import Unit
from luoshi.tasks import rollup
from luoshi.tasks.choices import Light
from luoshi.tasks.models import Feedback, Task, TaskAncestor


def test_a_province_with_every_light_and_work_behind_it(province):
    assert province.tasks == Task.objects.count() == 400
    assert 1400 <= province.units == Unit.objects.count() <= 1600 and 5000 <= province.people <= 7000
    assert province.max_depth == 4 and all(province.lights[light] for light in Light.values())
    assert 6 <= Feedback.objects.count() / 400 <= 14
    assert rollup.rebuild() == 0, "the loaded roll-up is what the services would have stored"
    assert TaskAncestor.objects.count() == sum(
        path.count("/") - 2 for path in Task.objects.values_list("tree_path", flat=True)
    )
    assert Feedback.objects.filter(period_due__isnull=False, late=True).exists()


class _Undo(Exception):
    pass


def _snapshot() -> list:
    return list(
        Task.objects.order_by("pk").values_list(
            "title", "status", "due_date", "lead_unit__code", "next_report_due"
        )
    )


def test_the_same_seed_gives_the_same_province(db):
    with pytest.raises(_Undo), transaction.atomic():
        generate(tasks=150, seed=3, today=dt.date(2026, 6, 1))
        first = _snapshot()
        raise _Undo
    generate(tasks=150, seed=3, today=dt.date(2026, 6, 1))
    assert _snapshot() == first and len({row[1] for row in first}) > 3


def test_the_demo_accounts_can_use_it(province):
    for username, path in [
        ("head", "/tasks/overview/"),
        ("gb1-staff", "/tasks/"),
        ("jcq-head", "/tasks/inbox/"),
        ("deputy1", "/tasks/"),
    ]:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get(path).status_code == 200, (username, path)


def test_it_refuses_a_database_that_is_not_empty(province):
    with pytest.raises(SystemExit, match="数据库不是空的"):
        generate(tasks=10)


def test_every_close_out_rests_on_a_completion_report(province):
    """As services.request_close writes it: the latest report of a task asking to close or closed is 100%."""
    latest = (
        Feedback.objects.filter(task=OuterRef("pk")).order_by("-submitted_at", "-id").values("percent")[:1]
    )
    asked = Task.objects.filter(status__in=["close_requested", "closed"]).annotate(last=Subquery(latest))
    assert asked.exists() and set(asked.values_list("last", flat=True)) == {100}
    assert not Task.objects.filter(status="close_requested").exclude(progress=100).exists()
