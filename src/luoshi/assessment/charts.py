"""What the assessment's charts draw (ECharts, from the page's own JSON): the ranking's bars per peer
group, a unit's total and place over the periods of the same kind, and a radar of its indicators' points."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from .choices import PeriodStatus
from .explain import Group, Line
from .models import UnitScore


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


ENDS = 15  # a group of a province's hundreds of units shows its first and last places only


def ranking_chart(groups: list[Group]) -> dict[str, Any]:
    """Each group's ranked units by place, with their totals and boards; in a group of more than twice
    ``ENDS`` ranked units, the first and the last ``ENDS`` (``ranked`` says how many there are)."""
    drawn = []
    for group in groups:
        ranked = [s for s in group.scores if s.rank is not None]
        if not ranked:
            continue
        shown = ranked if len(ranked) <= 2 * ENDS else ranked[:ENDS] + ranked[-ENDS:]
        drawn.append(
            {
                "label": group.label,
                "ranked": len(ranked),
                "units": [s.unit.name for s in shown],
                "totals": [_number(s.total) for s in shown],
                "boards": [s.board for s in shown],
            }
        )
    return {"groups": drawn}


def trend_chart(score: UnitScore) -> dict[str, Any]:
    """The unit's total and place in every period of this kind of the scheme up to this one, each as shown
    (the published version of a published period, the latest otherwise): one query."""
    period = score.period
    shown = Q(period__status=PeriodStatus.PUBLISHED, version=F("period__published_version")) | Q(
        period__status=PeriodStatus.OPEN, version=F("period__version")
    )
    rows = (
        UnitScore.objects.filter(
            shown,
            unit_id=score.unit_id,
            period__scheme_id=period.scheme_id,
            period__kind=period.kind,
            period__starts_on__lte=period.starts_on,
        )
        .order_by("period__starts_on")
        .values_list("period__name", "total", "rank")
    )
    return {
        "periods": [name for name, _, _ in rows],
        "totals": [_number(total) for _, total, _ in rows],
        "ranks": [rank for _, _, rank in rows],
    }


def radar_chart(lines: list[Line]) -> dict[str, Any]:
    """The points (0–100) of the indicators that count for the unit this period."""
    counted = [line for line in lines if line.row.applicable]
    return {
        "indicators": [line.indicator.name for line in counted],
        "points": [_number(line.row.points) for line in counted],
    }
