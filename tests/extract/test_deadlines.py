import datetime as dt

import pytest

from luoshi.extract.deadlines import add_working_days, document_date, parse_times
from luoshi.extract.workdays import weekends_only

BASE = dt.date(2026, 3, 18)


def one(text: str, base: dt.date = BASE):
    found = parse_times(text, base)
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    "text,date",
    [
        ("2026年5月20日前完成", dt.date(2026, 5, 20)),
        ("6月30日前建立", dt.date(2026, 6, 30)),
        ("3月底前完成", dt.date(2026, 3, 31)),
        ("三月底", dt.date(2026, 3, 31)),
        ("十二月底前", dt.date(2026, 12, 31)),
        ("月底前报送", dt.date(2026, 3, 31)),
        ("下月底前", dt.date(2026, 4, 30)),
        ("在本月17 日之前将汇报材料交市创卫办", dt.date(2026, 3, 17)),
        ("下月5日前报送", dt.date(2026, 4, 5)),
        ("2026 年 6 月 1 日至 30 日", dt.date(2026, 6, 30)),  # a PDF's text spaces its dates
        ("2026 年 6 月 30 日前", dt.date(2026, 6, 30)),
        ("（7 月中旬）", dt.date(2026, 7, 20)),  # not 月中旬 of the base month
        ("（6 月全月）", dt.date(2026, 6, 30)),  # the whole month: by its end
        ("4月5-7日放假调休", dt.date(2026, 4, 7)),
        ("年底前", dt.date(2026, 12, 31)),
        ("年内", dt.date(2026, 12, 31)),
        ("明年3月底前", dt.date(2027, 3, 31)),
        ("上半年完成", dt.date(2026, 6, 30)),
        ("下半年", dt.date(2026, 12, 31)),
        ("第三季度完成", dt.date(2026, 9, 30)),
        ("一季度末", dt.date(2026, 3, 31)),
        ("两周内完成", dt.date(2026, 4, 1)),
        ("3周内", dt.date(2026, 4, 8)),
        ("10日内", dt.date(2026, 3, 28)),
        ("30天内", dt.date(2026, 4, 17)),
        ("国庆前", dt.date(2026, 9, 30)),
        ("“十一”之前", dt.date(2026, 9, 30)),
        ("“五一”前", dt.date(2026, 4, 30)),
        ("本月", dt.date(2026, 3, 31)),
        ("2028年前完成", dt.date(2028, 12, 31)),
        ("到2028年，建成", dt.date(2028, 12, 31)),
        ("到2027年3月，完成", dt.date(2027, 3, 31)),
        ("12月28日至1月3日开展巡查", dt.date(2027, 1, 3)),
        ("请于今日下午5时前上报灾情", BASE),
        ("今天下班前报送值班表", BASE),
        ("于今日18:00時前上报", BASE),
        ("明日上午10点前报到", dt.date(2026, 3, 19)),
        ("将在下个月进行全面升级", dt.date(2026, 4, 30)),
    ],
)
def test_deadlines(text, date):
    te = one(text)
    assert (te.kind, te.date, te.placeholder) == ("deadline", date, False)


@pytest.mark.parametrize(
    "text,base,date",
    [
        ("元旦前完成", dt.date(2026, 6, 1), dt.date(2026, 12, 31)),  # the eve of the next 元旦, this year's
        ("元旦前完成", dt.date(2026, 12, 10), dt.date(2026, 12, 31)),
        ("国庆节前完成", dt.date(2026, 12, 10), dt.date(2027, 9, 30)),
        ("在春节来临之前慰问一次军烈属", dt.date(2026, 12, 10), dt.date(2027, 2, 5)),
        ("国庆节到来之前完成", BASE, dt.date(2026, 9, 30)),
        ("劳动节前夕完成", BASE, dt.date(2026, 4, 30)),
        ("在清明节来临之前搞好宣传", dt.date(2022, 1, 5), dt.date(2022, 4, 4)),  # 清明 on 5 April that year
        ("清明前完成", BASE, dt.date(2026, 4, 4)),
        ("清明节前完成", dt.date(2024, 4, 10), dt.date(2025, 4, 3)),  # the next one, on the 4th
    ],
)
def test_a_holiday_dates_its_eve_however_the_eve_is_phrased(text, base, date):
    te = one(text, base)
    assert (te.kind, te.date) == ("deadline", date)


def test_working_days_follow_the_official_calendar():
    # 2026-04-28 + 5 working days crosses 劳动节 (5/1-5/5) and the 5/9 调休 Saturday
    assert one("5个工作日内", dt.date(2026, 4, 28)).date == dt.date(2026, 5, 8)
    assert add_working_days(dt.date(2026, 4, 28), 10) == dt.date(2026, 5, 14)


def test_working_days_for_an_unknown_year_count_weekends_only():
    assert add_working_days(dt.date(2031, 1, 3), 1) == dt.date(2031, 1, 6)


def test_working_days_use_an_injected_calendar():
    holidays = {dt.date(2026, 3, 19)}
    assert add_working_days(BASE, 1, lambda d: d not in holidays and d.weekday() < 5) == dt.date(2026, 3, 20)

    def broken(_):
        raise RuntimeError("db down")

    assert add_working_days(BASE, 1, broken) == dt.date(2026, 3, 19)
    assert weekends_only(dt.date(2026, 3, 21)) is False


@pytest.mark.parametrize(
    "text,cadence",
    [
        ("每月5日前报送", "monthly:5"),
        ("每月底", "monthly:31"),
        ("每周一调度", "weekly:1"),
        ("每周五前报送", "weekly:5"),
        ("每个工作日", "workdays:1"),
        ("每季度通报", "quarterly"),
    ],
)
def test_cadences(text, cadence):
    te = one(text)
    assert (te.kind, te.cadence) == ("cadence", cadence)


def test_start_dates():
    assert one("从4月份开始").date == dt.date(2026, 4, 1)
    assert one("自2026年5月1日起").date == dt.date(2026, 5, 1)
    te = one("从X月份开始")
    assert te.kind == "start" and te.placeholder


@pytest.mark.parametrize(
    "text",
    [
        "今年X月份内",
        "X月XX日前",
        "xx月底前",
        "XX个工作日内",
        "20xx年X月底前",
        "201x年5月2日至5月31日",
        "20__年4月1日",
    ],
)
def test_placeholders_are_flagged_never_guessed(text):
    te = one(text)
    assert te.placeholder and te.date is None


@pytest.mark.parametrize("text", ["长期坚持", "持续推进"])
def test_ongoing_has_no_date(text):
    te = one(text)
    assert te.kind == "ongoing" and te.date is None


@pytest.mark.parametrize(
    "text",
    [
        "去年6月底完成了",
        "安全第一",
        "第八次会议",
        "公示5个工作日",
        "在月底的工作汇总中奖励分数",
        "开展明年前期工作",
        "做好2027年前期准备",
        "三季度是全年的冲刺阶段",
    ],
)
def test_not_deadlines(text):
    assert not [t for t in parse_times(text, BASE) if t.kind == "deadline"]


def test_offsets_point_into_the_text():
    text = "各科室要在6月底前完成。"
    te = parse_times(text, BASE, offset=100)[0]
    assert text[te.start - 100 : te.end - 100] == te.phrase == "6月底前"


def test_document_date_from_header():
    assert document_date("讲话\n（2026年2月26日）\n同志们：") == dt.date(2026, 2, 26)
    assert document_date("没有日期") is None


def test_never_crashes_on_impossible_dates():
    assert parse_times("2月30日前，13月底前，0月1日", BASE) is not None


def test_month_ranges_end_with_their_last_month():
    assert one("2026年3月—11月").date == dt.date(2026, 11, 30)
    assert one("4月至10月").date == dt.date(2026, 10, 31)


@pytest.mark.parametrize(
    "text",
    [
        "30日内完成",
        "10个工作日内报送",
        "下月底前完成",
        "明年6月底前完成",
        "下周五前报送",
        "每月5日前报送",
        "春节前完成",
        "3月底前完成",
    ],
)
def test_a_deadline_past_the_last_date_python_knows_is_no_deadline_not_a_crash(text):
    found = parse_times(text, dt.date(9999, 12, 31))
    assert all(t.date is None or t.date <= dt.date.max for t in found)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("三年内完成", dt.date(2028, 12, 31)),
        ("2025年起3年内完成", dt.date(2027, 12, 31)),
        ("两年内建成", dt.date(2027, 12, 31)),
        ("2027年底前建成", dt.date(2027, 12, 31)),
        ("全年", dt.date(2026, 12, 31)),
        ("年中前完成", dt.date(2026, 6, 30)),
        ("春节前完成", dt.date(2027, 2, 5)),
        ("(2017年7月18日至 2017年7月25日)", dt.date(2017, 7, 25)),
        ("用两年时间完成改造", dt.date(2027, 12, 31)),
        ("2027年起用3年左右时间建成", dt.date(2029, 12, 31)),
        ("要在2026—2028年完成", dt.date(2028, 12, 31)),
        ("到年中完成", dt.date(2026, 6, 30)),
        ("在剩下的半年时间里加快进度", dt.date(2026, 12, 31)),
        ("后半年集中攻坚", dt.date(2026, 12, 31)),
        ("前半年完成招标", dt.date(2026, 6, 30)),
        ("“十四五”期间建成", dt.date(2025, 12, 31)),
        ("十五五末实现", dt.date(2030, 12, 31)),
    ],
)
def test_durations_spans_and_named_periods(text, expected):
    assert one(text).date == expected


def test_a_cadence_and_running_text_are_not_the_year_end():
    assert [t.kind for t in parse_times("每年开展一次", BASE)] == ["cadence"]
    assert not parse_times("确保全年有个好收成", BASE)
    assert [t.kind for t in parse_times("每半年报告一次", BASE)] == ["cadence"]
    # a plan's period named in its title, a mid-year review: no deadline
    assert not parse_times("《发展规划（2021—2025年）》", BASE)
    assert not parse_times("开展年中考核", BASE)


@pytest.mark.parametrize(
    "text",
    [
        "寒假前完成",
        "暑假开始前报送",
        "限期整改",
        "学期末完成",
        "开学前到位",
        "比赛结束三日内上交",
        "培训结束后5个工作日内报送",
    ],
)
def test_unplaceable_phrases_are_flagged_never_guessed(text):
    found = parse_times(text, BASE)
    assert [t.kind for t in found] == ["unplaced"] and found[0].date is None


def test_a_yearly_end_is_a_cadence_and_a_bare_month_of_a_narrative_no_deadline():
    assert [(x.kind, x.cadence) for x in parse_times("每年底前报送总结", BASE)] == [("cadence", "none")]
    assert parse_times("2026年6月，全市完成", BASE) == []


def test_a_month_spoken_of_as_a_period_ends_with_it():
    assert one("2015年3月期间").date == dt.date(2015, 3, 31)  # 二、活动时间\n2015年3月期间
    assert one("6月期间各支部要开展学习").date == dt.date(2026, 6, 30)


def test_a_span_counted_from_the_document_is_placed():
    assert one("方案印发后15个工作日内报送").kind == "deadline"
    assert one("本通知下发后10日内报送").date == BASE + dt.timedelta(days=10)


@pytest.mark.parametrize(
    "text,date",
    [
        ("3月上旬—4月", dt.date(2026, 4, 30)),  # a range ends at its end, wherever it starts
        ("3月下旬-5月完成", dt.date(2026, 5, 31)),
        ("3月中旬至4月中旬", dt.date(2026, 4, 20)),
        ("6-7月", dt.date(2026, 7, 31)),  # a range of months written once: 6～7月, 六至七月, 10-12月份
        ("6～7月", dt.date(2026, 7, 31)),
        ("六至七月", dt.date(2026, 7, 31)),
        ("2026年10-12月份", dt.date(2026, 12, 31)),
        ("4月中下旬前", dt.date(2026, 4, 30)),  # two parts of a month: the later one's end
        ("4月上中旬", dt.date(2026, 4, 20)),
    ],
)
def test_ranges_and_parts_of_months(text, date):
    x = one(text)
    assert (x.kind, x.date, x.phrase) == ("deadline", date, text.removesuffix("完成"))


def test_a_decimal_or_a_count_of_months_is_no_range():
    assert parse_times("增长3.5-4月", BASE) == []
    assert parse_times("用3-5个月时间", BASE) == []


@pytest.mark.parametrize(
    "text,date",
    [
        ("本周四下班前", dt.date(2026, 3, 19)),  # the day named, not the week's Friday
        ("下周一前", dt.date(2026, 3, 23)),
        ("本周内", dt.date(2026, 3, 20)),
        ("周五前", dt.date(2026, 3, 20)),  # this week's, or next week's once it is past
        ("星期二前", dt.date(2026, 3, 24)),
        ("半个月内", dt.date(2026, 4, 2)),  # fifteen days, not the month's end
    ],
)
def test_days_of_a_week_and_half_a_month(text, date):
    assert one(text).date == date  # BASE is a Wednesday


def test_a_bare_weekday_or_a_past_one_is_no_deadline():
    assert parse_times("周三下午全体教师集中", BASE) == []
    assert parse_times("上周五前", BASE) == []
    assert one("每周五前").kind == "cadence"


def test_this_or_next_quarter_ends_with_the_base_dates_quarter_or_the_next():
    assert one("本季度内").date == dt.date(2026, 3, 31)
    assert one("下季度末前").date == dt.date(2026, 6, 30)
    assert one("本季度内", dt.date(2026, 11, 2)).date == dt.date(2026, 12, 31)
    assert one("下季度末", dt.date(2026, 11, 2)).date == dt.date(2027, 3, 31)
    assert parse_times("将本季度进展情况报区政府办公室", BASE) == []


def test_a_day_range_without_its_month_ends_on_its_last_day_of_the_month():
    assert one("第二阶段（7日——18日）", dt.date(2026, 3, 1)).date == dt.date(2026, 3, 18)
    assert one("21日至25日", dt.date(2026, 3, 1)).date == dt.date(2026, 3, 25)
    assert parse_times("18日召开", dt.date(2026, 3, 1)) == []  # a bare day is no limit


@pytest.mark.parametrize(
    "text,date",
    [
        ("请于2026.4.15前报送", dt.date(2026, 4, 15)),
        ("请于2026-04-15之前报送", dt.date(2026, 4, 15)),
        ("2026/4/5日前", dt.date(2026, 4, 5)),
        ("2026-9-11—2026-9-15", dt.date(2026, 9, 15)),  # a range in figures: until its last day
        ("2026-9-11至9-15", dt.date(2026, 9, 15)),
    ],
)
def test_a_date_written_in_figures(text, date):
    assert one(text).date == date


@pytest.mark.parametrize("text", ["2024-2026年", "电话0571-8888-1234", "2026.13.5", "第1.2.3条"])
def test_figures_that_are_no_date(text):
    assert not [x for x in parse_times(text, BASE) if x.kind == "deadline"]


@pytest.mark.parametrize(
    "text", ["20*年11月末完成", "20**年3月底前", "20＊＊年6月30日前", "X年3月12日前", "XX年4月15日—5月15日"]
)
def test_a_templates_year_in_stars_leaves_the_date_a_placeholder(text):
    x = one(text)
    assert x.placeholder and x.date is None


def test_a_month_in_brackets_of_its_own_is_the_period_of_what_it_follows():
    assert one("（一）动员部署阶段（4月）").date == dt.date(2026, 4, 30)
    assert one("（2026年5月份）").date == dt.date(2026, 5, 31)
    assert not [x for x in parse_times("（4月的工作）", BASE) if x.kind == "deadline"]


@pytest.mark.parametrize(
    "text,date",
    [
        ("请于930之前将所有建议交党委宣传部", dt.date(2026, 9, 30)),
        ("于76日之前报教务处", dt.date(2026, 7, 6)),  # 76 is no day of a month
        ("并于45前将值班表交到院办", dt.date(2026, 4, 5)),
        ("1230前", dt.date(2026, 12, 30)),
    ],
)
def test_a_month_and_day_run_together_when_a_page_lost_its_month(text, date):
    assert one(text).date == date


@pytest.mark.parametrize("text", ["2020前", "112前", "100前", "排名前10", "3015前"])
def test_numbers_run_together_only_when_one_split_alone_makes_a_date(text):
    assert not parse_times(text, BASE)


def test_a_day_with_its_character_is_a_day_of_the_month_never_a_month_run_together():
    assert one("于25日前报送").date == dt.date(2026, 3, 25)


def test_the_minutes_of_an_hour_are_no_month_and_day_run_together():
    (x,) = parse_times("请于7月13日下午2点15前到会议室参会", dt.date(2017, 7, 1))
    assert x.date == dt.date(2017, 7, 13)


def test_a_month_a_project_step_names_is_dated_by_the_month_end():
    found = parse_times("预计2022年12月开工建设,2023年5月竣工", dt.date(2022, 11, 1))
    assert [x.date for x in found] == [dt.date(2022, 12, 31), dt.date(2023, 5, 31)]
    assert parse_times("2023年5月,全镇召开了动员会", dt.date(2022, 11, 1)) == []


@pytest.mark.parametrize(
    "text,date",
    [
        ("各单位要在6月份完成自查，15日前将自查报告报送县委办", dt.date(2026, 6, 15)),
        ("于十一月组织培训，20日前报送培训情况", dt.date(2026, 11, 20)),
        ("2027年2月开始试点，10日前报送方案", dt.date(2027, 2, 10)),
    ],
)
def test_a_bare_day_takes_the_month_the_paragraph_named_before_it(text, date):
    assert [x.date for x in parse_times(text, BASE) if x.phrase.endswith("日前")] == [date]


def test_a_bare_day_after_a_cadence_or_another_paragraph_keeps_the_base_month():
    assert one("每月15日前报送").kind == "cadence"
    assert parse_times("6月份完成自查。\n请于20日前报送", BASE)[-1].date == dt.date(2026, 3, 20)
    assert parse_times("用三个月时间整治，15日前报送", BASE)[-1].date == dt.date(2026, 4, 15)
