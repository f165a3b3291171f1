"""A speech's parts: a review part (工作回顾) assigns no work whatever its words; a cognition element
(认识性表述) without an actor is no task; a part that looks ahead as well, or a cognition heading whose body
names an actor, is neither."""

import datetime as dt

import pytest

from luoshi.extract import extract
from luoshi.extract.engine import read_rules
from luoshi.extract.parts import COGNITION, OPENING, REVIEW, part_reason

_SPEECH = (
    "在全县组织工作会议上的讲话\n同志们：\n下面，我讲两个问题。\n"
    "一、关于2025年的工作回顾\n过去的一年，全县组织工作较好地完成了各项任务。"
    "一是干部队伍建设扎实推进，各级党组织要把培训作为重点，全年培训干部3000人次。"
    "二是基层党建全面加强。\n"
    "二、关于2026年的工作任务\n一是各乡镇要在6月底前完成村级党组织书记轮训。"
    "二是县委组织部要在9月底前完成年轻干部调研。\n"
)


@pytest.mark.parametrize(
    ("text", "has_parts", "items", "not_tasks"),
    [
        pytest.param(
            _SPEECH,
            True,
            ["一是各乡镇要在6月底前完成村级党组织书记轮训", "二是县委组织部要在9月底前完成年轻干部调研"],
            {"一是干部队伍建设扎实推进，各级党组织要把培训作为重点，全年培训干部3000人次": REVIEW},
            id="a review part assigns no work whatever its words",
        ),
        pytest.param(
            "讲话\n一、2025年工作回顾和2026年工作安排\n"
            "1.各乡镇要在6月底前完成轮训。\n2.各部门要在9月底前完成调研。\n",
            False,
            ["1.各乡镇要在6月底前完成轮训", "2.各部门要在9月底前完成调研"],
            {},
            id="a part that looks ahead as well is no review",
        ),
        pytest.param(
            "讲话\n一、务必要提高认识，正视问题\n能够获得这一殊荣，确实来之不易，然而要保持这一殊荣更不易。\n"
            "二、务必要倒排进度，强力攻坚\n各创卫工作组要在10月底前完成整改。\n",
            True,
            ["各创卫工作组要在10月底前完成整改"],
            {"能够获得这一殊荣，确实来之不易，然而要保持这一殊荣更不易": COGNITION},
            id="a cognition part without an actor is no task",
        ),
        pytest.param(
            "讲话\n一是强化思想意识。各乡镇各部门尤其是各级领导干部一定要把安全生产工作列入重要的议事日程。"
            "二是强化责任落实。各乡镇要在6月底前完成隐患排查。\n",
            False,
            [
                "一是强化思想意识。各乡镇各部门尤其是各级领导干部一定要把安全生产工作列入重要的议事日程",
                "各乡镇要在6月底前完成隐患排查",
            ],
            {},
            id="a cognition heading whose body names an actor holds a task",
        ),
    ],
)
def test_a_speechs_parts_decide_which_of_their_sentences_are_tasks(text, has_parts, items, not_tasks):
    base_date = dt.date(2026, 2, 1)
    doc, _ = read_rules(text, base_date)
    assert bool(doc.parts) == has_parts
    found = extract(text, base_date=base_date, engine="rules").to_dict()
    assert [i["text"] for i in found["items"]] == items
    assert {n["text"]: n["reason"] for n in found["not_tasks"]} == not_tasks
    for n in found["not_tasks"]:
        assert text[n["start"] : n["end"]] == n["text"]
        assert part_reason(doc.parts, n["start"], n["end"]) == n["reason"]
    for i in found["items"]:
        assert part_reason(doc.parts, i["start"], i["end"]) is None
    # the shipped learned engine takes none of them for a task either
    assert not set(not_tasks) & {i.text for i in extract(text, base_date=base_date).items}


_OPENING = (
    "在全市项目建设推进会上的讲话\n同志们：\n刚才，市发改委通报了上半年的情况，大家讲得很好，"
    "市委对开好这次会议十分重视。会后，市委办要尽快整理印发，各部门要全力抓好落实。"
    "下面，我讲三点意见。\n一、各县区要在9月底前完成项目开工。\n"
)


def test_a_speech_opening_is_no_task_but_an_actors_concrete_act_in_it_is():
    doc, _ = read_rules(_OPENING, dt.date(2026, 2, 1))
    for soft in ("市委对开好这次会议十分重视", "各部门要全力抓好落实", "刚才，市发改委通报了上半年的情况"):
        a = _OPENING.index(soft)
        assert part_reason(doc.parts, a, a + len(soft)) == OPENING
    a = _OPENING.index("市委办要尽快整理印发")
    assert part_reason(doc.parts, a, a + len("市委办要尽快整理印发")) is None
    b = _OPENING.index("各县区要")
    assert part_reason(doc.parts, b, _OPENING.index("。", b)) is None


def test_an_announcement_inside_a_numbered_point_opens_nothing():
    text = "讲话\n一、各乡镇要在6月底前完成轮训。下面，我再讲两点意见。\n二、各部门要完成调研。\n"
    doc, _ = read_rules(text, dt.date(2026, 2, 1))
    assert doc.parts == []
