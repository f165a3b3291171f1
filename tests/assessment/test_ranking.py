"""比学赶超's rules in isolation: shared places, units with nothing to assess, the boards' size."""

from dataclasses import dataclass
from decimal import Decimal

from luoshi.assessment.ranking import peer_group, rank_group


@dataclass
class Score:
    unit_id: int
    total: Decimal | None
    assessable: bool = True
    rank: int | None = None
    rank_note: str = ""
    board: str = ""


def ranked(*totals):
    scores = [Score(n, None if t is None else Decimal(t), t is not None) for n, t in enumerate(totals, 1)]
    rank_group(scores, {s.unit_id: f"单位{s.unit_id}" for s in scores}, honor=3)
    return scores


def test_equal_totals_share_a_place_and_the_next_is_skipped():
    scores = ranked("90", "95", "90", "80")
    assert [s.rank for s in scores] == [2, 1, 2, 4]
    assert scores[0].rank_note.startswith("与单位3并列第2名：总分同为90")


def test_nothing_to_assess_is_no_place_not_the_last():
    scores = ranked("90", None, "70")
    assert scores[1].rank is None and scores[1].board == "" and scores[1].rank_note.startswith("无可考核事项")
    assert [scores[0].rank, scores[2].rank] == [1, 2]


def test_boards_take_three_from_each_end_of_a_large_group():
    scores = ranked(*[str(100 - n) for n in range(10)])
    assert [s.board for s in scores] == ["red"] * 3 + [""] * 4 + ["black"] * 3


def test_boards_shrink_in_a_small_group_so_not_everyone_is_on_one():
    assert [s.board for s in ranked("90", "80")] == ["", ""]
    assert [s.board for s in ranked("90", "80", "70", "60", "50")] == ["red", "", "", "", "black"]


def test_a_tie_on_the_boards_edge_puts_both_on_it():
    scores = ranked("99", "98", "97", "97", *[str(50 + n) for n in range(6)])
    assert [s.board for s in scores[:4]] == ["red"] * 4


def test_peer_groups_are_kind_and_level():
    assert peer_group("section", 1) == ("section:1", "科室")
    assert peer_group("subordinate", 1) == ("subordinate:1", "下级组织部")
    assert peer_group("section", 3) == ("section:3", "科室（第3级）")
