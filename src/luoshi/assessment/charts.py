"""What the assessment's charts draw (ECharts, from the page's own JSON): the ranking's bars per peer
group, a unit's total and place over the periods of the same kind, and a radar of its indicators' points."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from .choices import PeriodStatus
from .explain import Line
from .models import UnitScore
from .standings import Standing


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def ranking_chart(standing: Standing, published: bool) -> dict[str, Any]:
    """A group's bars: the ranked units its table shows, in its order, with a bar-less line where the
    table leaves units out, so that the chart and the table always show the same units. ``mine`` is the
    line of the reader's own unit (None when it is not shown). The boards colour the bars once published;
    an open period's are 暂列 (``Board.shown``), said in the table, not painted as the verdict."""
    units: list[str] = []
    totals: list[float | None] = []
    boards: list[str] = []
    mine = None

    def line(name: str, total: float | None, board: str) -> None:
        units.append(name)
        totals.append(total)
        boards.append(board)

    for entry in standing.entries:
        if entry.skipped:
            line(f"⋯ 略去{entry.skipped}个单位", None, "")
        score = entry.score
        if standing.mine is not None and score.pk == standing.mine.pk:
            mine = len(units)
        board = score.board if published else ""
        line(f"{standing.context(score)} {score.unit.name}".strip(), _number(score.total), board)
    if standing.after:
        line(f"⋯ 略去{standing.after}个单位", None, "")
    return {"label": standing.label, "units": units, "totals": totals, "boards": boards, "mine": mine}


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
