"""Every state change of 督查调研: one function each, taking the acting user, checking the right, writing in
one transaction and leaving the campaign's trail."""

from .campaigns import (
    TEAM,
    TeamInput,
    add_team,
    create_campaign,
    eligible_team,
    is_open,
    on_team,
    points_of,
    record_finding,
    team_people,
    team_reach,
)
from .documents import allocate_number, issue_bulletin, issue_notice
from .visits import record_visit

__all__ = [
    "TEAM",
    "TeamInput",
    "add_team",
    "allocate_number",
    "create_campaign",
    "eligible_team",
    "is_open",
    "issue_bulletin",
    "issue_notice",
    "on_team",
    "points_of",
    "record_finding",
    "record_visit",
    "team_people",
    "team_reach",
]
