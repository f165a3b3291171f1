"""Every state change of the assessment: one function each, taking the acting user, checking the right and
the period's lock, writing in one transaction and recording the event in the assessment's trail."""

from .accountability import decide_overdue, explain_overdue, matters_of_score, open_matters
from .judging import decide_adjustment, judge, propose_adjustment
from .periods import publish_period, reopen_period
from .schemes import bounds, create_scheme, first_free_year, open_period, set_weights
from .scoring import compute_period, leaves, scored_units

__all__ = [
    "bounds",
    "compute_period",
    "create_scheme",
    "decide_adjustment",
    "decide_overdue",
    "explain_overdue",
    "first_free_year",
    "judge",
    "leaves",
    "matters_of_score",
    "open_matters",
    "open_period",
    "propose_adjustment",
    "publish_period",
    "reopen_period",
    "scored_units",
    "set_weights",
]
