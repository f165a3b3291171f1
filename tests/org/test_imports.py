"""Excel import: every bad row reported with its number and reason, nothing written on error."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.accounts.models import SecurityEvent
from luoshi.core import reading
from luoshi.core.errors import InvalidInput
from luoshi.org import services
from luoshi.org.imports import PERSON_COLUMNS, UNIT_COLUMNS, parse_org_workbook, template_workbook
from luoshi.org.models import Membership, Person, RightsProposal, Unit
from luoshi.org.services.resets import pending_reset
from tests.core.ledgers import part_rewritten, upload


def workbook(units=(), people=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(list(UNIT_COLUMNS))
    for row in units:
        ws.append(row)
    ws2 = wb.create_sheet("人员")
    ws2.append(list(PERSON_COLUMNS))
    for row in people:
        ws2.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = workbook(
    units=[
        ["city", "临江市委组织部", "组织部", "", "部机关", "", 1],
        ["s1", "干部一科", "一科", "临江干部科、临江一科", "科室", "city", 2],
        ["s2", "组织科", "", "", "科室", "city", 3],
    ],
    people=[
        ["boss", "张部长", "city", "部长", "部长", "", "", ""],
        ["vice", "李副部长", "city", "副部长", "副部长", "s1、s2", "", ""],
        ["clerk", "王干部", "s1", "科员", "干部", "", "", ""],
    ],
)


def test_template_is_itself_a_valid_import():
    book = parse_org_workbook(upload(template_workbook(), "组织架构.xlsx"), known_unit_codes={"swzzb"})
    assert book.errors == []
    assert [u.code for u in book.units] == ["gb1"]


@pytest.mark.django_db
def test_a_good_workbook_imports_units_and_people_and_only_proposes_roles_and_oversight(user, demo):
    result = services.import_org(actor=user("admin"), upload=upload(GOOD, "组织架构.xlsx"))
    assert (result.units_created, result.people_created, result.proposals) == (3, 3, 5)
    for username in ("boss", "vice", "clerk"):  # the first password is the security admin's to hand out
        created = Person.objects.select_related("user").get(user__username=username)
        assert not created.user.has_usable_password()
        reset = pending_reset(created)
        assert reset is not None and reset.proposed_by.username == "admin"
    s1 = Unit.objects.get(code="s1")
    assert s1.parent.code == "city" and s1.aliases == ["临江干部科", "临江一科"]
    vice = Person.objects.get(user__username="vice")
    assert vice.must_change_password
    assert not vice.oversights.exists() and not vice.memberships.exists()
    assert not Membership.objects.filter(person__user__username__in=["boss", "vice", "clerk"]).exists()
    proposed = sorted(
        RightsProposal.objects.filter(status="pending", kind="grant").values_list(
            "person__user__username", "unit__code", "role", "proposed_by__username"
        )
    )
    assert proposed == [
        ("boss", "city", "head", "admin"),
        ("clerk", "s1", "staff", "admin"),
        ("vice", "city", "deputy", "admin"),
        ("vice", "s1", "", "admin"),
        ("vice", "s2", "", "admin"),
    ]
    assert not SecurityEvent.objects.filter(
        kind__in=["role_changed", "oversight_changed"], target__in=["boss", "vice", "clerk"]
    ).exists()


@pytest.mark.django_db
def test_importing_again_updates_instead_of_duplicating(user, demo):
    services.import_org(actor=user("admin"), upload=upload(GOOD, "组织架构.xlsx"))
    result = services.import_org(actor=user("admin"), upload=upload(GOOD, "组织架构.xlsx"))
    assert (result.units_created, result.units_updated, result.people_updated, result.proposals) == (
        0,
        3,
        3,
        0,
    )
    assert RightsProposal.objects.filter(kind="grant").count() == 5
    assert RightsProposal.objects.filter(kind="reset").count() == 3  # one first password each, once


@pytest.mark.django_db
def test_the_duties_column_is_imported_and_an_empty_cell_keeps_what_is_there(user, demo):
    services.import_org(
        actor=user("admin"),
        upload=upload(
            workbook(units=[["s9", "党校联络科", "", "", "科室", "swzzb", 9, "负责与市委党校的联络"]]),
            "组织架构.xlsx",
        ),
    )
    assert Unit.objects.get(code="s9").duties == "负责与市委党校的联络"
    before = Unit.objects.get(code="gb1").duties
    services.import_org(
        actor=user("admin"),
        upload=upload(workbook(units=[["gb1", "干部一科", "", "", "科室", "swzzb", 2, ""]]), "组织架构.xlsx"),
    )
    assert before and Unit.objects.get(code="gb1").duties == before


@pytest.mark.django_db
def test_roles_already_held_are_not_proposed_again(user, demo):
    data = workbook(people=[["gb1-head", "一科科长", "gb1", "科长", "科室负责人", "", "", ""]])
    assert services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx")).proposals == 0


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_the_import_cannot_give_an_admin_account_a_business_role(user, demo, username):
    """The system admin who lists himself as 部长 in the workbook gets a refusal, not a proposal."""
    name = Person.objects.get(user__username=username).name
    data = workbook(people=[[username, name, "swzzb", "", "部长", "", "", ""]])
    with pytest.raises(InvalidInput) as exc:
        services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx"))
    assert exc.value.message == "“人员”表第2行：管理员账号不能担任业务角色或分管（三员分立）；未写入任何数据"
    assert not RightsProposal.objects.exists()
    assert not Membership.objects.filter(person__user__username=username).exists()


BAD_ROWS = [
    (
        workbook(units=[["a1", "甲科", "", "", "科室", "", ""], ["a1", "乙科", "", "", "科室", "", ""]]),
        "“单位”表第3行：代码“a1”与第2行重复",
    ),
    (workbook(units=[["a2", "甲科", "", "", "处室", "", ""]]), "“单位”表第2行：类型“处室”无法识别"),
    (
        workbook(units=[["a3", "甲科", "", "", "科室", "nowhere", ""]]),
        "“单位”表第2行：上级代码“nowhere”不存在",
    ),
    (
        workbook(people=[["p1", "张三", "ghost", "", "干部", "", "", ""]]),
        "“人员”表第2行：单位代码“ghost”不存在",
    ),
    (
        workbook(people=[["p2", "李四", "gb1", "", "书记员", "", "", ""]]),
        "“人员”表第2行：角色“书记员”无法识别",
    ),
    (workbook(people=[["p3", "", "gb1", "", "", "", "", ""]]), "“人员”表第2行：姓名为空"),
    (workbook(people=[["p4", "王五", "gb1", "", "干部", "gb2", "", ""]]), "只有部长、副部长可以填写分管单位"),
    (workbook(units=[["a 4", "甲科", "", "", "科室", "", ""]]), "只能由字母、数字"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", BAD_ROWS)
def test_bad_rows_are_reported_and_nothing_is_written(user, demo, data, message):
    units_before, people_before = Unit.objects.count(), Person.objects.count()
    with pytest.raises(InvalidInput) as exc:
        services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx"))
    assert "未写入任何数据" in exc.value.message
    assert any(message in row for row in exc.value.errors["rows"]), exc.value.errors
    assert (Unit.objects.count(), Person.objects.count()) == (units_before, people_before)


@pytest.mark.django_db
def test_all_bad_rows_are_listed_at_once(user, demo):
    data = workbook(
        units=[["b1", "", "", "", "科室", "", ""], ["b2", "乙科", "", "", "?", "", ""]],
        people=[["", "无账号", "", "", "", "", "", ""]],
    )
    with pytest.raises(InvalidInput) as exc:
        services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx"))
    assert len(exc.value.errors["rows"]) == 3


@pytest.mark.django_db
def test_a_filled_initial_password_column_fails_the_whole_import_with_a_chinese_note(user, demo):
    wb = Workbook()
    wb.active.title = "单位"
    wb.active.append(list(UNIT_COLUMNS))
    wb.active.append(["c1", "丙科", "", "", "科室", "", ""])
    people = wb.create_sheet("人员")
    people.append(["账号", "姓名", "单位代码", "初始密码"])  # an older template's column
    people.append(["chosen", "赵六", "c1", "Chosen-by-admin-1"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(InvalidInput) as refused:
        services.import_org(actor=user("admin"), upload=upload(buffer.getvalue(), "组织架构.xlsx"))
    assert refused.value.errors["rows"] == [
        (
            "“人员”表第2行：不能填写初始密码：新账号的初始密码由系统自动生成，"
            "分前后两段由系统管理员和安全管理员分别告知本人，请清空“初始密码”列"
        )
    ]
    assert not Unit.objects.filter(code="c1").exists() and not Person.objects.filter(user__username="chosen")


def test_an_old_workbook_with_an_empty_initial_password_column_still_imports():
    wb = Workbook()
    wb.active.title = "人员"
    wb.active.append(["账号", "姓名", "初始密码"])
    wb.active.append(["p9", "孙七", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    book = parse_org_workbook(upload(buffer.getvalue(), "组织架构.xlsx"))
    assert book.errors == [] and [p.username for p in book.people] == ["p9"]
    assert "初始密码" not in PERSON_COLUMNS


@pytest.mark.parametrize("data", [b"", b"not an excel file", b"PK\x03\x04broken zip", "单位,名称".encode()])
def test_malformed_files_get_a_chinese_message(data):
    book = parse_org_workbook(upload(data, "组织架构.xlsx"))
    assert book.errors == ["文件不是有效的Excel工作簿（.xlsx），请用模板填写后上传"]


def test_a_workbook_without_our_sheets_is_refused():
    wb = Workbook()
    buffer = io.BytesIO()
    wb.save(buffer)
    assert (
        "没有“单位”或“人员”工作表" in parse_org_workbook(upload(buffer.getvalue(), "组织架构.xlsx")).errors[0]
    )


def test_missing_columns_are_named():
    wb = Workbook()
    wb.active.title = "单位"
    wb.active.append(["代码", "名称"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert parse_org_workbook(upload(buffer.getvalue(), "组织架构.xlsx")).errors == [
        "“单位”表缺少列：类型（第1行应为表头）"
    ]


def test_template_has_both_sheets_with_headers():
    wb = load_workbook(io.BytesIO(template_workbook()))
    assert wb.sheetnames == ["单位", "人员"]
    assert [c.value for c in wb["人员"][1]] == list(PERSON_COLUMNS)


@pytest.mark.django_db
def test_mobile_and_email_columns_are_imported_and_a_bad_address_names_its_row(user, demo):
    result = services.import_org(
        actor=user("admin"),
        upload=upload(
            workbook(people=[["mail1", "赵干部", "gb1", "科员", "", "", "", "13900000001", "zhao@org.cn"]]),
            "组织架构.xlsx",
        ),
    )
    person = Person.objects.get(user__username="mail1")
    assert (person.phone, person.user.email) == ("13900000001", "")  # the address waits for approval
    waiting = services.pending_address(person=person)
    assert waiting is not None and waiting.new_address == "zhao@org.cn" and result.emails == 1
    with pytest.raises(InvalidInput) as refused:
        services.import_org(
            actor=user("admin"),
            upload=upload(
                workbook(people=[["mail2", "钱干部", "gb1", "科员", "", "", "", "", "qian-at-org"]]),
                "组织架构.xlsx",
            ),
        )
    assert "第2行" in refused.value.message and "邮箱地址“qian-at-org”格式不对" in refused.value.message
    assert not Person.objects.filter(user__username="mail2").exists()


# A workbook's own description cut in half (lxml's XMLSyntaxError answered 500), and a sheet of 20 MB of
# blanks a few kilobytes deflated: the admin's import reads neither further than the ledger import would.
BROKEN = (lambda body: body[: len(body) // 2], "xl/workbook.xml")
BOMB = (lambda body: body.replace(b"</row>", b"</row>" + b" " * 20_000_000, 1), "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    "rewrite, expected",
    [
        (BROKEN, "文件不是有效的Excel工作簿（.xlsx），请用模板填写后上传"),
        (BOMB, "“组织架构.xlsx”的压缩比异常（疑似压缩炸弹），已拒绝"),
    ],
)
def test_the_attack_a_broken_or_bombed_workbook_is_refused_in_chinese_before_it_is_read(rewrite, expected):
    data = part_rewritten(workbook(units=[["u1", "一科", "", "", "科室"]]), *rewrite)
    assert len(data) < 100_000
    assert parse_org_workbook(upload(data, "组织架构.xlsx")).errors == [expected]


def test_the_attack_a_sheet_of_more_rows_than_an_import_takes_is_refused_before_openpyxl_opens_it(
    monkeypatch,
):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(reading.openpyxl, "load_workbook", _never_opened)
    data = workbook(units=[[f"u{n}", f"科{n}", "", "", "科室"] for n in range(50)])
    assert parse_org_workbook(upload(data, "组织架构.xlsx")).errors == [
        "工作表“单位”超过10行，一次最多导入10行。请按单位或月份拆分后分批导入"
    ]


OLD = "暂不支持旧版格式“{suffix}”。请在Office或WPS中打开“组织架构{suffix}”，另存为 .xlsx 后重新上传"
MACRO = (
    "“组织架构.xlsm”是含宏或二进制格式的文件，出于安全考虑不予导入。请在Office或WPS中另存为 .xlsx 后重新上传"
)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("组织架构.xls", OLD.format(suffix=".xls")),
        ("组织架构.et", OLD.format(suffix=".et")),
        ("组织架构.xlsm", MACRO),
    ],
)
def test_an_old_or_macro_workbook_is_told_to_be_saved_as_xlsx_in_the_ledger_import_s_words(name, expected):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert parse_org_workbook(upload(data, name)).errors == [expected]
    with pytest.raises(InvalidInput) as ledger:
        reading.check_upload(upload(data, name))
    assert ledger.value.message == expected


def test_a_word_document_is_no_workbook_to_save_as_docx():
    assert parse_org_workbook(upload(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "组织架构.doc")).errors == [
        "不支持上传“组织架构.doc”这类文件。可上传：.xlsx"
    ]


def _never_opened(*args, **kwargs):
    raise AssertionError("openpyxl opened a workbook the survey should have refused")
