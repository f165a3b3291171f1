"""A later clause that a different actor opens with its own modal is that actor's requirement."""

import pytest

from luoshi.extract.classifier import split_units
from luoshi.extract.clauses import clause_actors, second_actor


def _units(s: str) -> list[str]:
    return [s[a:b] for a, b in split_units(s, 0, len(s))]


@pytest.mark.parametrize(
    ("clause", "actors"),
    [
        ("巡查队员需每日上山巡查", {"巡查队员"}),
        ("各街道也要按时上报", {"各街道"}),
        ("后勤处负责联系车辆", {"后勤处"}),
        ("应急管理局要加强值守", {"应急管理局"}),
        ("要指导各社区开展自查", set()),  # the 社区 the verb names is its object
        ("他指出工作很重要", set()),
    ],
)
def test_clause_actors(clause: str, actors: set[str]) -> None:
    assert set(clause_actors(clause)) == actors


def test_second_actor_with_a_short_modal_splits() -> None:
    s = "各工作组要督促好各小区的清扫工作，巡查队员需每日上山巡查。"
    assert _units(s) == ["各工作组要督促好各小区的清扫工作，", "巡查队员需每日上山巡查。"]


def test_second_actor_after_a_first_clause_with_应_splits() -> None:
    s = "值班人员应坚守岗位，做好记录，各科室也要妥善安排本科室的值守。"
    assert _units(s) == ["值班人员应坚守岗位，做好记录，", "各科室也要妥善安排本科室的值守。"]


def test_second_actor_负责_splits() -> None:
    s = "各班主任要组织学生报名，教务处负责汇总名单。"
    assert _units(s) == ["各班主任要组织学生报名，", "教务处负责汇总名单。"]


def test_the_object_of_the_first_verb_does_not_split() -> None:
    s = "各工作组要指导各社区，按时开展自查自纠。"
    assert _units(s) == [s]
    assert not second_actor(s, 0, s.index("按"), len(s))


def test_a_name_inside_a_document_title_does_not_split() -> None:
    s = "各班主任要组织学习《关于各社区要加强值守的通知》，认真领会精神。"
    assert _units(s) == [s]


def test_the_same_actor_again_is_not_a_second_actor() -> None:
    s = "各班主任要组织学生报名，各班主任需核对名单。"
    assert not second_actor(s, 0, s.index("各班主任需"), len(s))


def test_a_clause_without_a_named_actor_first_is_no_second_actor() -> None:
    s = "今年工作很繁重，教务处负责汇总名单。"
    assert not second_actor(s, 0, s.index("教"), len(s))


def test_a_need_named_is_no_modal() -> None:
    s = "各乡镇要主动对接县资源局，弄清楚未来发展所需。"
    assert _units(s) == [s]
