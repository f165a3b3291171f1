from bench.oof_misses import listing

TEXT = "一、各科室要在6月底前报送总结。\n二、去年共培训干部6900余人次。\n三、希望大家认真学习。\n"


def _doc() -> dict:
    spans = [(0, 16), (17, 33), (34, 45)]
    return {
        "id": "no-test",
        "genre": "notice",
        "text": TEXT,
        "gold": {
            "items": [{"quote": TEXT[2:15], "required": True}, {"quote": TEXT[36:44], "required": False}]
        },
        "items": [{"start": a, "end": b, "text": TEXT[a:b]} for a, b in spans],
        "feats": [["bias", "modal:要"], ["bias", "cue:past"], ["bias", "w:希望"]],
        "veto": [None, None, "soft"],
    }


def test_a_kept_span_matching_nothing_is_a_false_positive_with_the_features_that_kept_it():
    d = _doc()
    lines = listing([d], {d["id"]: [0, 1]}, {d["id"]: ({"bias": 0.1, "cue:past": 0.5}, 0.0)})
    assert lines[0] == "notice no-test"
    assert any(x.startswith("  FP  +0.60  二、去年") for x in lines)
    assert any("cue:past(+0.50)" in x for x in lines)
    assert not any("FN" in x for x in lines)  # the required item is kept, the soft one counts for nothing
    assert lines[-1] == "by genre: notice fp=1 fn=0"


def test_a_required_item_dropped_says_by_how_much_or_which_veto():
    d = _doc()
    lines = listing([d], {d["id"]: []}, {d["id"]: ({"modal:要": -0.3}, 0.0)})
    assert any(x.startswith("  FN  -0.30<0.0  各科室要") for x in lines)
    assert any("modal:要(-0.30)" in x for x in lines)
    d["veto"][0] = "heading"
    assert any("veto:heading" in x for x in listing([d], {d["id"]: []}, {d["id"]: ({}, 0.0)}))
