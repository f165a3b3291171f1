import datetime as dt

from luoshi.extract.decide import Model, candidates, decide_items
from luoshi.extract.features import features
from luoshi.extract.parts import part_features, part_spans, resolve

BASE = dt.date(2026, 3, 18)
ELEMENT = (
    "（三）在放假期间，学校在各校区安排有关人员值班。值班人员应准时到岗，坚守岗位；"
    "各部门也要妥善安排好本单位节日期间的安全保卫工作。"
)


def test_a_span_parts_into_its_sentences_and_clauses_outside_brackets():
    spans = part_spans(ELEMENT, 0, len(ELEMENT))
    assert [ELEMENT[a:b] for a, b in spans] == [
        "（三）在放假期间，学校在各校区安排有关人员值班",
        "值班人员应准时到岗，坚守岗位",
        "各部门也要妥善安排好本单位节日期间的安全保卫工作",
    ]
    one = "请各单位于6月底前报送总结（含附件；电子版）。"
    assert part_spans(one, 0, len(one)) == []  # one sentence: no parts, a ； in brackets parts nothing
    short = "一、要求。各单位要于6月底前报送总结。"
    assert part_spans(short, 0, len(short)) == []  # a fragment shorter than an item is no part


def test_part_features_say_where_the_part_stands_and_whose_it_is():
    assert part_features(0, 3, "rule") == ["piece", "piece:0", "pieces:3", "piece:of-rule"]
    assert part_features(4, 5, "leaf") == ["piece", "piece:2", "pieces:4", "piece:last", "piece:of-leaf"]


def test_two_kept_parts_or_one_under_a_rejected_whole_replace_it():
    parents = [None, 0, 0, 0, None, 4, 4, None, 7, 7]
    keep = [True, True, True, False, False, False, True, True, True, False]
    # whole 0: two parts kept, they replace it; whole 4 rejected: its one kept part; whole 7 keeps itself
    assert resolve(parents, keep) == [1, 2, 6, 7]
    assert resolve([None, 0, 0], [False, False, False]) == []


def test_candidates_with_parts_name_their_whole_and_the_decision_never_overlaps():
    text = f"（二）放假前各单位要对学生进行安全教育。\n{ELEMENT}\n"
    doc, roots, cands = candidates(text, BASE, parts=True)
    assert [c.item.text[:3] for c in cands] == ["（二）", "（三）", "（三）", "值班人", "各部门"]
    assert [c.parent for c in cands] == [None, None, 1, 1, 1]
    assert all(c.source == "part" and text[c.item.start : c.item.end] == c.item.text for c in cands[2:])
    assert [c.item.start for c in candidates(text, BASE)[2]] == [c.item.start for c in cands[:2]]
    feats = features(doc, roots, cands)
    assert all("src:piece" in f and "rules:none" in f for f in feats[2:])
    everything = decide_items(text, Model({"bias": 1.0}, 0.0, verdict=False, parts=True), BASE)
    assert [it.text[:4] for it in everything.items] == ["（二）放", "（三）在", "值班人员", "各部门也"]
    assert everything.not_tasks == []  # the whole is told by its parts, not set aside
    wholes = decide_items(text, Model({"bias": 1.0, "src:piece": -2.0}, 0.0, verdict=False, parts=True), BASE)
    assert [it.text for it in wholes.items][1] == ELEMENT.rstrip("。")
    unaware = decide_items(text, Model({"bias": 1.0}, 0.0, verdict=False), BASE)  # weights fitted without
    assert [it.text for it in unaware.items][1] == ELEMENT.rstrip("。")


def test_an_owner_line_is_a_field_of_its_whole_never_a_part():
    text = "（一）地区生产总值增长7%以上。\n责任单位：区发展和改革局\n（二）规上工业增加值增长12%以上。\n"
    cands = candidates(text, BASE, parts=True)[2]
    assert all(c.parent is None for c in cands)
