import json

from luoshi.extract.scoring import match, score

from . import reference_score
from .conftest import SEED_DIR


def test_matching_needs_half_of_both_spans():
    assert match([(0, 10)], [(5, 15)]) == [(0, 0)]
    assert match([(0, 10)], [(6, 30)]) == []


def test_agrees_with_reference_scorer_on_seed(seed_text, seed_gold, seed_result, tmp_path):
    ours = score(seed_gold, seed_text, seed_result.to_dict()).summary()
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(seed_result.to_dict(), ensure_ascii=False), encoding="utf-8")
    theirs = reference_score.score(str(SEED_DIR / "seed-speech.gold.json"), str(pred))
    for k in (
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "f1",
        "owner_f1",
        "deadline_acc",
        "deadline_n",
        "bad_offsets",
    ):
        assert ours[k] == theirs[k], k


def test_seed_meets_the_bar(seed_text, seed_gold, seed_result):
    s = score(seed_gold, seed_text, seed_result.to_dict())
    assert s.f1 >= 0.9 and s.owner_f1 >= 0.9 and s.deadline_acc >= 0.95 and s.bad_offsets == 0
