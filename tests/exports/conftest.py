import datetime as dt

import pytest
from django.utils import timezone

from luoshi.org.models import Unit
from luoshi.problems.services import record_problem
from luoshi.tasks import services


@pytest.fixture
def tasks(user):
    """``count`` tasks of 干部一科 (``key`` of them 重点) and one of 干部二科, by the office."""

    def make(count: int = 3, key: int = 1) -> None:
        due = timezone.localdate() + dt.timedelta(days=30)
        for number in range(count):
            services.create_task(
                actor=user("bgs-staff"),
                title=f"干部一科任务{number}",
                lead_unit=Unit.objects.get(code="gb1"),
                due_date=due,
                is_key=number < key,
            )
        services.create_task(
            actor=user("bgs-staff"),
            title="干部二科任务",
            lead_unit=Unit.objects.get(code="gb2"),
            due_date=due,
        )

    return make


@pytest.fixture
def problems(user):
    def make(count: int = 2) -> None:
        for code in ("gb1", "gb2"):
            for number in range(count):
                record_problem(
                    actor=user(f"{code}-staff"),
                    unit=Unit.objects.get(code=code),
                    source="inspection",
                    description=f"{code}的问题{number}",
                )

    return make


@pytest.fixture
def large(monkeypatch):
    """Every list counts as large: the button makes a job."""
    from luoshi.exports import services as export_services

    monkeypatch.setattr(export_services, "INLINE_ROWS", -1)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """A data directory of the test's own: the files of one test's jobs are not another's."""
    settings.DATA_DIR = tmp_path
    return tmp_path
