"""Reading a year's sheet: the date spellings admins use, weekend rows of a break, the template."""

import datetime as dt

import pytest

from luoshi.core import reading
from luoshi.workdays.choices import DayKind
from luoshi.workdays.imports import parse_year_sheet, template_workbook
from tests.core.ledgers import part_rewritten, upload
from tests.workdays.helpers import sheet

D = dt.date


def test_dates_may_be_excel_dates_or_text():
    parsed = parse_year_sheet(
        upload(
            sheet(
                [dt.datetime(2027, 1, 1), "放假", "元旦"],
                ["2027/2/5", "放假", "春节"],
                ["2027年2月8日", "休", "春节"],
                ["2027-2-20", "调休上班", "春节"],
            ),
            "节假日安排.xlsx",
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
        upload(
            sheet(
                ["2027-10-01", "放假", "国庆节"],
                ["2027-10-02", "放假", "国庆节"],
                ["2027-10-03", "放假", "国庆节"],
            ),
            "节假日安排.xlsx",
        ),
        2027,
    )
    assert parsed.errors == [] and len(parsed.days) == 1 and parsed.skipped == 2


def test_blank_rows_are_ignored():
    parsed = parse_year_sheet(
        upload(
            sheet(["2027-10-01", "放假", ""], [None, None, None], ["2027-10-04", "放假", ""]),
            "节假日安排.xlsx",
        ),
        2027,
    )
    assert parsed.errors == [] and len(parsed.days) == 2


def test_the_template_is_itself_a_valid_import():
    parsed = parse_year_sheet(upload(template_workbook(2027), "节假日安排.xlsx"), 2027)
    assert parsed.errors == []
    assert [d.date for d in parsed.days] == [D(2027, 1, 1), D(2027, 10, 1)]


@pytest.mark.parametrize(
    "rewrite, part, expected",
    [
        (
            lambda body: body[: len(body) // 2],
            "xl/workbook.xml",
            "文件不是有效的Excel工作簿（.xlsx），请用模板填写后上传",
        ),
        (
            lambda body: body.replace(b"</row>", b"</row>" + b" " * 20_000_000, 1),
            "xl/worksheets/sheet1.xml",
            "“节假日安排.xlsx”的压缩比异常（疑似压缩炸弹），已拒绝",
        ),
    ],
)
def test_the_attack_a_broken_or_bombed_workbook_is_refused_in_chinese_before_it_is_read(
    rewrite, part, expected
):
    """The cut description answered 500 (lxml's XMLSyntaxError); the blanks, a few kilobytes deflated, were
    read through as a sheet."""
    data = part_rewritten(sheet(["2027-10-01", "放假", "国庆节"]), rewrite, part)
    assert parse_year_sheet(upload(data, "节假日安排.xlsx"), 2027).errors == [expected]


def test_an_old_xls_is_told_to_be_saved_as_xlsx():
    old = upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "节假日安排.xls")
    assert parse_year_sheet(old, 2027).errors == [
        "暂不支持旧版格式“.xls”。请在Office或WPS中打开“节假日安排.xls”，另存为 .xlsx 后重新上传"
    ]


def test_the_attack_a_sheet_of_more_rows_than_an_import_takes_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    data = sheet(*[["2027-10-01", "放假", "国庆节"]] * 50)
    assert parse_year_sheet(upload(data, "节假日安排.xlsx"), 2027).errors == [
        "工作表“Sheet”超过10行，一次最多导入10行。请按单位或月份拆分后分批导入"
    ]
