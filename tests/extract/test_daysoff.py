import datetime as dt

from luoshi.extract.daysoff import holiday_limit

BASE = dt.date(2024, 3, 28)
OFF = "一、2024年4月4日至6日放假调休,共3天。\n"


def test_during_the_holiday_runs_to_the_last_day_off_and_before_it_to_the_eve_of_the_first():
    during = OFF + "节假日期间,各单位要安排好值班。"
    before = OFF + "在放假前,各系须组织安全教育。"
    assert holiday_limit(during, BASE, len(OFF), len(during)).date == dt.date(2024, 4, 6)
    assert holiday_limit(before, BASE, len(OFF), len(before)).date == dt.date(2024, 4, 3)


def test_no_date_without_the_days_off_or_without_the_holiday():
    assert holiday_limit("节假日期间,各单位要安排好值班。", BASE, 0, 16) is None
    text = OFF + "各单位要安排好值班。"
    assert holiday_limit(text, BASE, len(OFF), len(text)) is None


def test_a_festival_named_with_its_jie_speaks_of_the_days_off():
    text = OFF + "清明节期间,各单位要安排好值班。"
    assert holiday_limit(text, BASE, len(OFF), len(text)).date == dt.date(2024, 4, 6)


def test_days_off_counted_right_after_the_word_for_them_are_read_too():
    off = "一、中秋节（9月11日—13日）放假3天。\n"
    text = off + "中秋节期间，机房要向学生开放。"
    assert holiday_limit(text, dt.date(2011, 9, 6), len(off), len(text)).date == dt.date(2011, 9, 13)
