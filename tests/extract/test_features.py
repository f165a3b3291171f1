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


def test_a_speech_span_is_read_as_before_or_after_the_turn_to_the_work_ahead(base_date):
    text = (
        "同志们：\n今天召开全县工作会议，主要是总结去年工作。\n"
        "去年，我们完成了各项任务，取得了显著成绩。\n"
        "下面，我讲几点意见。\n"
        "一要抓好安全生产，各乡镇要在6月底前完成排查。\n"
        "二要加强组织领导，各部门要落实责任。\n"
    )
    doc, roots, cands = candidates(text, base_date)
    feats = features(doc, roots, cands)

    def side(opening: str) -> set[str]:
        return {
            x
            for c, f in zip(cands, feats, strict=True)
            if c.item.text.startswith(opening)
            for x in f
            if "turn:" in x
        }

    assert side("去年") == {"turn:before", "turn:before&speech:1"}
    assert side("一要") == side("二要") == {"turn:after", "turn:after&speech:1"}
