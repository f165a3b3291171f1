"""Where an item starts and ends inside a numbered element whose clauses name different actors."""

import datetime as dt

from luoshi.extract import extract

BASE = dt.date(2026, 3, 18)


def rule_texts(text: str) -> list[str]:
    return [it.text for it in extract(text, base_date=BASE, engine="rules").items]


def test_each_actors_clause_of_a_one_sentence_element_is_an_item():
    text = (
        "关于做好中秋节放假工作的通知\n各部门：\n"
        "一、各单位要根据值班表组织落实值班人员。\n"
        "二、中秋节期间，机房要向学生开放；物业公司要及时清理垃圾、排除故障；安保处要做好假期值班安排。\n"
    )
    got = rule_texts(text)
    assert "二、中秋节期间，机房要向学生开放" in got
    assert "物业公司要及时清理垃圾、排除故障" in got
    assert "安保处要做好假期值班安排" in got


def test_one_actors_clauses_of_a_one_sentence_element_stay_one_item():
    text = (
        "关于做好中秋节放假工作的通知\n各部门：\n"
        "一、各单位要根据值班表组织落实值班人员。\n"
        "二、中秋节期间，各单位要做好值班安排；要及时清理垃圾、排除故障。\n"
    )
    assert "二、中秋节期间，各单位要做好值班安排；要及时清理垃圾、排除故障" in rule_texts(text)


def test_a_cut_element_of_several_actors_keeps_each_actors_complete_sentence():
    text = (
        "关于开展联合抽查的通知\n各成员单位：\n"
        "一、加强组织领导\n各牵头部门要制定具体实施方案。\n"
        "二、规范工作流程\n各成员单位要依托监管平台组织实施部门联合抽查。"
        "发起部门要牵头建立检查对象名录库；要成立联合检查组，协商议定检查日程。需要企业提供的证照"
    )
    got = rule_texts(text)
    assert any(t.startswith("各成员单位要依托监管平台") and t.endswith("联合抽查") for t in got)
    assert "发起部门要牵头建立检查对象名录库" in got
    assert not any("证照" in t for t in got)


def test_the_colon_of_a_clock_time_does_not_cut_the_item():
    text = "为掌握灾情，根据县领导要求，请各乡镇于今日下午17:30前将灾情上报县减灾办。"
    (item,) = extract(text, base_date=BASE).items
    assert item.text.startswith("请各乡镇于今日下午17")
    assert item.deadline is not None and item.deadline.date == BASE
