"""The tick's 回头看 reminders for problems: when a closed problem's recheck date comes, the reviewer who
closed it (or, gone, its leader in charge) is asked once whether it came back.

Once per problem and recheck date: the notification's key says both, the tick plans under one lock, and
a key already written is skipped (notify.services.notify) — two ticks at once make one reminder.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.notify.choices import NotificationKind
from luoshi.notify.planners import Planned
from luoshi.notify.services import notify

from .choices import ProblemStatus
from .models import Problem

# A tick that was down on the day still brings the 回头看 back, but a years-old one does not flood in.
RECHECK_WINDOW = dt.timedelta(days=30)


def make_reminders(today: dt.date, now: dt.datetime) -> Planned:
    """Two queries (the problems due, their reviewers) and the notifications."""
    due = list(
        Problem.objects.filter(
            status=ProblemStatus.CLOSED, recheck_on__lte=today, recheck_on__gte=today - RECHECK_WINDOW
        )
        .select_related("leader")
        .only("title", "recheck_on", "closed_at", "closed_by_id", "leader__user_id")
        .order_by("id")
    )
    wanted = {p.closed_by_id for p in due} | {p.leader.user_id for p in due if p.leader is not None}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=wanted, is_active=True)}
    made = Planned()
    for problem in due:
        reviewer = users.get(problem.closed_by_id) or (
            users.get(problem.leader.user_id) if problem.leader is not None else None
        )
        if reviewer is None:
            continue
        closed = f"{timezone.localtime(problem.closed_at):%Y-%m-%d}销号，" if problem.closed_at else ""
        made.notifications += notify(
            [reviewer],
            NotificationKind.RECHECK_DUE,
            title=f"问题回头看：{problem.title}",
            body=f"该问题{closed}约定于{problem.recheck_on:%Y-%m-%d}回头看，请核实问题是否反弹。",
            url=f"/problems/{problem.pk}/",
            dedupe_key=f"problem-recheck:{problem.pk}:{problem.recheck_on:%Y-%m-%d}",
        )
    return made
