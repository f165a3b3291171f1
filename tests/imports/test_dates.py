"""完成时限 cells: dates, numeric spellings, the engine's phrases, cadences and 长期."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.imports import dates
from luoshi.imports.dates import parse_due, read_period, reference_of, unkept

TODAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2026年3月底前", dt.date(2026, 3, 31)),
        ("2026.3.31", dt.date(2026, 3, 31)),
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2026/3/31", dt.date(2026, 3, 31)),
        ("2026年6月30日", dt.date(2026, 6, 30)),
        ("2026年12月", dt.date(2026, 12, 31)),
        ("2026.3", dt.date(2026, 3, 31)),
        ("3月底", dt.date(2026, 3, 31)),
        ("第一季度", dt.date(2026, 3, 31)),
        ("年底前", dt.date(2026, 12, 31)),
        (dt.datetime(2026, 4, 1, 0, 0), dt.date(2026, 4, 1)),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 2)),
        (46112, dt.date(2026, 3, 31)),  # an Excel day number
    ],
)
def test_dates(cell, date):
    assert parse_due(cell, TODAY).date == date


def test_a_monthly_report_is_a_cadence_not_a_date():
    due = parse_due("每月25日前", TODAY)
    assert due.cadence == "monthly:25" and due.date is None and due.understood


@pytest.mark.parametrize("cell", ["长期坚持", "持续推进", "长期"])
def test_ongoing_work_has_no_date(cell):
    due = parse_due(cell, TODAY)
    assert due.ongoing and due.date is None and due.understood


def test_what_is_not_a_date_is_said_so():
    due = parse_due("按上级要求", TODAY)
    assert not due.understood and due.phrase == "按上级要求"
    assert parse_due("", TODAY).understood and parse_due(None, TODAY).phrase == ""


def test_impossible_numbers_are_not_dates():
    assert parse_due("2026.13.01", TODAY).date is None
    assert parse_due("2026.2.30", TODAY).date is None
    assert parse_due(12, TODAY).date is None  # a count, not an Excel date


FILED_ON = dt.date(2026, 2, 28)  # a ledger titled 2026年… filled in on 2026年2月28日, imported in December


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("3月底前", dt.date(2026, 3, 31)),  # the ledger's March, as 第一季度 is
        ("第一季度", dt.date(2026, 3, 31)),
        ("1月底前", dt.date(2026, 1, 31)),  # past already when filled in: kept in its year, not the next
        ("上半年", dt.date(2026, 6, 30)),
        ("年底前", dt.date(2026, 12, 31)),
        ("2027年1月底前", dt.date(2027, 1, 31)),
        ("10个工作日内", dt.date(2026, 3, 13)),  # counted from the day it was filled in
    ],
)
def test_a_phrase_without_its_year_is_read_in_the_ledgers_year(cell, date):
    assert parse_due(cell, FILED_ON).date == date


def test_every_quarter_is_a_quarterly_report_not_ongoing_work():
    due = parse_due("每季度末", FILED_ON)
    assert (due.cadence, due.date, due.ongoing, due.understood) == ("quarterly", None, False, True)


TOP = [
    ["干部一科2026年重点工作任务推进台账", "", ""],
    ["填报单位（盖章）：干部一科", "", "填报日期：2026年2月28日"],
    ["序号", "重点任务", "牵头单位"],
]
UPLOADED = dt.date(2026, 12, 5)


def test_the_reference_is_the_filed_date_then_the_titles_year_then_the_upload():
    filed = reference_of(TOP, "", [], UPLOADED)
    assert (filed.date, filed.label) == (FILED_ON, "按表中填报日期2026年2月28日推算")
    in_a_cell = reference_of([["填报日期：", dt.date(2026, 3, 2)]], "", [], UPLOADED)
    assert in_a_cell.date == dt.date(2026, 3, 2)
    blank = [TOP[0], ["填报日期：    年  月  日"]]
    titled = reference_of(blank, "", [], UPLOADED)
    assert (titled.date, titled.source, titled.label) == (
        dt.date(2026, 1, 1),
        "title",
        "按标题中的2026年推算",
    )
    sheet = reference_of([["工作台账"]], "", ["2025年重点任务", "台账.xlsx"], UPLOADED)
    assert sheet.date == dt.date(2025, 1, 1)
    word = reference_of([], "关于印发任务分解表的通知\n市委组织部干部一科\n2026年2月20日", [], UPLOADED)
    assert (word.date, word.source) == (dt.date(2026, 2, 20), "filed")
    none = reference_of([["工作台账"]], "", ["台账.xlsx"], UPLOADED)
    assert none.label == "按上传日期2026年12月5日推算（表中没有填报日期或年份）"


def test_a_plan_for_next_year_filed_in_december_reads_its_phrases_in_the_year_of_its_title():
    top = [["干部一科2027年重点工作任务台账"], ["填报单位：干部一科    填报日期：2026年12月7日"]]
    reference = reference_of(top, "", [], UPLOADED)
    assert (reference.date, reference.year) == (dt.date(2026, 12, 7), 2027)
    assert reference.label == "按标题中的2027年推算（填报日期2026年12月7日）"
    assert parse_due("6月底前", reference.date, year=reference.year).date == dt.date(2027, 6, 30)
    assert parse_due("10个工作日内", reference.date, year=reference.year).date == dt.date(2026, 12, 21)
    assert parse_due("年内", reference.date, year=reference.year).date == dt.date(2027, 12, 31)
    assert parse_due("下半年", reference.date, year=reference.year).date == dt.date(2027, 12, 31)
    assert parse_due("下月底前", reference.date, year=reference.year).date == dt.date(2027, 1, 31)
    assert parse_due("3个月内", reference.date, year=reference.year).date == dt.date(2027, 3, 7)
    # a title naming an earlier year (the meeting carried out) does not move the filed year back
    assert parse_due("6月底前", FILED_ON, year=2025).date == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("cell", "cadence", "kept"),
    [
        ("月报", "monthly:31", True),  # as 每月 reads
        ("周报", "weekly:5", True),  # as 每周 reads
        ("季报", "quarterly", True),
        ("不定期", "none", True),  # luoshi's 不定期
        ("随时", "none", True),
        ("随时报送", "none", True),
        ("每两周", None, False),  # no cadence value: the plan says so (test_services)
        ("每半月", None, False),
        ("半月报", None, False),  # not 月报
        ("每月报送", "monthly:31", True),
        ("看情况", None, True),
    ],
)
def test_the_words_ledgers_write_in_a_cadence_cell(cell, cadence, kept):
    assert read_period(cell, TODAY) == cadence
    assert unkept(cell) is not kept


def test_a_cell_longer_than_any_date_phrase_never_reaches_the_time_parser(monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(dates, "parse_times", lambda text, *a, **k: seen.append(len(text)) or [])
    assert read_period("周报" * 5000, dt.date(2026, 12, 7)) is None
    assert dates.read_cadence("每月25日前报送" * 100, dt.date(2026, 12, 7)) is None
    due = parse_due("每周" * 5000, dt.date(2026, 12, 7))
    assert not due.understood and due.date is None
    assert max(seen, default=0) <= dates.LONGEST_PHRASE
