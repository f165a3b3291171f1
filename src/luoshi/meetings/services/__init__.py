"""Every state change of a monthly meeting: one function each, taking the acting user, checking the right
and the meeting's state, writing in one transaction with its event in the meeting's trail and its
notifications in the outbox."""

from .comments import (
    comment_report,
    count_waiting,
    counted_indicator,
    default_indicator,
    judged_indicators,
    rubric_of,
    score_outlook,
)
from .meetings import close_meeting, create_meeting, departments_for, enter_decisions, sections_of
from .reports import own_report, report_of, resubmittable, save_report, submit_report
from .steps import MAX_PART, PARTS

__all__ = [
    "MAX_PART",
    "PARTS",
    "close_meeting",
    "comment_report",
    "count_waiting",
    "counted_indicator",
    "create_meeting",
    "default_indicator",
    "departments_for",
    "enter_decisions",
    "judged_indicators",
    "own_report",
    "report_of",
    "resubmittable",
    "rubric_of",
    "save_report",
    "score_outlook",
    "sections_of",
    "submit_report",
]
