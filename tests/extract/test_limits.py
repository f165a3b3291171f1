"""Which date of a time phrase binds: a limit, or a cadence's day, a schedule or an as-of date."""

import datetime as dt

from luoshi.extract.deadlines import parse_times
from luoshi.extract.limits import _as_of, _limit, hands_down

BASE = dt.date(2024, 3, 1)


def only(text: str):
    (x,) = parse_times(text, BASE)
    return x


def test_a_period_alone_in_brackets_after_a_title_is_a_limit():
    for text in ("动员部署阶段（3月上旬）", "动员部署阶段（3月）", "摸底排查阶段（截至2024年4月30日）"):
        x = only(text)
        assert _limit(text, x) and hands_down(text, x, limit=True)


def test_a_date_a_count_is_taken_at_stays_no_limit_outside_brackets():
    text = "截至2024年4月30日，全市共排查隐患120处。"
    x = only(text)
    assert _as_of(text, x)
    assert not hands_down(text, x, limit=False)


def test_the_end_of_a_range_in_brackets_whose_start_is_no_date_is_a_limit():
    text = "第一阶段（本通知下发之日至11月10日），各党支部要完成初审。"
    assert _limit(text, only(text))


def test_a_period_in_the_name_of_a_meeting_or_a_document_hands_nothing_down():
    for text in ("认真学习全市第一季度安全生产工作视频会议精神", "对照《2024年上半年工作要点》抓好落实"):
        x = only(text)
        assert not hands_down(text, x, limit=False)
    text = "请于第一季度末前完成自查"
    assert hands_down(text, only(text), limit=True)


def test_the_later_period_joined_to_a_limit_ends_it():
    text = "开展消防技能比武（6月底、7月初）"
    first, later = parse_times(text, BASE)
    assert _limit(text, first) and _limit(text, later)
    text = "开展消防技能比武（6月、7月）"
    assert not any(_limit(text, x) for x in parse_times(text, BASE))


def test_a_cutoff_date_followed_by_the_work_it_closes_is_a_limit():
    for text in ("各单位截止2024年6月30日完成全部数据录入", "请各村截至5月20日报送名单"):
        x = only(text)
        assert not _as_of(text, x) and _limit(text, x) and hands_down(text, x, limit=True)
    text = "截至2024年6月30日，全市已完成录入。"
    assert _as_of(text, only(text))


def test_a_period_that_qualifies_a_thing_or_is_contested_as_a_whole_limits_nothing():
    named = ("要做好下半年工作计划", "要把握三季度特点", "为决胜四季度提供保障", "全力冲刺一季度“开门红”")
    for text in named:
        assert not hands_down(text, only(text), limit=False)
    for text in ("要在三季度末前制定下半年工作计划", "各单位要在第三季度完成改造任务"):
        assert hands_down(text, parse_times(text, BASE)[0], limit=False)


def test_the_days_off_a_holiday_notice_announces_hand_nothing_down():
    text = "一、4月4日至6日放假调休，共3天。请教务处做好课程调整工作。"
    x = parse_times(text, BASE)[0]
    assert not hands_down(text, x, limit=False)
    text = "一、4月4日至6日开展安全检查。请各单位做好准备。"
    assert hands_down(text, parse_times(text, BASE)[0], limit=False)
