"""Loads the demo data set: organization and accounts, then each app's demo content."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict
from luoshi.core.models import Flag
from luoshi.org.demo import DemoAccount, load_org
from luoshi.org.models import Unit


def demo_state() -> str:
    """'empty', 'demo' or 'foreign' (holds data that is not ours to overwrite)."""
    if Flag.is_set(Flag.DEMO):
        return "demo"
    if Unit.objects.exists() or get_user_model().objects.exists():
        return "foreign"
    return "empty"


@transaction.atomic
def load_demo(today: dt.date | None = None, *, with_work: bool = True) -> list[DemoAccount]:
    """The organization and accounts; with ``with_work`` also the seed speech and weeks of work on it."""
    from luoshi.assessment.demo import load_assessment
    from luoshi.directives.demo import link_requirements, load_directives
    from luoshi.directives.replay import load_tasks
    from luoshi.inspections.demo import load_campaign, load_visit
    from luoshi.meetings.demo import load_meetings
    from luoshi.problems.demo import load_problems
    from luoshi.study.demo import load_study
    from luoshi.training.demo import load_training

    state = demo_state()
    if state == "foreign":
        raise Conflict(
            "数据库中已有非演示数据，拒绝载入演示数据。请换一个数据目录（LUOSHI_DATA_DIR）再试。", "not_empty"
        )
    if state == "demo":
        raise Conflict("演示数据已经载入过了", "already_loaded")
    today = today or timezone.localdate()
    accounts = load_org()
    head = get_user_model().objects.get(username="head")
    if with_work:
        for directive in load_directives(today):
            load_tasks(directive, today)
            link_requirements(directive, head)
        load_problems(today)
        load_visit(load_campaign(today))
        load_study(today)
        load_training(today)
        load_assessment(today, before_publish=lambda: load_meetings(today))
    Flag.objects.create(key=Flag.DEMO, value={"loaded_on": today.isoformat()})
    return accounts
