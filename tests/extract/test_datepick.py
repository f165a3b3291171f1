import datetime as dt

from luoshi.extract import extract
from luoshi.extract.datepick import DeadlinePicker, options, shipped
from luoshi.extract.decide import candidates, fill
from luoshi.extract.fields import times_of

BASE = dt.date(2026, 3, 2)
TEXT = (
    "关于做好年度检查工作的通知\n一、全面自查阶段（6月30日前）\n1. 各科室要在5月15日前完成自查报告。\n"
    "2. 各科室要认真梳理问题清单。\n3. 各科室要每月5日前报送整改进展。\n"
)


def _options(text: str):
    doc, roots, cands = candidates(text, BASE)
    result = fill(doc, roots, [c.item for c in cands])
    return {it.text.split("。")[0]: options(doc, it, times_of(doc, it)) for it in result.items}


def test_an_item_that_states_a_date_is_offered_its_own_and_one_that_states_none_its_scopes():
    opts = _options(TEXT)
    own = opts["1. 各科室要在5月15日前完成自查报告"]
    assert [(o.source, o.x.date) for o in own] == [("own", dt.date(2026, 5, 15))]  # never the heading's
    assert {"src:own", "k:before", "own:latest", "it:ownlimit"} <= set(own[0].feats)
    bare = opts["2. 各科室要认真梳理问题清单"]
    assert [(o.source, o.x.date) for o in bare] == [("heading", dt.date(2026, 6, 30))]
    assert {"rank:0", "sib:some"} <= set(bare[0].feats)  # another item under the heading states its own date


def test_a_cadence_or_an_events_date_is_no_option():
    assert _options(TEXT)["3. 各科室要每月5日前报送整改进展"] == []
    assert (
        _options("1.各学院要组织考生参加补考,考试时间为2024年5月9日。\n")[
            "1.各学院要组织考生参加补考,考试时间为2024年5月9日"
        ]
        == []
    )


NESTED = (
    "一、全面自查阶段（6月30日前）\n请于5月31日前完成以下工作：\n"
    "1. 各科室要梳理问题清单。\n2. 各科室要建立台账。\n"
)


def test_the_picker_takes_the_best_scope_or_none_below_the_threshold():
    opts = _options(NESTED)["1. 各科室要梳理问题清单"]
    assert [(o.source, o.x.date) for o in opts] == [
        ("intro", dt.date(2026, 5, 31)),
        ("heading", dt.date(2026, 6, 30)),
    ]
    assert "rank:0" in opts[0].feats and "rank:1" in opts[1].feats
    feats = [o.feats for o in opts]
    assert DeadlinePicker({"src:intro": 1.0, "src:heading": 0.5}, 0.2).best(feats) == 0
    assert DeadlinePicker({"src:intro": 0.1, "src:heading": 0.5}, 0.2).best(feats) == 1
    assert DeadlinePicker({"src:intro": 0.1, "src:heading": 0.1}, 0.2).best(feats) is None
    assert DeadlinePicker({"bias": 1.0}, 0.0).best([]) is None


def test_the_shipped_picker_prefers_an_own_clause_limit_to_a_headings_and_dates_no_cadence():
    assert shipped() is not None
    items = extract(TEXT, base_date=BASE).items
    got = {it.text.split("。")[0]: (it.deadline.date if it.deadline else None, it.cadence) for it in items}
    assert got["1. 各科室要在5月15日前完成自查报告"] == (dt.date(2026, 5, 15), "once")
    assert got["2. 各科室要认真梳理问题清单"] == (dt.date(2026, 6, 30), "once")
    assert got["3. 各科室要每月5日前报送整改进展"] == (None, "monthly:5")


def test_the_rules_engine_keeps_the_grammars_choice():
    items = extract(TEXT, base_date=BASE, engine="rules").items
    cadence = next(it for it in items if it.text.startswith("3."))
    assert cadence.deadline is not None and cadence.deadline.date == dt.date(2026, 6, 30)  # the heading's
