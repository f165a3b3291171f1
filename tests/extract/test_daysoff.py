import datetime as dt

from luoshi.extract import extract
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


def _both(off: str, base: dt.date) -> tuple[dt.date, dt.date]:
    during, before = off + "假期期间,各单位要安排好值班。", off + "放假前,各单位要进行安全检查。"
    return (
        holiday_limit(before, base, len(off), len(before)).date,
        holiday_limit(during, base, len(off), len(during)).date,
    )


def test_a_range_whose_end_a_weekday_hides_ends_by_the_days_counted():
    off = "一、4月4日（星期五）至6日（星期日）放假调休，共3天。\n"
    assert _both(off, dt.date(2025, 3, 28)) == (dt.date(2025, 4, 3), dt.date(2025, 4, 6))
    off = "一、10月1日（星期三）至8日（星期三）放假调休，共八天。\n"
    assert _both(off, dt.date(2025, 9, 20)) == (dt.date(2025, 9, 30), dt.date(2025, 10, 8))


def test_days_off_across_the_new_year_start_in_the_year_before():
    off = "2023年12月30日(星期六)至2024年1月1日(星期一),放假共3天。\n"
    assert _both(off, dt.date(2023, 12, 25)) == (dt.date(2023, 12, 29), dt.date(2024, 1, 1))


def test_the_item_s_own_holiday_phrase_dates_it_before_the_notice_s_time_section():
    text = (
        "关于清明节放假安排的通知\n一、放假时间\n4月4日至6日放假调休，共3天。\n二、有关要求\n"
        "1.放假前，各部门要对本单位进行一次安全检查。\n2.假期期间，各部门要安排好值班。\n"
    )
    got = {i.text[:4]: i.deadline.date for i in extract(text, base_date=dt.date(2025, 3, 28)).items}
    assert got == {"1.放假": dt.date(2025, 4, 3), "2.假期": dt.date(2025, 4, 6)}


def test_a_vacation_announced_by_its_range_gives_the_days_off():
    off = "根据校历，2024年暑假时间为7月8日至8月31日。\n"
    assert _both(off, dt.date(2024, 7, 1)) == (dt.date(2024, 7, 7), dt.date(2024, 8, 31))
    off = "寒假时间是1月20日至2月25日。\n"
    text = off + "各单位要保证寒假期间有人值班。"
    assert holiday_limit(text, dt.date(2025, 1, 10), len(off), len(text)).date == dt.date(2025, 2, 25)


def test_an_item_that_opens_with_the_holiday_runs_to_its_last_day():
    text = OFF + "假期带班领导要负起责任，做好值班记录。"
    x = holiday_limit(text, BASE, len(OFF), len(text))
    assert (x.phrase, x.date) == ("假期", dt.date(2024, 4, 6))
    text = OFF + "各单位要安排好学生假期的社会实践活动。"
    assert holiday_limit(text, BASE, len(OFF), len(text)) is None
