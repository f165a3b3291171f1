"""The calendar pages: the system admin only, the warnings for years nobody entered, and the forms."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.workdays.choices import YearSource
from luoshi.workdays.models import CalendarYear, Holiday
from tests.conftest import ROLE_ACCOUNTS
from tests.workdays.helpers import sheet

D = dt.date
REFUSED = ["head", "deputy1", "gb1-staff", "gb1-head", "secadmin", "auditor", "inspector"]
PAGES = ["/workdays/", "/workdays/2026/", "/workdays/2090/", "/workdays/2026/template.xlsx"]
ACTIONS = [
    "/workdays/2026/day/",
    "/workdays/2026/day/clear/",
    "/workdays/2027/import/",
    "/workdays/2027/mark/",
]
ACTION_DATA = {"date": "2026-12-31", "kind": "holiday", "name": "元旦", "note": "说明"}


@pytest.mark.parametrize("path", PAGES)
def test_the_system_admin_opens_every_page(client_as, path):
    assert client_as("admin").get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("username", REFUSED)
def test_everyone_else_is_refused(client_as, path, username):
    response = client_as(username).get(path)
    assert response.status_code == 403 and "无权访问" in response.content.decode()


@pytest.mark.parametrize("path", ACTIONS)
@pytest.mark.parametrize("username", REFUSED)
def test_everyone_else_is_refused_the_actions(client_as, path, username):
    assert client_as(username).post(path, ACTION_DATA).status_code == 403
    assert not Holiday.objects.filter(date=D(2026, 12, 31)).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("path", PAGES + ACTIONS)
def test_anonymous_users_go_to_the_login_page(client_as, path):
    response = client_as(None).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_the_refused_roles_cover_every_demo_account_but_the_system_admin():
    assert set(REFUSED) == set(ROLE_ACCOUNTS.values()) - {"admin"}


@pytest.mark.parametrize("path", ["/workdays/1899/", "/workdays/2201/", "/workdays/99999/template.xlsx"])
def test_years_out_of_range_answer_404(client_as, path):
    assert client_as("admin").get(path).status_code == 404


def test_the_menu_shows_the_calendar_to_the_system_admin_only(client_as):
    assert 'href="/workdays/"' in client_as("admin").get("/org/manage/").content.decode()
    assert 'href="/workdays/"' not in client_as("head").get("/org/").content.decode()


def test_the_year_list_warns_about_the_years_nobody_entered(client_as):
    this_year = timezone.localdate().year
    CalendarYear.objects.filter(year=this_year).delete()
    page = client_as("admin").get("/workdays/").content.decode()
    for year in (this_year, this_year + 1):
        assert (
            f"{year}年的放假安排尚未录入，工作日暂按周一至周五计算。国务院办公厅通知发布后请及时录入。"
            in page
        )
    assert "2004年" in page


def test_no_warning_once_both_years_are_entered(client_as):
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        CalendarYear.objects.update_or_create(year=year, defaults={"source": YearSource.ADMIN})
    assert "尚未录入" not in client_as("admin").get("/workdays/").content.decode()


def test_the_year_page_marks_holidays_and_worked_weekend_days(client_as):
    page = client_as("admin").get("/workdays/2026/").content.decode()
    assert 'href="?day=2026-10-01#day-form" title="10月1日 放假（国庆节）"' in page
    assert 'title="9月20日 调休上班（国庆节）">20<span class="wd-tag">班</span>' in page
    assert "全年工作日 <strong>248</strong> 天" in page
    assert "尚未录入" not in page


def test_the_page_of_a_year_nobody_entered_says_so(client_as):
    page = client_as("admin").get("/workdays/2090/").content.decode()
    assert "2090年的放假安排尚未录入，工作日暂按周一至周五计算。" in page


def date_input(page: str) -> str:
    return re.search(r'<input type="date"[^>]*>', page).group(0)


def test_clicking_a_day_fills_the_form(client_as):
    page = client_as("admin").get("/workdays/2026/?day=2026-10-01").content.decode()
    assert 'value="2026-10-01"' in date_input(page) and 'value="国庆节"' in page
    assert 'class="wd-cell wd-holiday wd-picked"' in page


def test_the_admin_sets_and_clears_a_day_through_the_page(client_as):
    client = client_as("admin")
    response = client.post(
        "/workdays/2026/day/", {"date": "2026-12-31", "kind": "holiday", "name": "元旦"}, follow=True
    )
    assert "已将2026年12月31日设为放假" in response.content.decode()
    assert Holiday.objects.filter(date=D(2026, 12, 31), kind="holiday").exists()
    response = client.post("/workdays/2026/day/clear/", {"date": "2026-12-31"}, follow=True)
    assert "已取消2026年12月31日的安排，恢复为正常上班" in response.content.decode()
    assert not Holiday.objects.filter(date=D(2026, 12, 31)).exists()


def test_a_refused_day_shows_the_reason(client_as):
    response = client_as("admin").post(
        "/workdays/2026/day/", {"date": "2026-11-28", "kind": "holiday"}, follow=True
    )
    assert "2026-11-28是星期六，本来就休息，无需标记为放假" in response.content.decode()


def test_a_bad_import_lists_every_row_and_a_good_one_marks_the_year(client_as):
    client = client_as("admin")
    bad = SimpleUploadedFile("2027.xlsx", sheet(["2027-10-01", "请假", ""], ["2027-10-01", "放假", ""]))
    page = client.post("/workdays/2027/import/", {"file": bad}).content.decode()
    assert "导入失败，共2处错误，未写入任何数据" in page
    assert (
        "第2行：类型“请假”无法识别（应为：放假、调休上班）" in page
        and "第3行：日期2027-10-01与第2行重复" in page
    )
    good = SimpleUploadedFile(
        "2027.xlsx", sheet(["2027-10-01", "放假", "国庆节"], ["2027-10-09", "调休上班", "国庆节"])
    )
    page = client.post("/workdays/2027/import/", {"file": good}, follow=True).content.decode()
    assert "2027年安排已导入：放假 1 天、调休上班 1 天" in page
    assert CalendarYear.objects.get(year=2027).source == YearSource.IMPORT


def test_a_refused_import_names_the_file_the_user_uploaded(client_as):
    """The refusal says which file, as the ledger import's do, not a name the import made up."""
    from tests.core.ledgers import part_rewritten

    bombed = part_rewritten(
        sheet(["2027-10-01", "放假", "国庆节"]),
        lambda body: body.replace(b"</row>", b"</row>" + b" " * 20_000_000, 1),
        "xl/worksheets/sheet1.xml",
    )
    upload = SimpleUploadedFile("国办2027年放假通知.xlsx", bombed)
    page = client_as("admin").post("/workdays/2027/import/", {"file": upload}).content.decode()
    assert "“国办2027年放假通知.xlsx”的压缩比异常（疑似压缩炸弹），已拒绝" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_an_old_xls_is_told_to_be_saved_as_xlsx_as_a_ledger_is(client_as):
    upload = SimpleUploadedFile("国办2027年放假通知.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    page = client_as("admin").post("/workdays/2027/import/", {"file": upload}).content.decode()
    assert (
        "暂不支持旧版格式“.xls”。请在Office或WPS中打开“国办2027年放假通知.xls”，另存为 .xlsx 后重新上传"
        in page
    )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_marking_a_year_entered(client_as):
    page = client_as("admin").post("/workdays/2027/mark/", {"note": "国办发明电〔2026〕7号"}, follow=True)
    assert "2027年已标记为录入完成" in page.content.decode()
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕7号"


def test_the_template_downloads_as_an_excel_file(client_as):
    response = client_as("admin").get("/workdays/2027/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("day", ["2026-13-01", "garbage", "2025-10-01"])
def test_a_bad_day_in_the_address_is_ignored(client_as, day):
    page = client_as("admin").get(f"/workdays/2026/?day={day}")
    assert page.status_code == 200 and "value" not in date_input(page.content.decode())
