import datetime as dt

import pytest
from django.utils import timezone

from luoshi.org.models import Person, Unit
from luoshi.tasks import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_task(user, demo, today):
    """A task made by the office (bgs-staff), led by 干部一科, in the charge of deputy1."""

    def make(assign=False, acknowledge=False, parent=None, lead="gb1", **fields):
        fields.setdefault("due_date", today + dt.timedelta(days=30))
        fields.setdefault("cadence", "weekly:5")
        fields.setdefault("leader", Person.objects.get(user__username="deputy1"))
        task = services.create_task(actor=user("bgs-staff") if parent is None else user(f"{lead}-head"),
                                    title=fields.pop("title", "开展年轻干部专题调研"),
                                    lead_unit=Unit.objects.get(code=lead), parent=parent, **fields)
        if assign or acknowledge:
            task = services.assign(task, actor=user("bgs-staff") if parent is None else user(f"{lead}-head"))
        if acknowledge:
            task = services.acknowledge(task, actor=user(f"{lead}-head"))
        return task

    return make
