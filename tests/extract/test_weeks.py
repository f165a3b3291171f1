import datetime as dt

import pytest

from luoshi.extract import extract
from luoshi.extract.weeks import cell_times, first_week_end, term_start, week_end, week_lines, week_numbers

BASE = dt.date(2027, 2, 20)


@pytest.mark.parametrize(
    "cell,weeks",
    [
        ("第一周", (1, 1)),
        ("第 5 周", (5, 5)),
        ("第3-4周", (3, 4)),
        ("第十至十一周", (10, 11)),
        ("第二周（3月8日-3月14日）", (2, 2)),
        ("第一周工作", None),
        ("第一批", None),
        ("每周", None),
    ],
)
def test_week_numbers(cell, weeks):
    assert week_numbers(cell) == weeks


@pytest.mark.parametrize(
    "text,day",
    [
        ("本学期9月1日开学，请各处室做好准备。", dt.date(2027, 9, 1)),
        ("开学时间：2月24日。", dt.date(2027, 2, 24)),
        ("3月1日（星期一）正式上课", dt.date(2027, 3, 1)),
        ("9月1日召开全体教师会议", None),
        ("2月15日教师报到，2月17日学生报到注册", dt.date(2027, 2, 17)),
        ("9月1日（星期三）全体学生返校", dt.date(2027, 9, 1)),
        ("3月1日幼儿入园", dt.date(2027, 3, 1)),
    ],
)
def test_term_start(text, day):
    assert term_start(text, BASE) == day


def test_week_one_ends_on_the_sunday_of_the_term_start_or_as_a_dated_row_says():
    # 2027-09-01 is a Wednesday: week one ends on Sunday the 5th
    assert first_week_end([], "9月1日开学", BASE) == dt.date(2027, 9, 5)
    # a row of week 3 ending on 21 March puts week one's end on 7 March
    assert first_week_end([(3, dt.date(2027, 3, 21))], "", BASE) == dt.date(2027, 3, 7)
    assert first_week_end([], "没有日期", BASE) is None
    assert week_end(dt.date(2027, 9, 5), 4) == dt.date(2027, 9, 26)


def _dated(text: str) -> list[tuple[str, list[str], dt.date | None]]:
    return [
        (i.text, [o.mention for o in i.owners], i.deadline.date if i.deadline else None)
        for i in extract(text, base_date=BASE).items
    ]


def test_rows_under_a_weeks_row_take_its_last_day():
    text = (
        "周次 | 起止日期 | 主要工作 | 责任处室 |\n"
        "第一周 | 3月1日-3月7日 | 组织学生报到注册 | 教务处、学生处 |\n"
        " |  | 召开新学期全体教师大会 | 校长办公室 |\n"
        "第二周 | 3月8日-3月14日 | 开展开学安全大检查 | 保卫处 |\n"
        " | 3月12日 | 植树节义务植树活动 | 团委 |\n"
    )
    assert _dated(text) == [
        ("组织学生报到注册", ["教务处", "学生处"], dt.date(2027, 3, 7)),
        ("召开新学期全体教师大会", ["校长办公室"], dt.date(2027, 3, 7)),
        ("开展开学安全大检查", ["保卫处"], dt.date(2027, 3, 14)),
        ("植树节义务植树活动", ["团委"], dt.date(2027, 3, 12)),
    ]


def test_a_weeks_row_without_work_dates_the_rows_below_it():
    text = (
        "起止日期 | 主要工作 | 责任处室 |\n"
        "第一周 | 3月1日-3月7日 |  |\n"
        " | 组织学生报到注册 | 教务处 |\n"
        "3月5日 | 召开学期行政工作会议 | 校长办公室 |\n"
        "第二周 | 3月8日-3月14日 |  |\n"
        " | 开展开学安全大检查 | 保卫处 |\n"
    )
    assert [d for _, _, d in _dated(text)] == [dt.date(2027, 3, 7), dt.date(2027, 3, 5), dt.date(2027, 3, 14)]


def test_weeks_without_dates_are_placed_from_the_term_start():
    text = (
        "某小学秋季学期校历安排\n本学期9月1日开学。\n"
        "周次\t主要工作\t负责部门\n"
        "第1周\t新生入学教育和开学典礼\t德育处\n"
        "第3周\t召开全校学生家长会议\t德育处、各年级组\n"
        "第4-5周\t开展国庆假期安全教育\t安全办\n"
    )
    got = _dated(text)
    assert [d for _, _, d in got] == [dt.date(2027, 9, 5), dt.date(2027, 9, 19), dt.date(2027, 10, 3)]
    assert got[1][1] == ["德育处", "各年级组"]


def test_a_week_the_text_cannot_place_is_left_undated():
    text = (
        "周次\t主要工作\t负责部门\n第1周\t新生入学教育和开学典礼\t德育处\n第2周\t制定各学科教学计划\t教导处\n"
    )
    assert [d for _, _, d in _dated(text)] == [None, None]


@pytest.mark.parametrize(
    "cell,day",
    [
        ("2.10—2.16", dt.date(2027, 2, 16)),
        ("2. 24—3.2", dt.date(2027, 3, 2)),
        ("12.28-1.3", dt.date(2028, 1, 3)),
        ("3.12", dt.date(2027, 3, 12)),
        ("3月1日-3月7日", dt.date(2027, 3, 7)),
        ("9/1-9/7", dt.date(2027, 9, 7)),
        ("2027.9.1-2027.9.7", dt.date(2027, 9, 7)),
        ("9.1-9.7日", dt.date(2027, 9, 7)),
        ("2027-9-6—2027-9-10", dt.date(2027, 9, 10)),
        ("2027.12", dt.date(2027, 12, 31)),  # a year and a month: by the month's end
        ("2027.9-2027.12", dt.date(2027, 12, 31)),  # a range of months: by its end
        ("2027/06底前", dt.date(2027, 6, 30)),
    ],
)
def test_dotted_dates_of_a_calendar_cell(cell, day):
    found = cell_times(cell, BASE)
    assert [x.date for x in found] == [day] and found[0].phrase == cell


def test_a_bare_number_names_a_week_only_in_the_week_column():
    assert week_numbers("3", column=True) == (3, 3)
    assert week_numbers("3-4", column=True) == (3, 4)
    assert week_numbers("3") is None


def test_a_spaced_header_with_numbered_weeks_and_dotted_dates():
    text = (
        "周 次 | 日 期 | 内 容 |\n"
        "1 | 2. 8—2.14 | 各校组织学生返校报到注册。 |\n"
        "2 | 2.15—2.21 | 开展春季开学安全检查; 组织教师业务培训。 |\n"
    )
    assert [d for _, _, d in _dated(text)] == [dt.date(2027, 2, 14), dt.date(2027, 2, 21)]


def test_a_week_line_heads_and_dates_the_tasks_listed_under_it():
    text = (
        "某中学秋季学期工作安排\n"
        "第一周（9月1日—9月5日）\n1.召开全体教职工大会。\n2.组织新生入学教育。\n"
        "第二周（9.6-9.12）\n1.开展教师节庆祝活动。\n2.完成各科教学计划。\n"
    )
    assert [(t, d) for t, _, d in _dated(text)] == [
        ("1.召开全体教职工大会", dt.date(2027, 9, 5)),
        ("2.组织新生入学教育", dt.date(2027, 9, 5)),
        ("1.开展教师节庆祝活动", dt.date(2027, 9, 12)),
        ("2.完成各科教学计划", dt.date(2027, 9, 12)),
    ]


def test_week_lines_without_dates_are_counted_from_the_term_start():
    got = week_lines("本学期9月1日开学。\n第三周：\n1.召开家长会。\n第5-6周\n1.组织期中考试。\n", BASE)
    assert [(x.phrase, x.date) for _, x in got] == [
        ("第三周", dt.date(2027, 9, 19)),
        ("第5-6周", dt.date(2027, 10, 10)),
    ]
    assert week_lines("第三周：\n1.召开家长会。\n", BASE) == []


def test_a_week_plans_title_with_its_dates_beside_or_under_it_dates_every_entry():
    text = (
        "第二周工作计划\n2027-9-6—2027-9-10\n一、行政工作:\n1、讨论完善园务计划、行事历等。\n"
        "二、常规工作:\n1、各班创设自然角,周五巡查。\n2、各班照常组织延时托管活动。\n"
    )
    assert [d for _, _, d in _dated(text)] == [dt.date(2027, 9, 10)] * 3
    got = week_lines("第4周园务计划（3月6日——3月10日）\n1.各班组织春游。\n", BASE)
    assert [x.date for _, x in got] == [dt.date(2027, 3, 10)]
    # a title whose next line is a sentence, not dates, is placed only by a term start the text states
    assert week_lines("第二周工作计划\n本周各班要做好开学准备。\n", BASE) == []


@pytest.mark.parametrize(
    "title",
    [
        "第二周（9.6-9.10）工作安排",  # the plan's words after its dates
        "第二周 9月6日—9月10日",  # dates without brackets
        "第2周工作安排：9月6日—9月10日",
        "某某幼儿园第二周园务计划\n（9月6日——9月10日）",  # who plans, before the week
        "第二周工作计划\n2027年9月6日-9月10日",
    ],
)
def test_the_forms_a_week_plans_title_takes(title):
    assert [x.date for _, x in week_lines(title + "\n1.各班组织开展活动。\n", BASE)] == [dt.date(2027, 9, 10)]


def test_a_line_that_only_mentions_a_week_or_a_single_day_is_no_week_plan_title():
    assert week_lines("本学期第三周\n1.各班组织开展活动。\n", BASE) == []
    assert week_lines("第二周工作计划\n2027-9-6\n1.各班组织开展活动。\n", BASE) == []
