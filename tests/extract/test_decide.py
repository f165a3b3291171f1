import datetime as dt
import itertools
import json

import pytest

from luoshi.extract import ExtractError, extract
from luoshi.extract import decide as decide_module
from luoshi.extract.decide import (
    SET_ASIDE,
    Model,
    candidates,
    decide,
    decide_items,
    fill,
    shipped_model,
)
from luoshi.extract.picker import OwnerModel


def test_candidates_hold_the_contract_and_never_overlap(seed_text, notice, base_date):
    for text in (notice, seed_text):
        doc, roots, cands = candidates(text, base_date)
        spans = [(c.item.start, c.item.end) for c in cands]
        assert spans == sorted(spans)
        assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans))
        for c in cands:
            assert text[c.item.start : c.item.end] == c.item.text
        assert [it.start for it in fill(doc, roots, [c.item for c in cands]).items] == [a for a, _ in spans]


def test_the_rules_items_are_candidates_filled_as_the_rules_fill_them(notice, base_date):
    rules = extract(notice, base_date=base_date, engine="rules", owner_model=OwnerModel({}, 0.0))
    doc, roots, cands = candidates(notice, base_date)
    by_start = {c.item.start: c for c in cands}
    filled = {it.start: it for it in fill(doc, roots, [c.item for c in cands]).items}
    for it in rules.items:
        c = by_start[it.start]
        assert c.source == "rule" and c.soft is None and filled[it.start].to_dict() == it.to_dict()
    for nt in rules.not_tasks:
        assert by_start[nt.start].soft == nt.reason


def test_an_item_kept_alone_takes_the_actor_that_opens_its_sentence(base_date):
    text = "各科室要认真学习文件，对表现突出的干部要及时表扬。"
    doc, roots, cands = candidates(text, base_date)
    second = next(c.item for c in cands if c.item.text.startswith("对表现"))
    (item,) = fill(doc, roots, [second]).items
    assert [o.mention for o in item.owners] == ["各科室"]


def test_decide_keeps_what_the_weights_keep_and_fills_only_those(tmp_path, notice, base_date):
    path = tmp_path / "w.json"
    path.write_text(
        json.dumps({"weights": {"modal:要": 1.0, "modal:将": 1.0}, "threshold": 0.5, "verdict": False})
    )
    model = Model.from_json(path)
    result = decide(notice, model, base_date, owners=OwnerModel({}, 0.0))
    texts = [it.text for it in result.items]
    assert texts[0].startswith("一、各科室要") and [o.mention for o in result.items[0].owners] == ["各科室"]
    assert result.items[0].deadline is not None and result.items[0].deadline.date == dt.date(2026, 6, 30)
    checked = next(
        it for it in result.items if it.text.startswith("办公室将于")
    )  # a span the rules left alone
    assert checked.action and "no_deadline" in checked.lint  # filled: 将于… schedules, it sets no limit
    reasons = {n.text[:4]: n.reason for n in result.not_tasks}
    assert reasons["三、干部"] == SET_ASIDE  # a rule item the weights reject
    assert result.engine == "learned"
    assert all(notice[it.start : it.end] == it.text for it in result.items)


def test_decide_gives_every_kept_item_the_pickers_owners(tmp_path, notice, base_date):
    path = tmp_path / "w.json"
    path.write_text(
        json.dumps({"weights": {"modal:要": 1.0, "modal:将": 1.0}, "threshold": 0.5, "verdict": False})
    )
    result = decide(
        notice, Model.from_json(path), base_date, owners=OwnerModel({"bias": 1.0, "whole": -5.0}, 0.0)
    )
    checked = next(it for it in result.items if it.text.startswith("办公室将于"))
    assert {o.mention for o in checked.owners} >= {"办公室", "各科室"} and "no_owner" not in checked.lint


# every candidate the weights may keep is kept
EVERYTHING = Model({"bias": 1.0}, 0.0, verdict=False)


def test_the_shipped_weights_are_plain_json_and_extract_decides_with_them_by_default(notice, base_date):
    model = shipped_model()
    assert model is not None and model.verdict and isinstance(model.threshold, float)
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in model.weights.items())
    assert extract(notice, base_date=base_date).engine == "learned"
    assert extract(notice, base_date=base_date, engine="rules").engine == "rules"


def test_the_rules_decide_when_asked_or_when_no_weights_ship(monkeypatch, tmp_path, notice, base_date):
    monkeypatch.setenv("LUOSHI_EXTRACT_ENGINE", "rules")
    assert extract(notice, base_date=base_date).engine == "rules"
    assert extract(notice, base_date=base_date, engine="learned").engine == "learned"  # the argument wins
    monkeypatch.delenv("LUOSHI_EXTRACT_ENGINE")
    monkeypatch.setattr(decide_module, "WEIGHTS", tmp_path / "absent.json")
    shipped_model.cache_clear()
    try:
        assert extract(notice, base_date=base_date).engine == "rules"
    finally:
        shipped_model.cache_clear()
    with pytest.raises(ExtractError, match="未知的抽取引擎"):
        extract(notice, engine="magic")


def test_soft_spans_stay_not_tasks_with_the_rules_reason_whatever_the_weights(base_date):
    text = "一、各科室要在6月底前报送总结。\n二、希望大家珍惜机会，努力工作。\n三、各单位要认真贯彻执行。\n"
    result = decide_items(text, EVERYTHING, base_date)
    assert [it.text for it in result.items] == ["一、各科室要在6月底前报送总结"]
    assert {n.text[:2]: n.reason for n in result.not_tasks} == {
        "二、": "希望与号召，不是交办的任务",
        "三、": "转发语，不是具体任务",
    }


def test_a_heading_over_numbered_elements_and_a_line_stating_their_fields_are_no_items(base_date):
    text = (
        "一、工作安排\n（一）抓好学习\n1. 制定培训计划。\n2. 完善研判机制。\n牵头单位：干部一科\n"
        "以上工作要在6月30日前完成。\n二、报送要求\n1.由各科室将总结报办公室。\n2.报送时间:6月30日前。\n"
    )
    cands = candidates(text, base_date)[2]
    vetoes = {c.item.text: c.veto for c in cands if c.veto}
    assert vetoes == {
        "一、工作安排": "heading",
        "（一）抓好学习": "heading",
        "以上工作要在6月30日前完成": "field",
        "二、报送要求": "heading",
        "2.报送时间:6月30日前": "field",
    }
    kept = decide_items(text, EVERYTHING, base_date).items
    assert [it.text[:2] for it in kept] == ["1.", "2.", "1."]
    assert all(it.deadline and it.deadline.date == dt.date(2026, 6, 30) for it in kept)


def test_what_a_check_covers_and_a_line_that_specifies_are_no_items(base_date):
    text = (
        "关于开展安全生产督查的通知\n现将有关事项通知如下：\n一、督查内容\n"
        "（一）各单位开展安全生产大检查工作情况\n（二）各单位对交办问题隐患的整改情况\n"
        "（三）加强和规范安全监管工作的意见和建议\n二、报送要求\n1.统计时间：2026年1月1日至6月30日\n"
        "2.各单位要将自查情况于6月30日前报安委办。\n3.成绩报送方式：由各科室将成绩录入系统。\n"
        "附件：\n1、《安全生产自查表》格式\n2、《安全生产汇总表》格式\n"
    )
    vetoes = {c.item.text: c.veto for c in candidates(text, base_date)[2] if c.veto}
    assert vetoes["（一）各单位开展安全生产大检查工作情况"] == "contents"
    assert vetoes["（二）各单位对交办问题隐患的整改情况"] == "contents"
    assert vetoes["（三）加强和规范安全监管工作的意见和建议"] == "contents"
    assert vetoes["1.统计时间：2026年1月1日至6月30日"] == "field"
    assert vetoes["1、《安全生产自查表》格式"] == "contents"
    assert "2.各单位要将自查情况于6月30日前报安委办" not in vetoes  # a request, whatever it reports
    assert "3.成绩报送方式：由各科室将成绩录入系统" not in vetoes  # a line that specifies who does it
    kept = [it.text[:2] for it in decide_items(text, EVERYTHING, base_date).items]
    assert "（一" not in kept and "1." not in kept and "2." in kept


def test_whom_and_where_a_notices_arrangement_concerns_are_no_items(base_date):
    text = (
        "关于召开工作交流会的通知\n现将有关事项通知如下：\n一、会议地点\n省科技厅六楼一号会议室\n二、参会人员\n"
        "1.省科技厅全体厅领导\n2.各市科技局主要负责人1人\n3.各市科技局须于6月10日前报送参会名单\n"
        "三、会议要求\n1.各单位要认真准备交流材料。\n2.与会人员按时参会。\n"
    )
    vetoes = {c.item.text: c.veto for c in candidates(text, base_date)[2] if c.veto}
    assert vetoes["二、参会人员"] == "heading"
    assert vetoes["1.省科技厅全体厅领导"] == "field"
    assert vetoes["2.各市科技局主要负责人1人"] == "field"
    assert "3.各市科技局须于6月10日前报送参会名单" not in vetoes  # it asks, whatever part it sits in
    assert "1.各单位要认真准备交流材料" not in vetoes
