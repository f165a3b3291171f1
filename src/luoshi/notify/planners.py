"""What the tick plans: each app that owes people reminders registers a planner here.

notify is the outbox and its channels; it knows no domain. An app's planner looks at its own objects
as of a day, writes its notifications through ``notify.services`` and answers what it made; the tick
runs every planner in its one serialized transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Notification


@dataclass
class Planned:
    notifications: list[Notification] = field(default_factory=list)
    escalations: int = 0
    throttled: int = 0


Planner = Callable[[dt.date, dt.datetime], Planned]
_planners: dict[str, Planner] = {}


def register(name: str, planner: Planner) -> None:
    """Add (or replace, by name) a planner; apps call this from ``AppConfig.ready``."""
    _planners[name] = planner


def plan(today: dt.date, now: dt.datetime) -> Planned:
    """Run every registered planner, in registration order, and add up what they made."""
    total = Planned()
    for planner in _planners.values():
        made = planner(today, now)
        total.notifications += made.notifications
        total.escalations += made.escalations
        total.throttled += made.throttled
    return total
