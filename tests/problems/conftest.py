import datetime as dt
import importlib

import pytest
from django.apps import apps

from luoshi.org.models import Unit
from luoshi.problems import services
from luoshi.problems.choices import MeasureKind, ProblemSource
from luoshi.problems.models import ProblemCategory
from luoshi.tasks import services as task_services

TEXT = "干部一科选人用人档案审核不严，部分干部出生日期前后不一致未及时认定"


@pytest.fixture
def category(db):
    if not ProblemCategory.objects.exists():
        # A transactional test run earlier in this worker truncated the tree its data migration seeded.
        importlib.import_module("luoshi.problems.migrations.0002_categories").seed(apps, None)
    return ProblemCategory.objects.get(name="干部人事档案")


@pytest.fixture
def record(user, demo, category):
    """A problem of 干部一科 (or ``unit``) recorded by ``by`` (gb1-staff)."""

    def make(by="gb1-staff", unit="gb1", description=TEXT, **fields):
        fields.setdefault("source", ProblemSource.INSPECTION)
        fields.setdefault("category", category)
        return services.record_problem(
            actor=user(by),
            unit=Unit.objects.get(code=unit) if unit else None,
            description=description,
            **fields,
        )

    return make


@pytest.fixture
def measures(today):
    def make(*kinds, due=None):
        due = due or today + dt.timedelta(days=20)
        return [
            {"kind": kind, "title": f"{MeasureKind.label(kind)}措施{n}", "due_date": due}
            for n, kind in enumerate(kinds or (MeasureKind.QUICK, MeasureKind.LASTING), start=1)
        ]

    return make


@pytest.fixture
def confirmed(record, measures, user):
    """A problem of 干部一科 confirmed by its section head with one 治标 and one 治本 measure."""

    def make(**fields):
        problem = record(**fields)
        return services.confirm_problem(
            problem, actor=user("gb1-head"), root_cause="审核制度不细", measures=measures()
        )

    return make


@pytest.fixture
def finish(user):
    """Drive a measure's task to 已销号 through the execution loop: sign-off, close-out, approval."""

    def run(task, approver="deputy1"):
        task_services.acknowledge(task, actor=user("gb1-head"))
        task_services.request_close(task, actor=user("gb1-staff"), evidence_text="已整改到位")
        return task_services.approve_close(task, actor=user(approver))

    return run
