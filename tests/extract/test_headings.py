from luoshi.extract.decide import candidates
from luoshi.extract.headings import body_kind, heading_features, part_features, title_kind, title_of
from luoshi.extract.outline import Marker, walk


def _markers(text: str) -> list[Marker]:
    return list(walk(candidates(text)[1]))


def _marker(text: str, opening: str) -> Marker:
    return next(m for m in _markers(text) if text.startswith(opening, m.start))


def test_a_title_is_read_by_its_verb_or_its_head_noun():
    assert title_kind("切实加强队伍建设") == "directive"
    assert title_kind("各科室要按时上报") == "directive"
    assert title_kind("全年收入增长8%以上") == "target"
    assert title_kind("工作原则") == "frame"
    assert title_kind("指导思想") == "frame"  # a modifier and its noun, no verb and object
    assert title_kind("会议地点") == "arrange"
    assert title_kind("上报时间") == "arrange"
    assert title_kind("加强组织领导") == "directive"  # the verb governs the label
    assert title_kind("联系人", labelled=True) == "label_value"
    assert title_kind("春季运动会") == "nominal"


def test_a_label_with_its_value_on_the_line_is_told_from_a_title_with_a_colon():
    text = "一、联系人：王某，电话123。\n二、工作安排：\n各班要做好准备。\n"
    assert title_of(text, _marker(text, "一、"))[2]
    assert not title_of(text, _marker(text, "二、"))[2]


def test_a_body_is_read_as_children_one_actor_several_background_or_nothing():
    text = (
        "一、总体目标\n本年度是关键的一年，形势依然复杂。\n"
        "二、迎新活动\n学生处要在9月5日前完成新生报到安排。\n"
        "三、安全检查\n总务科要检查校舍。保卫科要检查消防设施。\n"
        "四、重点工作\n（一）修订制度\n（二）开展培训\n"
        "五、庆元旦活动\n"
    )

    def kind(opening: str) -> str:
        m = _marker(text, opening)
        return body_kind(text, m, title_of(text, m)[1])

    assert kind("一、") == "background"
    assert kind("二、") == "one"
    assert kind("三、") == "several"
    assert kind("四、") == "children"
    assert kind("五、") == "empty"


def test_a_span_is_read_against_its_heading():
    text = "一、活动安排\n（1）植树活动\n团委要在3月12日组织全体团员植树。\n（2）环境整治\n"
    entry = _marker(text, "（1）")
    title_end = title_of(text, entry)[1]
    assert "hk:one&title" in heading_features(text, entry, entry.start, title_end)
    assert "hk:one&whole" in heading_features(text, entry, entry.start, entry.end)
    assert part_features(text, _marker(text, "一、"), {}) == ["in:arrange&children"]


def test_a_bare_entry_is_read_by_the_list_it_belongs_to():
    text = "工作安排\n九月份：\n1、迎新活动\n2、稳定幼儿情绪\n十月份：\n1、庆国庆活动\n"
    entries = [m for m in _markers(text) if not m.children]
    assert all("hk:under:month" in heading_features(text, m, m.start, m.end) for m in entries)
    goals = "一、工作目标\n（一）队伍稳定\n（二）质量提升\n二、工作安排\n各科室要按时完成。\n"
    entry = _marker(goals, "（一）")
    assert "hk:under:frame" in heading_features(goals, entry, entry.start, entry.end)
