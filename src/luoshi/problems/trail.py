"""A problem's one trail, described once for ``luoshi.core.trail``."""

from __future__ import annotations

from luoshi.core.trail import Trail

from .choices import ProblemSource, ProblemStatus, Severity

TRAIL = Trail(
    "problems.Problem",
    unshown=frozenset({"confirmed_at", "confirmed_by", "closed_at", "closed_by", "updated_at", "tokens"}),
    readers={"status": ProblemStatus.label, "source": ProblemSource.label, "severity": Severity.label},
    list_separator="；",
)
change, changes_of, fact = TRAIL.change, TRAIL.changes_of, TRAIL.fact
