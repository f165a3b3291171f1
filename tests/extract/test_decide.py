import datetime as dt
import itertools
import json

from luoshi.extract import extract
from luoshi.extract.decide import SET_ASIDE, Model, candidates, decide, features

BASE = dt.date(2026, 3, 18)
TEXT = (
    "关于做好春季工作的通知\n"
    "一、各科室要在6月底前报送半年工作总结。\n"
    "二、希望大家认真学习。\n"
    "三、干部一科负责制定培训计划。\n"
    "去年共培训干部6900余人次。\n"
    "办公室将于4月底前组织一次检查，各科室配合做好准备。\n"
)


def test_candidates_hold_the_contract_and_never_overlap(seed_text):
    for text in (TEXT, seed_text):
        _, _, result, cands = candidates(text, BASE)
        spans = sorted((c.item.start, c.item.end) for c in cands)
        assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))
        for c in cands:
            assert text[c.item.start : c.item.end] == c.item.text
        assert [c.item for c in cands] == result.items


def test_the_rules_items_are_candidates_with_their_fields():
    rules = extract(TEXT, base_date=BASE)
    _, _, _, cands = candidates(TEXT, BASE)
    by_start = {c.item.start: c for c in cands}
    for it in rules.items:
        c = by_start[it.start]
        assert c.source == "rule" and c.soft is None and c.item.to_dict() == it.to_dict()
    for nt in rules.not_tasks:
        assert by_start[nt.start].soft == nt.reason


def test_features_hide_the_rules_verdict_when_asked():
    doc, roots, _, cands = candidates(TEXT, BASE)
    seen = features(doc, roots, cands)
    hidden = features(doc, roots, cands, verdict=False)
    assert any("src:rule" in f for f in seen) and any(x.startswith("soft:") for f in seen for x in f)
    assert not any(x.startswith(("src:rule", "src:sentence", "soft:")) for f in hidden for x in f)
    assert hidden == features(doc, roots, cands, verdict=False)  # deterministic
    assert all("bias" in f for f in hidden)


def test_decide_keeps_what_the_weights_keep(tmp_path):
    path = tmp_path / "w.json"
    path.write_text(
        json.dumps({"weights": {"modal:要": 1.0, "w:将": 1.0}, "threshold": 0.5, "verdict": False})
    )
    model = Model.from_json(path)
    result = decide(TEXT, model, BASE)
    texts = [it.text for it in result.items]
    assert texts[0].startswith("一、各科室要") and [o.mention for o in result.items[0].owners] == ["各科室"]
    # a span the rules left alone is kept by the weights, without the owners the grammar read
    checked = next(it for it in result.items if it.text.startswith("办公室将于"))
    assert checked.owners == [] and "no_owner" in checked.lint
    reasons = {n.text[:4]: n.reason for n in result.not_tasks}
    assert reasons["三、干部"] == SET_ASIDE  # a rule item the weights reject
    assert result.engine == "learned"
    assert all(TEXT[it.start : it.end] == it.text for it in result.items)


def test_decide_with_an_owner_picker_gives_every_kept_item_the_pickers_owners(tmp_path):
    from luoshi.extract.picker import OwnerModel

    path = tmp_path / "w.json"
    path.write_text(
        json.dumps({"weights": {"modal:要": 1.0, "w:将": 1.0}, "threshold": 0.5, "verdict": False})
    )
    result = decide(TEXT, Model.from_json(path), BASE, owners=OwnerModel({"bias": 1.0, "whole": -5.0}, 0.0))
    checked = next(it for it in result.items if it.text.startswith("办公室将于"))
    assert {o.mention for o in checked.owners} >= {"办公室", "各科室"} and "no_owner" not in checked.lint
