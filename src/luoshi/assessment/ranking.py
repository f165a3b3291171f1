"""比学赶超: places within a peer group, ties, movement since the last period, 红榜 and 黑榜.

Pure Python over a period's scores (already computed), so the rules read in one place: units with the same
total (to the cent) share a place and the next place is skipped (1, 2, 2, 4); a unit with nothing to
assess gets no place at all rather than the last one; the red board is the first ``honor`` places, the
black board the last ``honor`` places among the rest — fewer in a group of under three times ``honor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

from luoshi.org.choices import UnitKind

from .choices import Board


class Ranked(Protocol):
    unit_id: int
    total: Decimal | None
    assessable: bool
    rank: int | None
    rank_note: str
    board: str


def peer_group(kind: str, depth: int) -> tuple[str, str]:
    """The group a unit is compared within: units of one kind at one level of the organisation."""
    base = {UnitKind.SECTION: "科室", UnitKind.SUBORDINATE: "下级组织部"}.get(kind, UnitKind.label(kind))
    label = base if depth <= 1 else f"{base}（第{depth}级）"
    return f"{kind}:{depth}", label


def tie_note(rank: int, total: Any, named: Sequence[str], unnamed: int = 0) -> str:
    """The note of a shared place: the tied units named, and those the reader may not see only counted."""
    others = "、".join(named)
    if unnamed:
        others += f"{'及' if others else ''}另外{unnamed}个单位"
    return f"与{others}并列第{rank}名：总分同为{total}，名次相同，其后名次顺延"


def rank_group(scores: Sequence[Any], names: dict[int, str], honor: int) -> None:
    """Set ``rank``, ``rank_note`` and ``board`` on one peer group's scores."""
    ranked = sorted((s for s in scores if s.assessable), key=lambda s: (-s.total, names[s.unit_id]))
    place = 0
    for index, score in enumerate(ranked):
        if index == 0 or score.total != ranked[index - 1].total:
            place = index + 1
        score.rank = place
    for score in ranked:
        tied = [names[o.unit_id] for o in ranked if o.rank == score.rank and o is not score]
        if tied:
            score.rank_note = tie_note(score.rank, score.total, tied)
        else:
            score.rank_note = f"第{score.rank}名（共{len(ranked)}个单位参加排名）"
        score.board = Board.NONE
    # A board of three in a group of four names nearly everyone: the boards shrink with small groups.
    places = min(honor, len(ranked) // 3)
    for score in ranked:
        if score.rank <= places:
            score.board = Board.RED
        elif score.rank > len(ranked) - places:
            score.board = Board.BLACK
    for score in scores:
        if not score.assessable:
            score.rank = None
            score.board = Board.NONE
            score.rank_note = (
                "无可考核事项：本期没有到期、交办、应报或整改的事项，没有专题学习、参训记录，也没有评议，"
                "不参加排名"
            )
