"""Every org page, for every role: who may (200), who may not (403), anonymous (to the login page)."""

import re

import pytest
from django.test import Client

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.org.models import Person, RightsProposal, Unit
from tests.conftest import ROLE_ACCOUNTS
from tests.core.ledgers import upload
from tests.org.test_imports import GOOD

EVERYONE = set(ROLE_ACCOUNTS)
PAGES = {
    "/org/": EVERYONE,
    "/org/units/{gb1}/": EVERYONE,
    "/org/people/{person}/": EVERYONE,
    "/org/manage/": {"system_admin"},
    "/org/manage/units/add/": {"system_admin"},
    "/org/manage/units/{gb1}/": {"system_admin"},
    "/org/manage/people/add/": {"system_admin"},
    "/org/manage/people/{person}/": {"system_admin"},
    "/org/manage/import/": {"system_admin"},
    "/org/manage/import/template.xlsx": {"system_admin"},
    "/org/roles/": {"security_admin"},
    "/org/roles/{person}/": {"security_admin"},
    "/org/roles/proposals/": {"security_admin"},
    "/accounts/audit/": {"audit_admin"},
    "/accounts/password/": EVERYONE,
    "/accounts/tokens/": EVERYONE,
    "/accounts/two-factor/": EVERYONE,
}


def url_of(template, demo):
    person = Person.objects.get(user__username="gb1-staff").pk
    return template.format(gb1=demo["gb1"], person=person)


@pytest.mark.parametrize("template", PAGES)
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_page_permissions(client_as, demo, template, role):
    response = client_as(ROLE_ACCOUNTS[role]).get(url_of(template, demo))
    expected = 200 if role in PAGES[template] else 403
    assert response.status_code == expected, (template, role)
    if expected == 403:
        assert "无权访问" in response.content.decode()


@pytest.mark.parametrize("template", PAGES)
def test_anonymous_users_go_to_the_login_page(client_as, demo, template):
    response = client_as(None).get(url_of(template, demo))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_a_refused_page_is_in_the_audit_log(client_as, demo):
    client_as("gb1-staff").get("/org/manage/")
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PERMISSION_DENIED, username="gb1-staff", target="/org/manage/"
    ).exists()


@pytest.mark.parametrize("path", ["/org/units/999999/", "/org/people/999999/", "/org/units/abc/"])
def test_forged_ids_answer_404(client_as, demo, path):
    assert client_as("head").get(path).status_code == 404


def test_org_chart_query_count_does_not_grow_with_the_org(client_as, user, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.org import services

    client = client_as("deputy1")
    client.get("/org/")  # the session's first refresh (a write) falls on this one
    with CaptureQueriesContext(connection) as before:
        client.get("/org/")
    root = Unit.objects.get(code="swzzb")
    for i in range(15):
        services.create_unit(
            actor=user("admin"), code=f"extra{i}", name=f"新增科室{i}", kind="section", parent=root
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get("/org/")
    assert "新增科室14" in response.content.decode()
    assert len(after) == len(before) <= 12


def test_deputy_sees_the_units_in_charge_above_the_chart(client_as, demo):
    page = client_as("deputy1").get("/org/").content.decode()
    assert "我分管的单位" in page
    # Units include county departments, whose head is its 部长, not a 科室负责人 (each head's own role is
    # said beside his name).
    assert "分管领导、各单位负责人一目了然" in page and "科室负责人一目了然" not in page
    assert page.index("我分管的单位") < page.index("全部单位")


def test_system_admin_creates_a_unit_through_the_form(client_as, demo):
    response = client_as("admin").post(
        "/org/manage/units/add/",
        {
            "code": "dangxiao",
            "name": "党校联络科",
            "short_name": "",
            "aliases": "联络科，党校科",
            "kind": "section",
            "parent": demo["swzzb"],
            "sort_order": 20,
            "duties": "  负责与市委党校的联络，负责干部教育培训的协调  ",
        },
    )
    unit = Unit.objects.get(code="dangxiao")
    assert response.status_code == 302 and response["Location"] == f"/org/units/{unit.pk}/"
    assert unit.aliases == ["联络科", "党校科"]
    assert unit.duties == "负责与市委党校的联络，负责干部教育培训的协调"
    page = client_as("admin").get(f"/org/units/{unit.pk}/").content.decode()
    assert "负责与市委党校的联络" in page
    edit = client_as("admin").get(f"/org/manage/units/{unit.pk}/").content.decode()
    assert "负责与市委党校的联络" in edit


def test_the_system_admin_sees_who_added_an_alias_and_removes_it_in_the_edit_form(client_as, user, demo):
    from luoshi.org.services import add_unit_alias

    rc = Unit.objects.get(code="rc")
    add_unit_alias(rc, actor=user("rc-staff"), alias="人才工作领导小组", source="导入《台账.xlsx》")
    staff = user("rc-staff").person.name
    admin = client_as("admin")
    page = admin.get(f"/org/units/{rc.pk}/").content.decode()
    assert (
        f'人才工作领导小组 <span class="small text-muted">{staff}于' in page
        and "导入《台账.xlsx》时记入" in page
    )
    edit = admin.get(f"/org/manage/units/{rc.pk}/").content.decode()
    assert f"其中导入时记入的：人才工作领导小组（{staff}，导入《台账.xlsx》）" in edit
    form = {
        "code": "rc",
        "name": rc.name,
        "short_name": rc.short_name,
        "aliases": "人才办、人才工作办公室、人才科",
        "kind": rc.kind,
        "parent": rc.parent_id,
        "sort_order": rc.sort_order,
        "duties": rc.duties,
        "is_active": "on",
    }
    assert admin.post(f"/org/manage/units/{rc.pk}/", form).status_code == 302
    assert Unit.objects.get(pk=rc.pk).aliases == ["人才办", "人才工作办公室", "人才科"]
    assert "人才工作领导小组 <span" not in admin.get(f"/org/units/{rc.pk}/").content.decode()


def test_duplicate_code_in_the_form_is_a_chinese_error_and_changes_nothing(client_as, demo):
    count = Unit.objects.count()
    response = client_as("admin").post(
        "/org/manage/units/add/",
        {"code": "gb1", "name": "又一个一科", "kind": "section", "parent": "", "sort_order": 0},
    )
    assert "单位代码“gb1”已被占用" in response.content.decode()
    assert Unit.objects.count() == count


def test_an_alias_that_is_another_units_name_is_refused_in_the_edit_form_and_kept_as_typed(client_as, demo):
    rc = Unit.objects.get(code="rc")
    form = {
        "code": "rc",
        "name": rc.name,
        "short_name": rc.short_name,
        "aliases": "人才办、干部一科",
        "kind": rc.kind,
        "parent": rc.parent_id,
        "sort_order": rc.sort_order,
        "duties": rc.duties,
        "is_active": "on",
    }
    response = client_as("admin").post(f"/org/manage/units/{rc.pk}/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "“干部一科”是“干部一科”的名称，不能记为“人才工作科”的别名" in page
    assert 'value="人才办、干部一科"' in page
    assert Unit.objects.get(pk=rc.pk).aliases == ["人才办", "人才工作办公室", "人才科"]


def unit_form(unit, **changes):
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "aliases": "、".join(unit.aliases),
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "sort_order": unit.sort_order,
        "duties": unit.duties,
        "is_active": "on",
        **changes,
    }


def test_the_attack_a_section_put_under_another_section_in_the_form_is_refused(client_as, demo):
    gb1 = Unit.objects.get(code="gb1")
    response = client_as("admin").post(
        f"/org/manage/units/{gb1.pk}/", unit_form(gb1, parent=demo["bgs"], duties="改过的职责")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“办公室”是科室，科室下不能再设单位" in page and "改过的职责" in page
    after = Unit.objects.get(pk=gb1.pk)
    assert (after.parent_id, after.duties) == (gb1.parent_id, gb1.duties)


def test_a_new_type_in_the_form_is_proposed_and_shown_on_both_pages(client_as, demo):
    jcq = Unit.objects.get(code="jcq")
    admin = client_as("admin")
    page = admin.post(f"/org/manage/units/{jcq.pk}/", unit_form(jcq, kind="department"), follow=True)
    text = page.content.decode()
    assert "上级单位或类型的调整已提交安全管理员审批" in text
    assert "单位调整待安全管理员审批（类型：下级组织部 → 部机关）" in text
    assert Unit.objects.get(pk=jcq.pk).kind == "subordinate"
    listed = client_as("secadmin").get("/org/roles/proposals/").content.decode()
    assert "类型：下级组织部 → 部机关" in listed


def test_a_move_in_the_form_is_proposed_and_the_security_admin_approves_it_on_the_proposals_page(
    client_as, user, demo
):
    from luoshi.org import services
    from luoshi.org.models import RightsProposal

    bureau = services.create_unit(
        actor=user("admin"),
        code="gbc",
        name="干部工作处",
        kind="department",
        parent=Unit.objects.get(code="swzzb"),
    )
    gb1 = Unit.objects.get(code="gb1")
    admin = client_as("admin")
    response = admin.post(f"/org/manage/units/{gb1.pk}/", unit_form(gb1, parent=bureau.pk), follow=True)
    page = response.content.decode()
    assert "上级单位或类型的调整已提交安全管理员审批，批准后生效" in page
    assert "单位调整待安全管理员审批（上级单位：江城市委组织部 → 干部工作处）" in page
    assert Unit.objects.get(pk=gb1.pk).parent_id == demo["swzzb"]
    secadmin = client_as("secadmin")
    listed = secadmin.get("/org/roles/proposals/").content.decode()
    assert "单位调整" in listed and "上级单位：江城市委组织部 → 干部工作处" in listed
    proposal = RightsProposal.objects.get(kind="move")
    approved = secadmin.post(
        "/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]}, follow=True
    )
    assert "已批准 1 条提议" in approved.content.decode()
    assert Unit.objects.get(pk=gb1.pk).parent_id == bureau.pk
    assert admin.post("/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]}).status_code == 403


def test_import_page_lists_every_bad_row(client_as, demo):
    from tests.org.test_imports import BAD_ROWS

    data, message = BAD_ROWS[0]
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = (
        client_as("admin")
        .post("/org/manage/import/", {"file": SimpleUploadedFile("org.xlsx", data)})
        .content.decode()
    )
    assert message in page and "未写入任何数据" in page


def test_import_page_names_the_file_the_user_uploaded_when_it_refuses_it(client_as, demo):
    """The refusal says which file, as the ledger import's do, not a name the import made up."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.ledgers import part_rewritten
    from tests.org.test_imports import BOMB, workbook

    bombed = part_rewritten(workbook(units=[["u1", "一科", "", "", "科室"]]), *BOMB)
    page = client_as("admin").post(
        "/org/manage/import/", {"file": SimpleUploadedFile("江城区名册.xlsx", bombed)}
    )
    assert "“江城区名册.xlsx”的压缩比异常（疑似压缩炸弹），已拒绝" in page.content.decode()
    assert not Unit.objects.filter(code="u1").exists()


def test_import_page_tells_to_save_an_old_xls_as_xlsx_as_the_ledger_import_does(client_as, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    old = SimpleUploadedFile("江城区名册.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    page = client_as("admin").post("/org/manage/import/", {"file": old}).content.decode()
    assert "暂不支持旧版格式“.xls”。请在Office或WPS中打开“江城区名册.xls”，另存为 .xlsx 后重新上传" in page


def test_import_page_imports_a_good_file(client_as, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_as("admin").post("/org/manage/import/", {"file": SimpleUploadedFile("org.xlsx", GOOD)})
    assert "导入成功" in page.content.decode()
    assert "5 条角色/分管待安全管理员审批" in page.content.decode()
    assert "3 个新账号的初始密码待安全管理员在授权审批中批准" in page.content.decode()
    assert "初始密码前半段（请分别单独告知本人）" in page.content.decode()
    assert Unit.objects.filter(code="s1").exists()
    shown = dict(
        re.findall(r"<code>(\w+)</code></td>\s*<td[^>]*><code[^>]*ls-half\">(\w{8})<", page.content.decode())
    )
    waiting = dict(
        RightsProposal.objects.filter(kind="reset", status="pending").values_list(
            "person__user__username", "password_half"
        )
    )
    assert shown == waiting and set(shown) == {"boss", "vice", "clerk"}  # the importer's halves only
    for username, half in shown.items():
        assert Client().post("/accounts/login/", {"username": username, "password": half}).status_code == 200


def test_the_import_page_says_no_password_is_filled_in(client_as, demo):
    page = client_as("admin").get("/org/manage/import/").content.decode()
    assert "表中不填密码：新账号的初始密码由两段组成" in page
    assert "<code>初始密码</code>" not in page


def test_security_admin_approves_a_selection_then_all_on_the_proposals_page(client_as, demo, user):
    from luoshi.org import services
    from luoshi.org.models import RightsProposal

    services.import_org(actor=user("admin"), upload=upload(GOOD, "组织架构.xlsx"))
    client = client_as("secadmin")
    assert (
        "有 8 条提议待您审批（角色、分管、单位隶属或类型、密码重置、所在单位、电子邮箱、群机器人地址）"
        in client.get("/org/roles/").content.decode()
    )
    page = client.get("/org/roles/proposals/").content.decode()
    assert "待审批 8 条" in page and "李副部长" in page and "分管组织科" in page
    assert page.count("新账号初始密码") == 3  # each new account's first password, beside its roles
    boss = RightsProposal.objects.get(person__user__username="boss", kind="grant").pk
    response = client.post("/org/roles/proposals/", {"action": "approve", "ids": [boss]}, follow=True)
    assert "已批准 1 条提议" in response.content.decode()
    assert Person.objects.get(user__username="boss").memberships.get().role == "head"
    rest = list(RightsProposal.objects.filter(status="pending").values_list("pk", flat=True))
    client.post("/org/roles/proposals/", {"action": "approve", "ids": rest})
    assert not RightsProposal.objects.filter(status="pending").exists()
    refused = client.post("/org/roles/proposals/", {"action": "approve", "ids": rest}).content.decode()
    assert "已被处理或不存在" in refused


def test_import_without_a_file_says_so(client_as, demo):
    assert "请选择要导入的Excel文件" in client_as("admin").post("/org/manage/import/").content.decode()


def test_security_admin_changes_roles_through_the_form(client_as, demo):
    person = Person.objects.get(user__username="gb2-staff")
    response = client_as("secadmin").post(
        f"/org/roles/{person.pk}/",
        {
            "keep": [f"{demo['gb2']}:staff"],
            "add_unit": demo["gb2"],
            "add_role": "inspector",
            "admin_role": "",
        },
    )
    assert response.status_code == 302
    assert sorted(person.memberships.values_list("role", flat=True)) == ["inspector", "staff"]


def test_an_administrators_roles_page_shows_the_role_fixed_and_a_forged_change_is_refused(client_as, demo):
    auditor = Person.objects.get(user__username="auditor")
    client = client_as("secadmin")
    page = client.get(f"/org/roles/{auditor.pk}/").content.decode()
    assert 'data-testid="admin-role-fixed"' in page and "luoshi disableadmin auditor" in page
    assert 'name="admin_role"' not in page and "保存" not in page
    forged = client.post(f"/org/roles/{auditor.pk}/", {"admin_role": ""}).content.decode()
    assert "不能在网页上更改或撤销（三员分立）" in forged
    auditor.refresh_from_db()
    assert auditor.admin_role == "audit"


def test_unit_page_shows_its_history(client_as, demo):
    page = client_as("head").get(f"/org/units/{demo['gb1']}/").content.decode()
    assert "变更记录" in page and "系统管理员" in page and "创建" in page


def test_the_security_admin_grants_and_withdraws_the_offices_delegation(client_as, demo):
    from luoshi.org.models import Unit

    office = Unit.objects.get(code="bgs")
    page = client_as("secadmin").get("/org/roles/").content.decode()
    assert "代上级交办" in page and "可代市委组织部交办" in page
    for username in ("admin", "head", "bgs-staff"):
        assert (
            client_as(username)
            .post("/org/roles/delegation/", {"unit": office.pk, "enabled": "0"})
            .status_code
            == 403
        )
    assert (
        client_as("secadmin").post("/org/roles/delegation/", {"unit": "99999999", "enabled": "0"}).status_code
        == 404
    )
    assert (
        client_as("secadmin").post("/org/roles/delegation/", {"unit": office.pk, "enabled": "0"}).status_code
        == 302
    )
    office.refresh_from_db()
    assert office.assigns_for_parent is False


@pytest.mark.parametrize("target", ["secadmin", "auditor"])
def test_an_admin_password_reset_by_the_system_admin_is_a_403_in_the_audit_log(client_as, demo, target):
    person = Person.objects.get(user__username=target)
    response = client_as("admin").post(f"/org/manage/people/{person.pk}/reset-password/")
    assert response.status_code == 403 and "管理员账号的密码不能由系统管理员重置" in response.content.decode()
    assert person.user.check_password("luoshi-demo")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="admin").exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET).exists()


def test_disabling_the_audit_admin_is_a_403_in_the_audit_log(client_as, demo):
    person = Person.objects.get(user__username="auditor")
    response = client_as("admin").post(
        f"/org/manage/people/{person.pk}/",
        {"username": "auditor", "name": person.name, "unit": "", "title": "", "phone": ""},
    )  # is_active unticked
    assert response.status_code == 403
    person.user.refresh_from_db()
    assert person.user.is_active
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="admin").exists()


def test_the_person_page_offers_a_reset_code_for_admins_and_a_reset_for_business_users(
    client_as, demo, enrolled
):
    enrolled(Person.objects.get(user__username="auditor").user)
    auditor = Person.objects.get(user__username="auditor").pk
    staff = Person.objects.get(user__username="gb1-staff").pk
    admin = client_as("admin")
    assert "签发重置码" in admin.get(f"/org/people/{auditor}/").content.decode()
    assert "重置密码" not in admin.get(f"/org/people/{auditor}/").content.decode()
    assert "重置密码" in admin.get(f"/org/people/{staff}/").content.decode()
    page = admin.post(f"/org/people/{auditor}/reset-code/", follow=True).content.decode()
    assert "已为 auditor 签发密码重置码" in page and "您不会知道新密码" in page
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RESET_CODE_ISSUED, username="auditor").exists()


def test_a_reset_code_for_a_business_user_is_a_403(client_as, demo):
    staff = Person.objects.get(user__username="gb1-staff").pk
    assert client_as("secadmin").post(f"/org/people/{staff}/reset-code/").status_code == 403


def test_the_person_page_edits_email_and_mobile_and_a_typo_keeps_what_was_typed(client_as, demo):
    from luoshi.org.models import Person, RightsProposal

    person = Person.objects.get(user__username="gb1-staff")
    client = client_as("admin")
    data = {
        "name": person.name,
        "unit": person.unit_id,
        "title": person.title,
        "is_active": "on",
        "phone": "13800000000",
        "email": "xujia@@org",
    }
    page = client.post(f"/org/manage/people/{person.pk}/", data).content.decode()
    assert "邮箱地址“xujia@@org”格式不对" in page and 'value="13800000000"' in page
    saved = client.post(f"/org/manage/people/{person.pk}/", {**data, "email": "xujia@org.cn"}, follow=True)
    assert "电子邮箱已提交，待安全管理员批准后生效" in saved.content.decode()
    assert "xujia@org.cn" not in client.get(f"/org/people/{person.pk}/").content.decode()
    waiting = RightsProposal.objects.get(person=person, kind="email")
    client_as("secadmin").post("/org/roles/proposals/", {"action": "approve", "ids": [waiting.pk]})
    page = client.get(f"/org/people/{person.pk}/").content.decode()
    assert "xujia@org.cn" in page and "13800000000" in page


def test_a_new_accounts_email_from_the_person_form_waits_and_the_approval_page_shows_it(client_as, demo):
    from luoshi.org.models import Person, Unit

    data = {"username": "newbie", "name": "新干部", "unit": Unit.objects.get(code="gb1").pk, "title": "科员"}
    saved = client_as("admin").post(
        "/org/manage/people/add/", {**data, "email": "newbie@org.cn"}, follow=True
    )
    assert "电子邮箱已提交，待安全管理员批准后生效" in saved.content.decode()
    assert Person.objects.get(user__username="newbie").user.email == ""
    page = client_as("secadmin").get("/org/roles/proposals/").content.decode()
    assert "新干部" in page and "newbie@org.cn" in page


def test_the_person_page_proposes_a_new_home_unit_and_the_approval_page_shows_it(client_as, demo):
    from luoshi.org.models import Person, RightsProposal, Unit

    person, jcq = Person.objects.get(user__username="gb1-staff"), Unit.objects.get(code="jcq")
    data = {"name": person.name, "unit": jcq.pk, "title": person.title, "is_active": "on"}
    saved = client_as("admin").post(f"/org/manage/people/{person.pk}/", data, follow=True)
    assert "所在单位已提交，待安全管理员批准后生效" in saved.content.decode()
    assert Person.objects.get(pk=person.pk).unit_id != jcq.pk
    page = client_as("secadmin").get("/org/roles/proposals/").content.decode()
    assert f"所在单位：{person.unit.name} → {jcq.name}" in page
    waiting = RightsProposal.objects.get(person=person, kind="home_unit")
    client_as("secadmin").post("/org/roles/proposals/", {"action": "approve", "ids": [waiting.pk]})
    assert Person.objects.get(pk=person.pk).unit_id == jcq.pk


@pytest.mark.parametrize("path, username", [("/org/manage/", "admin"), ("/org/roles/", "secadmin")])
def test_people_lists_read_every_account_in_the_same_query(client_as, path, username):
    """Each row shows its person's admin role and forced password change: joined, not a query a row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.accounts.choices import AdminRole
    from luoshi.accounts.models import Account
    from tests.factories import PersonFactory

    for n in range(3):
        person = PersonFactory(admin_role=AdminRole.AUDIT, name=f"审计员{n}")
        Account.objects.filter(user=person.user).update(must_change_password=True)
    client = client_as(username)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path, {"q": "审计员"}).content.decode()
    assert page.count("审计管理员") >= 3
    alone = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_account"' in q["sql"]]
    assert len(alone) <= 1  # the signed-in admin's own account at most


def test_the_administrators_person_pages_are_refused_to_business_users_as_the_api_refuses_them(
    client_as, api_as, demo, user
):
    root = Unit.objects.get(parent__isnull=True)
    Person.objects.filter(user__username="admin").update(unit=root)
    for username in ("admin", "secadmin", "auditor"):
        pk = Person.objects.get(user__username=username).pk
        for reader in ("head", "jcq-head", "gb1-staff"):
            assert client_as(reader).get(f"/org/people/{pk}/").status_code == 404, (username, reader)
            assert api_as(reader).get(f"/api/v1/people/{pk}/").status_code == 404
        for admin in ("admin", "secadmin", "auditor"):
            assert client_as(admin).get(f"/org/people/{pk}/").status_code == 200
    admin_page = f'href="/org/people/{Person.objects.get(user__username="admin").pk}/"'
    assert admin_page not in client_as("gb1-staff").get(f"/org/units/{root.pk}/").content.decode()
    assert admin_page in client_as("admin").get(f"/org/units/{root.pk}/").content.decode()
    listed = api_as("gb1-staff").get("/api/v1/people/", {"q": "管理员"}).json()
    assert listed["count"] == 0


def test_a_business_role_asked_beside_an_admin_role_is_refused_not_dropped(client_as, demo):
    from luoshi.org.models import Membership, Person, Unit

    secadmin = client_as("secadmin")
    root = Unit.objects.get(parent__isnull=True)
    for username, role in (("admin", "system"), ("secadmin", "security")):
        person = Person.objects.get(user__username=username)
        page = secadmin.post(
            f"/org/roles/{person.pk}/", {"admin_role": role, "add_unit": root.pk, "add_role": "head"}
        ).content.decode()
        assert "已更新" not in page, username
        assert not Membership.objects.filter(person=person).exists()
    assert (
        "管理员不能同时担任业务角色"
        in secadmin.post(
            f"/org/roles/{Person.objects.get(user__username='admin').pk}/",
            {"admin_role": "system", "add_unit": root.pk, "add_role": "head"},
            follow=True,
        ).content.decode()
    )
    own = Person.objects.get(user__username="secadmin")
    refused = secadmin.post(f"/org/roles/{own.pk}/", {"admin_role": "security"}).content.decode()
    assert "不能修改自己的角色与权限" in refused
