"""Calendar changes: the system admin only, with history, all-or-nothing imports, and the cache told."""

import datetime as dt

import pytest

from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.workdays import services
from luoshi.workdays.calendar import get_calendar
from luoshi.workdays.choices import DayKind, YearSource
from luoshi.workdays.models import CalendarYear, Holiday
from tests.core.ledgers import upload
from tests.workdays.helpers import sheet

D = dt.date
NOTICE_2027 = sheet(
    ["2027-01-01", "放假", "元旦"],
    ["2027-02-05", "放假", "春节"],
    ["2027-02-06", "放假", "春节"],
    ["2027-02-20", "调休上班", "春节"],
    ["2027-10-01", "放假", "国庆节"],
)


def rows(year):
    return list(Holiday.objects.filter(date__year=year).values_list("date", "kind", "name"))


def test_admin_marks_a_weekday_off_and_the_cached_calendar_follows_at_once(user, demo):
    assert get_calendar().is_workday(D(2026, 12, 31))  # loaded and cached before the change
    entry = services.set_day(user("admin"), D(2026, 12, 31), DayKind.HOLIDAY, " 元旦 ")
    assert (entry.kind, entry.name) == (DayKind.HOLIDAY, "元旦")
    assert entry.history.first().history_user.username == "admin"
    assert not get_calendar().is_workday(D(2026, 12, 31))
    assert get_calendar().add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 1)


def test_a_hand_edit_makes_a_library_year_the_admins(user, demo):
    services.set_day(user("admin"), D(2026, 9, 26), DayKind.WORKDAY, "国庆节")
    entry = CalendarYear.objects.get(year=2026)
    assert entry.source == YearSource.ADMIN
    assert entry.history.first().history_user.username == "admin"


def test_setting_a_day_again_replaces_its_arrangement(user, demo):
    services.set_day(user("admin"), D(2026, 10, 1), DayKind.HOLIDAY, "国庆")
    assert Holiday.objects.get(date=D(2026, 10, 1)).name == "国庆"
    assert Holiday.objects.filter(date=D(2026, 10, 1)).count() == 1


@pytest.mark.parametrize(
    "day, kind, message",
    [
        (D(2026, 11, 28), DayKind.HOLIDAY, "2026-11-28是星期六，本来就休息，无需标记为放假"),
        (D(2026, 11, 27), DayKind.WORKDAY, "2026-11-27是星期五，本来就上班，无需标记为调休上班"),
        (D(2026, 11, 27), "vacation", "未知的类型：vacation"),
        (D(1850, 1, 2), DayKind.HOLIDAY, "年份应在1900—2200之间"),
    ],
)
def test_a_day_that_is_no_exception_is_refused(user, demo, day, kind, message):
    with pytest.raises(InvalidInput) as exc:
        services.set_day(user("admin"), day, kind, "")
    assert exc.value.message == message
    assert not Holiday.objects.filter(date=day).exists()


def test_clearing_a_day_restores_the_ordinary_week(user, demo):
    services.clear_day(user("admin"), D(2026, 9, 20))  # the 调休 Sunday
    assert not get_calendar().is_workday(D(2026, 9, 20))
    assert (
        Holiday.history.filter(date=D(2026, 9, 20), history_type="-").get().history_user.username == "admin"
    )
    with pytest.raises(InvalidInput, match="2026-09-20没有放假或调休安排"):
        services.clear_day(user("admin"), D(2026, 9, 20))


def test_days_entered_for_an_unknown_year_count_but_the_year_stays_unknown_until_marked(user, demo):
    services.set_day(user("admin"), D(2027, 10, 1), DayKind.HOLIDAY, "国庆节")
    assert not get_calendar().is_workday(D(2027, 10, 1))
    assert not get_calendar().is_known(2027)
    entry = services.mark_year(user("admin"), 2027, "国办发明电〔2026〕7号")
    assert (entry.source, entry.note) == (YearSource.ADMIN, "国办发明电〔2026〕7号")
    assert get_calendar().is_known(2027)


def test_import_replaces_the_years_arrangement(user, demo):
    services.set_day(user("admin"), D(2027, 5, 3), DayKind.HOLIDAY, "劳动节")  # replaced by the file
    result = services.import_year(user("admin"), 2027, upload(NOTICE_2027, "节假日安排.xlsx"))
    assert (result.holidays, result.workdays, result.skipped) == (3, 1, 1)  # 2027-02-06 is a Saturday
    assert rows(2027) == [
        (D(2027, 1, 1), "holiday", "元旦"),
        (D(2027, 2, 5), "holiday", "春节"),
        (D(2027, 2, 20), "workday", "春节"),
        (D(2027, 10, 1), "holiday", "国庆节"),
    ]
    assert CalendarYear.objects.get(year=2027).source == YearSource.IMPORT
    cal = get_calendar()
    assert cal.is_known(2027) and cal.is_workday(D(2027, 2, 20)) and not cal.is_workday(D(2027, 10, 1))


def test_importing_over_a_library_year_drops_the_library_note(user, demo):
    services.import_year(
        user("admin"), 2026, upload(sheet(["2026-10-01", "放假", "国庆节"]), "节假日安排.xlsx")
    )
    entry = CalendarYear.objects.get(year=2026)
    assert (entry.source, entry.note) == (YearSource.IMPORT, "")
    assert rows(2026) == [(D(2026, 10, 1), "holiday", "国庆节")]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"not an excel file", ["文件不是有效的Excel工作簿（.xlsx），请用模板填写后上传"]),
        (
            sheet(["2027-10-01", "放假"], header=("日子", "类型")),
            ["缺少列：日期（第1行应为表头：日期、类型、名称）"],
        ),
        (sheet(), ["文件中没有数据行（第2行起每行一天）"]),
        (
            sheet(["2027-10-01", "放假", "国庆节"], ["2027-13-01", "放假", "国庆节"], ["国庆", "放假", ""]),
            [
                "第3行：日期“2027-13-01”无法识别（应为 2027-10-01 这样的日期）",
                "第4行：日期“国庆”无法识别（应为 2027-10-01 这样的日期）",
            ],
        ),
        (
            sheet(["2027-10-01", "请假", "国庆节"], ["2027-10-04", "", ""]),
            ["第2行：类型“请假”无法识别（应为：放假、调休上班）", "第3行：类型为空（应为：放假、调休上班）"],
        ),
        (
            sheet(["2027-10-01", "放假", "国庆节"], ["2027/10/1", "放假", "国庆节"]),
            ["第3行：日期2027-10-01与第2行重复"],
        ),
        (
            sheet(["2026-10-01", "放假", "国庆节"], ["", "放假", ""]),
            ["第2行：日期2026-10-01不在2027年", "第3行：日期为空"],
        ),
        (
            sheet(["2027-10-08", "调休上班", "国庆节"]),
            ["第2行：2027-10-08是星期五，本来就上班，不能标记为调休上班"],
        ),
    ],
)
def test_a_bad_file_is_refused_with_every_reason_and_nothing_written(user, demo, data, expected):
    services.set_day(user("admin"), D(2027, 5, 3), DayKind.HOLIDAY, "劳动节")
    before = rows(2027)
    with pytest.raises(InvalidInput) as exc:
        services.import_year(user("admin"), 2027, upload(data, "节假日安排.xlsx"))
    assert exc.value.errors["rows"] == expected
    assert exc.value.message == f"导入失败，共{len(expected)}处错误，未写入任何数据"
    assert rows(2027) == before
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("username", ["head", "deputy1", "gb1-staff", "secadmin", "auditor"])
def test_only_the_system_admin_changes_the_calendar(user, demo, username):
    actor = user(username)
    attempts = [
        lambda: services.set_day(actor, D(2026, 12, 31), DayKind.HOLIDAY, "元旦"),
        lambda: services.clear_day(actor, D(2026, 10, 1)),
        lambda: services.import_year(actor, 2027, upload(NOTICE_2027, "节假日安排.xlsx")),
        lambda: services.mark_year(actor, 2027, ""),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    assert get_calendar().is_workday(D(2026, 12, 31)) and not get_calendar().is_workday(D(2026, 10, 1))
    assert not CalendarYear.objects.filter(year=2027).exists()
