from luoshi.extract.decide import candidates
from luoshi.extract.features import VERDICT, features


def test_features_read_the_span_not_its_fields_and_hide_the_verdict_when_asked(notice, base_date):
    doc, roots, cands = candidates(notice, base_date)
    seen = features(doc, roots, cands)
    hidden = features(doc, roots, cands, verdict=False)
    assert {x for f in seen for x in f} >= set(VERDICT.values())
    assert not any("rules:" in x for f in hidden for x in f)
    assert hidden == features(doc, roots, cands, verdict=False)  # deterministic
    assert all("bias" in f for f in hidden)
    assert all(it.owners == [] and it.deadline is None for it in (c.item for c in cands))  # nothing filled


def test_a_numbered_element_is_weighed_by_what_its_own_title_says(base_date):
    text = (
        "一、统一思想\n（一）深刻认识创建卫生镇的重要意义\n近年来我镇发展较快。\n"
        "（二）明确任务，强化措施\n各村要抓好落实。\n"
    )
    doc, roots, cands = candidates(text, base_date)
    own = {
        c.item.text.split("\n")[0]: {x for x in f if x.startswith("own:")}
        for c, f in zip(cands, features(doc, roots, cands))
    }
    assert own["（一）深刻认识创建卫生镇的重要意义"] == {"own:creed"}
    assert own["（二）明确任务，强化措施"] == {"own:task"}


def test_a_span_is_weighed_by_what_its_neighbours_and_its_part_do(base_date):
    text = (
        "一、主要特点\n从检查情况看，各单位迅速行动，认真开展了学习。\n"
        "（一）领导高度重视。各单位能够及时制定学习方案，确保活动有序开展。\n"
        "（二）积极营造氛围。部分单位制作了宣传栏。\n"
        "二、下一步工作\n各单位要在6月底前报送总结。\n各支部要组织一次学习。\n"
    )
    doc, roots, cands = candidates(text, base_date)
    feats = {c.item.text[:6]: set(f) for c, f in zip(cands, features(doc, roots, cands))}
    # a finding: told after what was done, in a part where nothing else asks anyone to act
    assert {"prev:past", "pasks:0", "ppast:2"} <= feats["（一）领导高"]
    # a task: after a sentence that asks, in a part of tasks, the last of the text
    assert {"prev:asks", "next:none", "pasks:2", "ppast:0"} <= feats["各支部要组织"]
