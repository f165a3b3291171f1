"""问题清单 in 我的待办: problems to confirm (the unit's head or the leader above), problems whose measures
are done waiting on the leaders who may close them (销号), and problems one's own unit is rectifying."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from luoshi.core.inbox import InboxEntry, InboxRow, entry
from luoshi.org.scopes import APPROVE, person_of, unit_scope

from . import services
from .choices import ProblemStatus
from .models import Problem
from .waiting import confirms_q, rectifying_q


def _row(problem: Problem) -> InboxRow:
    unit = problem.responsible_unit or problem.unit
    due = f" · 整改时限 {problem.earliest_due:%Y-%m-%d}" if problem.earliest_due else ""
    return InboxRow(problem.title, reverse("problems:detail", args=[problem.pk]), f"{unit.display_name}{due}")


def _close_row(problem: Problem) -> InboxRow:
    """Opened at the page's top: the alert there says the measures are done, and the measures (the
    evidence) come before the 销号 card — on a desktop in the first screen."""
    unit = problem.responsible_unit or problem.unit
    return InboxRow(
        problem.title,
        reverse("problems:detail", args=[problem.pk]),
        f"{unit.display_name} · 整改措施均已销号",
    )


def entries(user: Any, today: dt.date) -> list[InboxEntry]:
    person = person_of(user)
    if person is None:
        return []
    problems = Problem.objects.restrict(user).select_related("unit", "responsible_unit")
    approves = unit_scope(user, APPROVE)
    closable = services.awaiting_close(
        user, problems.filter(approves.q("unit") | approves.q("responsible_unit"))
    )
    return [
        entry(
            "problem-confirm",
            "待确认问题",
            "登记的问题，请确认整改措施或不予认定",
            problems.filter(confirms_q(user), status=ProblemStatus.RECORDED).order_by("found_on", "pk"),
            _row,
            f"{reverse('problems:list')}?confirm_due=true",
        ),
        entry(
            "problem-close",
            "待审核销号问题",
            "整改措施均已完成的问题，请审核佐证后销号",
            sorted(closable, key=lambda p: (p.found_on, p.pk)),
            _close_row,
            f"{reverse('problems:list')}?close_due=true",
            "审核销号",
        ),
        entry(
            "problem-rectify",
            "待整改问题",
            "本单位整改中的问题，按整改时限",
            problems.filter(rectifying_q(user), status=ProblemStatus.RECTIFYING).order_by(
                "earliest_due", "pk"
            ),
            _row,
            f"{reverse('problems:list')}?rectify_mine=true",
        ),
    ]
