"""Every state change of a task (交办, 签收, 复命, 延期, 销号, 回头看): one function each.

Each takes the acting user, checks the right on a locked row (steps.begin), writes in one transaction,
records the event carrying what it changed (the task's one trail, trail.py), and writes notifications
(the outbox) in the same transaction.
"""

from .batch import BatchRefused, run_batch
from .followup import recheck_refusal, recheck_task, urge_task
from .lifecycle import (
    acknowledge,
    add_reopen_check,
    assign,
    cancel,
    check_due_to_assign,
    create_task,
    reopen,
    return_task,
    update_task,
)
from .many import NewTask, TasksRefused, create_tasks
from .parts import REPORTING as PART_REPORTING
from .parts import parts_of, report_part, reporting_units
from .policy import set_decision_policy, set_reminder_policy
from .reports import submit_feedback
from .requests import (
    approve_close,
    close_refusal,
    decide_extension,
    needs_review,
    reject_close,
    request_close,
    request_extension,
    review_close,
    withdraw_close,
)
from .steps import EDITABLE, TERMS, TRANSITIONS

__all__ = [
    "EDITABLE",
    "PART_REPORTING",
    "TERMS",
    "TRANSITIONS",
    "BatchRefused",
    "NewTask",
    "TasksRefused",
    "acknowledge",
    "add_reopen_check",
    "approve_close",
    "assign",
    "cancel",
    "check_due_to_assign",
    "close_refusal",
    "create_task",
    "create_tasks",
    "decide_extension",
    "needs_review",
    "parts_of",
    "recheck_refusal",
    "recheck_task",
    "reject_close",
    "reopen",
    "report_part",
    "reporting_units",
    "request_close",
    "request_extension",
    "return_task",
    "review_close",
    "run_batch",
    "set_decision_policy",
    "set_reminder_policy",
    "submit_feedback",
    "update_task",
    "urge_task",
    "withdraw_close",
]
