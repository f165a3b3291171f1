"""Every state change of a problem (登记, 确认整改, 措施, 销号, 回头看, 共性归并): one function each.

Each takes the acting user, checks the right on a locked row, writes in one transaction, records the
event carrying what it changed (the problem's one trail) and writes the notifications (the outbox).
Measures are tasks, made and assigned through the tasks services.
"""

from .categories import add_category, category_uses, delete_category, rename_category, set_category_active
from .record import default_title, dismiss_problem, record_problem
from .rectify import (
    add_measure,
    awaiting_close,
    close_conflict,
    close_problem,
    confirm_problem,
    group_common,
    last_rebound,
    measure_reopen_conflict,
    measures_of,
    recheck_days,
    recheck_problem,
    urge_conflict,
    urge_problem,
)

__all__ = [
    "add_category",
    "add_measure",
    "awaiting_close",
    "category_uses",
    "close_conflict",
    "close_problem",
    "confirm_problem",
    "default_title",
    "delete_category",
    "dismiss_problem",
    "group_common",
    "last_rebound",
    "measure_reopen_conflict",
    "measures_of",
    "recheck_days",
    "recheck_problem",
    "record_problem",
    "rename_category",
    "set_category_active",
    "urge_conflict",
    "urge_problem",
]
