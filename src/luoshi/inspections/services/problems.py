"""Findings and visits that raise problems put them on the problem ledger (problems app)."""

from __future__ import annotations

from typing import Any

from ..models import Finding


def problem_of(finding: Finding) -> Any:
    """The ledger's Problem a finding became, if any."""
    return None


def raise_from_finding(finding: Finding, *, actor: Any, person: Any) -> Any:
    """Put a problem finding on the problem ledger, with the campaign as its source."""
    return None


def rectified_count(findings: Any) -> int:
    return 0


def raise_from_visit(visit: Any, *, actor: Any, person: Any) -> list[Any]:
    """Put each problem raised on a visit on the problem ledger, with the visit as its source."""
    return []
