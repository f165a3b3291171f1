import datetime as dt
import itertools

import pytest

from luoshi.extract import extract
from luoshi.extract.candidates import phrases
from luoshi.extract.engine import extract_rules
from luoshi.extract.mentions import lead_in
from luoshi.extract.model import Owner
from luoshi.extract.picker import OwnerModel, apply, features, pick, shipped

BASE = dt.date(2026, 3, 18)


def test_phrases_are_the_actors_written_in_the_item_and_their_units():
    t = "一、各县（区）、经济开发区要在6月底前完成排查，请市应急局会同市公安局督导。"
    found = {x.mention: x for x in phrases(t, [])}
    for name in ("各县（区）", "经济开发区", "市应急局", "市公安局"):
        assert name in found and found[name].part or t[found[name].start : found[name].end] == name
    whole = found["各县（区）、经济开发区"]
    assert whole.whole and not whole.part
    for x in found.values():
        if x.start >= 0:
            assert t[x.start : x.end].replace(" ", "") == x.mention


def test_a_grammar_mention_outside_the_item_is_kept_as_read():
    ph = phrases("完成河道清理", ["水利局"])
    assert [(x.mention, x.start) for x in ph] == [("水利局", -1)]
    model = OwnerModel({"bias": -10.0}, 0.0)
    assert "outside" in features("完成河道清理", ph, ["水利局"])[0]
    assert [o.mention for o in pick("完成河道清理", 0, 6, [Owner("水利局", "lead")], model)] == ["水利局"]


def test_a_grammar_mention_in_a_stated_role_is_kept_as_read():
    t = "由干部二科牵头，办公室配合，每月5日前报送进展。"
    grammar = [Owner("干部二科", "lead"), Owner("办公室", "co")]
    got = pick(t, 0, len(t), grammar, OwnerModel({"bias": -10.0}, 0.0))
    assert [(o.mention, o.role) for o in got] == [("干部二科", "lead"), ("办公室", "co")]


def test_a_proposer_the_meeting_approved_is_kept_and_a_speaker_is_no_phrase():
    t = "原则同意区人防办提交的改造方案，要求作进一步修改完善后组织实施。"
    got = pick(t, 0, len(t), [Owner("区人防办", "lead")], OwnerModel({"bias": -10.0}, 0.0))
    assert [o.mention for o in got] == ["区人防办"]
    t = "市政府秘书长王志鹏同志要求，市政务公开办要坚持人民视角。"
    assert [x.mention for x in phrases(t, [])] == ["市政务公开办"]
    assert [x.mention for x in phrases("2022年学院党委要强化思想引领", [])] == ["学院党委"]


def test_a_proposal_verb_is_no_part_of_a_phrase():
    t = "建议市发改委牵头，会同市财政局研究制定补贴办法。"
    assert [x.mention for x in phrases(t, ["市发改委", "市财政局"])] == ["市发改委", "市财政局"]
    assert "建议市发改委" not in [x.mention for x in phrases(t, [])]


def test_kept_mentions_never_overlap_and_come_in_the_order_written():
    t = "区发展和改革局、区财政局负责。"
    ph = phrases(t, [])
    model = OwnerModel({"bias": 1.0, "part": 1.0}, 0.0)
    chosen = [ph[i] for i in model.choose(ph, features(t, ph, []))]
    spans = [(x.start, x.end) for x in chosen]
    assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans))
    assert [x.mention for x in chosen] == ["区发展和改革局", "区财政局"]


def test_pick_reports_mentions_as_written_and_roles():
    src = "各乡(镇)要组织排查，县林业局配合开展巡查。"
    model = OwnerModel({"bias": 1.0, "whole": -5.0}, 0.0)
    got = {o.mention: o.role for o in pick(src, 0, len(src), [], model)}
    assert got["各乡(镇)"] == "lead" and got["县林业局"] == "co"


def test_apply_keeps_the_no_owner_lint_in_step():
    res = extract_rules("一、要进一步加强学习。\n二、办公室要在6月底前完成检查。\n", BASE)
    assert "no_owner" in res.items[0].lint
    apply(
        "一、要进一步加强学习。\n二、办公室要在6月底前完成检查。\n", res.items, OwnerModel({"bias": 1.0}, 0.0)
    )
    assert [o.mention for o in res.items[1].owners] == ["办公室"] and "no_owner" not in res.items[1].lint
    apply(
        "一、要进一步加强学习。\n二、办公室要在6月底前完成检查。\n",
        res.items,
        OwnerModel({"bias": -1.0}, 0.0),
    )
    assert not res.items[1].owners and res.items[1].lint[0] == "no_owner"


def test_the_shipped_weights_are_plain_json_and_extract_uses_them():
    model = shipped()
    assert model is not None and isinstance(model.threshold, float)
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in model.weights.items())
    text = (
        "关于做好检查工作的通知\n一、各科室要在6月底前报送半年工作总结。\n"
        "二、请县教育局会同县卫健委做好学校防疫。\n"
    )
    res = extract(text, base_date=BASE)
    assert [o.mention for o in res.items[0].owners] == ["各科室"]
    assert {o.mention for o in res.items[1].owners} == {"县教育局", "县卫健委"}
    for it in res.items:
        assert text[it.start : it.end] == it.text


@pytest.mark.parametrize("weights", [{"bias": 5.0}, {"bias": -5.0}])
def test_extract_takes_an_owner_model(weights):
    text = "一、办公室要在6月底前完成检查。\n二、组织科要在7月底前完成培训。\n"
    res = extract(text, base_date=BASE, owner_model=OwnerModel(weights, 0.0))
    assert all(bool(it.owners) == (weights["bias"] > 0) for it in res.items)


def test_a_unit_cell_inside_a_table_rows_item_is_kept_as_read():
    # 序号 / 重点工作 / 责任领导 / 责任科室 / 工作任务安排: the item runs from the number over the unit cell
    text = (
        "序号\n重点工作\n责任\n领导\n责任\n科室\n工作任务安排\n"
        "1\n水库工程政策处理\n欧乾震\n乡村振兴办\n推进坟墓迁移工作。\n"
    )
    got = extract(text, base_date=dt.date(2027, 3, 1)).items
    assert [o.mention for o in got[0].owners] == ["乡村振兴办"]


def test_a_phrase_obeys_the_grammars_bounds_of_a_name():
    # 市委决策部|署: the suffix 部 opens 部署, so no name ends there
    t = "我们必须把中央、省委、市委决策部署与组织部门职能结合起来"
    assert not [x.mention for x in phrases(t, []) if x.mention.endswith("决策部")]
    # （一）成立机构: a verb of action opens no name (各有关乡镇 acts)
    t = "（一）成立机构，加强领导。各有关乡镇要成立整治领导小组"
    assert [x.mention for x in phrases(t, [])] == ["各有关乡镇"]


def _feats(t: str, grammar: list[str], before: str = "") -> dict[str, list[str]]:
    ph = phrases(t, grammar, t, before)
    return {x.mention: f for x, f in zip(ph, features(t, ph, grammar), strict=True)}


def test_a_grammar_mention_that_runs_past_a_name_is_judged_with_its_core():
    # a verb naming a unit's work and its object after the name: the core is judged, the mention not kept
    f = _feats("请各系研究参评支部按照要求填写总结", ["各系研究参评支部"])
    assert (
        "g:loose" in f["各系研究参评支部"] and "stated" not in f["各系研究参评支部"] and "g:core" in f["各系"]
    )
    # a predicate's verb (组织 that opens no name): the grammar's mention is the name before it
    f = _feats("请各系组织参评支部按照要求填写总结", ["各系组织参评支部"])
    assert "g" in f["各系"] and "g" not in f["各系组织参评支部"]
    # a verb or a time before the name: the grammar's mention is the name itself
    for t, g, core in (
        ("安排体育教研室负责即将举行的秋季运动会", "安排体育教研室", "体育教研室"),
        ("学期末教务办和教学点核算授课费用", "学期末教务办", "教务办"),
        ("2022年学院党委要加强领导", "2022年学院党委", "学院党委"),
    ):
        f = _feats(t, [g])
        assert g not in f and "g" in f[core]


def test_an_addressee_without_owner_is_never_kept_and_a_picked_name_is_its_core():
    model = OwnerModel({"bias": 10.0}, 0.0)
    t = "各级领导干部要带头，并确定一名领导班子成员负责。"
    got = pick(t, 0, len(t), [Owner("各级领导干部"), Owner("并确定一名领导班子成员", "lead")], model)
    assert "各级领导干部" not in {o.mention for o in got} and "并确定一名领导班子成员" not in {
        o.mention for o in got
    }
    t = "2022年学院党委要加强领导。"
    assert [o.mention for o in pick(t, 0, len(t), [Owner("2022年学院党委", "lead")], model)] == ["学院党委"]
    # a name whose verb names the unit's work, or a conjunction inside a name, is not loose
    for t, g in (
        ("市政府督查室要定期通报进展", "市政府督查室"),
        ("区科技和经信局要牵头推进", "区科技和经信局"),
    ):
        assert "g:loose" not in _feats(t, [g])[g]


def test_a_list_kept_as_one_name_is_one_phrase_and_marks_the_grammar_s_pieces():
    # a part without a name of its own (单位, 党总支) shares the list's mention: its pieces are no phrases
    for t, whole in (
        ("今年形势严峻，各有关部门、单位要克服麻痹思想", "各有关部门、单位"),
        ("（二）各二级单位党委、党总支要参照学校党委做法", "各二级单位党委、党总支"),
    ):
        assert [x.mention for x in phrases(t, [])] == [whole]
    # …but a piece the grammar read stays a phrase, judged as one
    f = _feats("今年形势严峻，各有关部门、单位要克服麻痹思想", ["各有关部门"])
    assert "joined" in f["各有关部门、单位"] and "in_joined" in f["各有关部门"]
    assert "joined" not in _feats("各县（市、区）要在6月底前完成", [])["各县（市、区）"]


def test_a_phrase_opens_after_a_time_or_a_verb_before_a_name_never_at_a_conjunction():
    assert [x.mention for x in phrases("5月6日组织各班召开主题班会", [])] == ["各班"]
    assert [x.mention for x in phrases("开展主题活动、结合市局要求启动评比", [])] == ["市局"]
    assert [x.mention for x in phrases("二、与兄弟单位开展友谊赛", [])] == ["兄弟单位"]
    # a verb before a bare head noun names no one (加强领导); a name that a verb names stays whole
    assert [x.mention for x in phrases("一、加强领导。各有关乡镇要成立专班", [])] == ["各有关乡镇"]
    assert "宣传部" in [x.mention for x in phrases("宣传部、组织部要加强协作", [])]


def test_the_subject_of_the_lead_in_is_a_phrase_of_an_item_without_its_own():
    before = "会议要求，各单位要迅速行动起来，全面开花；"
    f = _feats("要加强宣传，形成强大舆论攻势", [], before)
    assert {"ctx", "ctx:alone", "ctx:modal", "ctx:back1", "ctx:pre1:各"} == set(f["各单位"]) - {"bias"}
    before = "第一阶段。各机关、企事业单位和各村委会根据要求制定方案。"
    assert {"各机关", "企事业单位", "各村委会"} <= set(_feats("同时广泛宣传", [], before))
    # a unit named as an object in the lead-in is no subject
    assert _feats("要加强宣传", [], "会议听取了市教育局的汇报。") == {}


def test_a_chosen_subject_of_the_lead_in_is_a_lead_owner():
    src = "会议要求，各单位要迅速行动起来；要加强宣传。"
    start = src.find("要加强")
    model = OwnerModel({"bias": -10.0, "ctx": 20.0}, 0.0)
    got = pick(src, start, len(src), [], model)
    assert [(o.mention, o.role) for o in got] == [("各单位", "lead")]


def test_a_unit_after_the_modal_or_the_verb_of_its_clause_is_marked_as_the_object():
    f = _feats("各乡镇要配合市应急局开展排查", [])
    assert "after_modal" in f["市应急局"] and "after_modal" not in f["各乡镇"]
    assert "prev:verb" in _feats("，督促各乡镇完成整改", [])["各乡镇"]


def test_the_units_a_tables_cells_name_are_marked_stated_by_the_table():
    text = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t完成河道清理工作\t市水利局\t市财政局\t6月底前\n"
    owners = extract_rules(text, base_date=BASE).items[0].owners
    assert [(o.mention, o.role, o.tabled) for o in owners] == [
        ("市水利局", "lead", True),
        ("市财政局", "co", True),
    ]
    # outside a table nothing is so marked
    owners = extract_rules("一、市水利局要在6月底前完成河道清理。\n", base_date=BASE).items[0].owners
    assert owners and not any(o.tabled for o in owners)


@pytest.mark.parametrize("tabled", [True, False])
def test_a_unit_the_table_names_inside_the_item_is_kept_as_read(tabled):
    # 1  市水利局  完成河道清理 (the item runs from the row's number over its unit cell): the table's
    # reading says which cell holds the unit; the picker does not part cells from the text again
    t = "1  市水利局  完成河道清理"
    got = pick(t, 0, len(t), [Owner("市水利局", "lead", tabled=tabled)], OwnerModel({"bias": -10.0}, 0.0))
    assert [o.mention for o in got] == (["市水利局"] if tabled else [])


def test_the_actor_of_a_clause_is_told_from_the_organisations_its_action_names():
    # 教学秘书要… opens its clause and a modal follows: the actor; 会同教务处 names a partner
    f = _feats("课表编排前，教学秘书要会同教务处核对课表", [])
    assert "subject" in f["教学秘书"] and "subject" not in f["教务处"]
    # each unit of a list that acts
    f = _feats("收款室、检验室要安排人员在岗", [])
    assert "subject" in f["收款室"] and "subject" in f["检验室"]


def test_each_unit_of_a_list_longer_than_one_actor_is_the_subject_the_list_is():
    # the grammar reads a long list unit by unit (no actor reaches over it): the list acts as one
    f = _feats("区水务局、区城管执法局、区市政园林管理中心、东湖镇等单位要每天更新工作进展", [])
    assert all("subject" in f[n] for n in ("区水务局", "区城管执法局", "区市政园林管理中心", "东湖镇"))
    f = _feats("各二级公司、直属项目公司以及集团公司各部门要上下联动", [])
    assert all("subject" in f[n] for n in ("各二级公司", "直属项目公司", "集团公司各部门"))
    # a list its clause's action names is its object, and a list that acts nothing no subject
    f = _feats("市教育局要会同区文化馆、区图书馆和区博物馆等单位，开展活动", [])
    assert "subject" in f["市教育局"] and not any("subject" in f[n] for n in ("区文化馆", "区博物馆"))
    f = _feats("请区纪委，以及团区委、区妇联、区侨联等单位于10月25日前报送材料", [])
    assert not any("subject" in v for v in f.values())


def test_people_and_relative_phrases_are_phrases_of_their_own_kind():
    # owners as written (LABELLING 85, 201) whose heads the grammar never ends a name with
    for text, name, kind in (
        ("有标注“未办理”的情形，学生需及时联系对应的职能部门", "学生", "people"),
        ("其中，欠费学生须于6月7日前缴清", "欠费学生", "people"),
        ("3.审批通过后班级自行开展团日活动", "班级", "people"),
        ("各单位要提高意识，存在消防安全隐患的单位要迅速整改", "存在消防安全隐患的单位", "relative"),
        ("5、学分未修满的毕业班学生，如果变更申请，必须办理", "学分未修满的毕业班学生", "relative"),
        ("会议要求排名落后的地方要知耻后勇", "排名落后的地方", "relative"),
    ):
        found = {x.mention: x for x in phrases(text, [])}
        assert found[name].kind == kind, text
        assert f"kind:{kind}" in _feats(text, [])[name]
    # a cue, a verb or a time before the people is no part of them; the people a verb names are its object
    assert "学生" in {x.mention for x in phrases("请学生按时参加考试", [])}
    assert "请学生" not in {x.mention for x in phrases("请学生按时参加考试", [])}
    assert not {x.mention for x in phrases("请各单位提醒学生及时缴费", [])} & {"学生", "提醒学生"}
    # one relative of a list (条件好、达标早的…), no modal inside a relative, a unit's name keeps its kind
    assert not [x for x in phrases("对于条件好、达标早的先进党组织要及时选树典型", []) if x.kind]
    assert not [x for x in phrases("各单位要做好的工作人员要到岗", []) if x.kind == "relative"]
    assert not [x for x in phrases("各科室要按时完成", []) if x.kind]


def test_a_noun_after_a_name_is_no_modal():
    # 用人单位需求: the name qualifies 需求, it acts nothing; 学生需及时联系: 需 is the modal
    f = _feats("必须把重大战略的需要、用人单位需求、人才结构的优化结合起来", ["用人单位"])
    assert "modal:需" not in f["用人单位"] and "subject" not in f["用人单位"]
    assert "modal:需" in _feats("学生需及时联系对应的职能部门", [])["学生"]
    assert "学生" not in {x.mention for x in phrases("统筹考虑学生需求，合理安排", [])}


def _governed(src: str, item: str) -> dict[str, tuple[str, list[str]]]:
    start = src.find(item)
    t = src[start:]
    ph = phrases(t, [], t, lead_in(src, start))
    return {x.mention: (x.kind, f) for x, f in zip(ph, features(t, ph, []), strict=True) if x.start < 0}


def test_a_unit_a_heading_above_the_entry_names_is_a_phrase_of_its_own_kind():
    # back over the entries of the item's own kind to the heading of another marker; a score after it dropped
    src = "二、后勤服务中心（98分）\n1、三号楼门口堆放杂物，请及时清理。\n2、食堂卫生有待加强，请加强监督。"
    kind, f = _governed(src, "2、食堂")["后勤服务中心"]
    assert kind == "heading"
    assert {"gov:heading", "gov:heading:alone", "gov:heading:pre1:后"} <= set(f)
    assert all(x.startswith("gov:") for x in f if x != "bias")  # nothing the shipped weights weigh
    # a line ending with a colon governs the list under it; an entry's own heading (2.值班单位。①…) too
    assert _governed("各街道要：\n1.加强领导。\n2.做好宣传。", "2.做好")["各街道"][0] == "colon"
    assert _governed("一、县城管局牵头工作（8项）\n1.加强领导。", "1.")["县城管局"][0] == "heading"
    # a heading that names a unit inside a topic is none; a salutation above a paragraph governs no list
    assert _governed("一、全市经济社会发展目标\n1.加强领导。", "1.") == {}
    assert _governed("各直属单位：\n为做好工作，现通知如下：\n一、加强领导。", "一、") == {}
    assert _governed("2.值班单位。①组织巡查；②每年年初总结。", "②")["值班单位"][0] == "heading"
    # a plain paragraph between the heading and the item ends the search; a long line governs nothing
    assert _governed("一、市卫生局\n今年工作成效明显。\n加强宣传。", "加强") == {}
    assert (
        _governed(
            "一、市卫生局在全市范围内牵头开展爱国卫生运动、健康城市建设和卫生城市复审迎检的各项工作\n1.加强宣传。",
            "1.",
        )
        == {}
    )


def test_a_unit_a_colon_or_an_ask_hands_the_item_to_is_a_phrase_of_its_own_kind():
    got = _governed("会上，局长要求各科室、各站所：一是提高认识。", "一是")
    assert got["各科室"] == (
        "colon",
        ["bias", "gov:colon", "gov:colon:alone", "gov:colon:pre1:各", "gov:part", "gov:suf1:室"],
    )
    assert got["各站所"][0] == "colon"
    assert _governed("镇长要求全体网格员，一要提高认识。", "一要")["全体网格员"][0] == "colon"
    # the subject of a clause keeps its kind; a unit a clause names as its object is none
    assert _governed("会议要求，各单位要迅速行动起来；要加强宣传。", "要加强")["各单位"][0] == ""
    assert _governed("会议听取了市教育局的汇报：一是加强宣传。", "一是") == {}


def test_a_unit_handed_down_yields_to_the_item_s_own_actor():
    # a model keeping every phrase: the heading's unit owns the entry naming none, not one naming its own
    model = OwnerModel({"bias": 1.0}, 0.0)
    src = "一、县管委会牵头工作\n1.建设产业园。\n2.县农业局要打造品牌。"
    own = src.find("2.")
    assert [o.mention for o in pick(src, own, len(src), [], model)] == ["县农业局"]
    alone = src.find("1.")
    assert [o.mention for o in pick(src, alone, own, [], model)] == ["县管委会"]
    # the model's own choice, as training weighs it: a colon's unit yields the same way
    src = "各街道要：\n1.加强领导。\n2.社区居委会负责宣传。"
    t = src[src.find("2.") :]
    ph = phrases(t, [], t, lead_in(src, src.find("2.")))
    kept = [ph[i] for i in model.choose(ph, features(t, ph, []))]
    assert {x.kind for x in ph} >= {"colon"} and [x.mention for x in kept] == ["社区居委会"]
