"""Owner suggestion: BM25 over the units' duties, the section in charge before the department above it."""

from luoshi.extract.suggest import DutyIndex, tokens

UNITS = [
    {
        "id": 1,
        "name": "市委组织部",
        "parent": None,
        "duties": "负责全市基层组织建设、干部队伍建设和人才工作的宏观指导",
    },
    {
        "id": 2,
        "name": "基层党建科",
        "parent": 1,
        "duties": "负责农村、社区、机关基层党组织建设，负责软弱涣散基层党组织整顿和驻村第一书记选派管理",
    },
    {
        "id": 3,
        "name": "干部一科",
        "parent": 1,
        "duties": "负责领导干部考察任免，负责年轻干部的发现培养和选拔使用",
    },
    {
        "id": 4,
        "name": "人才工作科",
        "parent": 1,
        "duties": "负责高层次人才引进、培养和服务，负责人才政策的制定",
    },
    {"id": 5, "name": "信息中心", "parent": 1, "duties": ""},
]


def test_tokens_drop_stop_words_and_single_characters():
    words = tokens("要加强基层党建工作")
    assert "基层" in words and "党建" in words
    assert "加强" not in words and "工作" not in words and "要" not in words


def test_the_unit_whose_duties_match_comes_first_with_the_words_as_reason():
    index = DutyIndex(UNITS)
    best, *_ = index.rank("持续整顿软弱涣散基层党组织，选派驻村第一书记")
    assert best.unit == 2 and best.unit_name == "基层党建科"
    assert "软弱涣散" in best.reason and best.reason.startswith("职责匹配：")
    assert best.to_dict() == {
        "unit": 2,
        "unit_name": "基层党建科",
        "score": round(best.score, 2),
        "reason": best.reason,
    }
    assert index.rank("加大年轻干部选拔培养力度")[0].unit == 3
    assert index.rank("做好高层次人才引进")[0].unit == 4


def test_the_section_in_charge_is_proposed_not_the_department_above_it():
    ranked = [s.unit for s in DutyIndex(UNITS).rank("加强基层组织建设")]
    assert ranked[0] == 2 and 1 not in ranked


def test_within_keeps_the_units_below_and_nothing_matches_gives_nothing():
    index = DutyIndex(UNITS)
    assert all(s.unit != 1 for s in index.rank("人才工作", within=[1]))
    assert index.rank("人才工作", within=[3]) == []
    assert index.rank("全面从严治党，坚定理想信念") == []


def test_units_without_duties_are_never_proposed_and_an_empty_org_proposes_nothing():
    assert all(s.unit != 5 for s in DutyIndex(UNITS).rank("信息中心"))
    assert not DutyIndex([]) and DutyIndex([]).rank("基层党建") == []


def test_a_word_of_the_trade_outweighs_a_common_word_only_one_unit_uses():
    # 研究 is in one unit's duties, 党员 in two: by the organisation alone 研究 would tell more.
    units = [
        {"id": 1, "name": "党员科", "duties": "负责党员管理，负责党员发展"},
        {"id": 2, "name": "信息科", "duties": "负责党员信息系统"},
        {"id": 3, "name": "政策科", "duties": "负责调查研究"},
    ]
    assert [s.unit for s in DutyIndex(units).rank("认真研究党员工作")][:1] == [1]


def test_a_unit_named_for_the_word_comes_before_one_whose_duties_mention_it():
    units = [
        {"id": 1, "name": "党建科", "duties": "负责基层组织建设的指导"},
        {"id": 2, "name": "规划科", "duties": "负责党建规划、目标和责任制考核"},
        {"id": 3, "name": "党员科", "duties": "负责党员管理"},
    ]
    assert [s.unit for s in DutyIndex(units).rank("落实党建责任")] == [1, 2]


def test_jieba_loads_without_its_debug_lines():
    """jieba sets its logger to DEBUG on import; the engine keeps it to warnings, so a new user's console
    shows no dictionary loading (twice: jieba's own handler and the root's)."""
    import logging

    from luoshi.extract.suggest import tokens

    assert tokens("基层党建")
    assert logging.getLogger("jieba").getEffectiveLevel() == logging.WARNING
