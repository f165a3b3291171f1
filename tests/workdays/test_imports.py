"""Reading a year's sheet: the date spellings admins use, weekend rows of a break, the template."""

import datetime as dt

from luoshi.workdays.choices import DayKind
from luoshi.workdays.imports import parse_year_sheet, template_workbook
from tests.workdays.helpers import sheet

D = dt.date


def test_dates_may_be_excel_dates_or_text():
    parsed = parse_year_sheet(
        sheet(
            [dt.datetime(2027, 1, 1), "放假", "元旦"],
            ["2027/2/5", "放假", "春节"],
            ["2027年2月8日", "休", "春节"],
            ["2027-2-20", "调休上班", "春节"],
        ),
        2027,
    )
    assert parsed.errors == []
    assert [(d.date, d.kind) for d in parsed.days] == [
        (D(2027, 1, 1), DayKind.HOLIDAY),
        (D(2027, 2, 5), DayKind.HOLIDAY),
        (D(2027, 2, 8), DayKind.HOLIDAY),
        (D(2027, 2, 20), DayKind.WORKDAY),
    ]


def test_weekend_days_of_a_break_are_skipped_not_refused():
    parsed = parse_year_sheet(
        sheet(
            ["2027-10-01", "放假", "国庆节"],
            ["2027-10-02", "放假", "国庆节"],
            ["2027-10-03", "放假", "国庆节"],
        ),
        2027,
    )
    assert parsed.errors == [] and len(parsed.days) == 1 and parsed.skipped == 2


def test_blank_rows_are_ignored():
    parsed = parse_year_sheet(
        sheet(["2027-10-01", "放假", ""], [None, None, None], ["2027-10-04", "放假", ""]), 2027
    )
    assert parsed.errors == [] and len(parsed.days) == 2


def test_the_template_is_itself_a_valid_import():
    parsed = parse_year_sheet(template_workbook(2027), 2027)
    assert parsed.errors == []
    assert [d.date for d in parsed.days] == [D(2027, 1, 1), D(2027, 10, 1)]
