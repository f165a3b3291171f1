"""Org changes go through services: the right is checked, history and the audit log are written."""

import pytest

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Membership, Person, RightsProposal, Unit


def test_system_admin_creates_a_unit_under_a_parent(user, demo):
    # given
    root = Unit.objects.get(code="swzzb")
    # when
    unit = services.create_unit(
        actor=user("admin"),
        code="dx",
        name="党校联络科",
        kind=UnitKind.SECTION,
        parent=root,
        aliases=["联络科", " 联络科 ", ""],
    )
    # then
    assert unit.tree_path == f"{root.tree_path}{unit.pk:010d}/"
    assert unit.aliases == ["联络科"]
    assert unit.history.first().history_user.username == "admin"


@pytest.mark.parametrize("username", ["head", "secadmin", "auditor", "gb1-head"])
def test_only_the_system_admin_changes_units(user, demo, username):
    with pytest.raises(Forbidden) as exc:
        services.create_unit(actor=user(username), code="x1", name="某科", kind=UnitKind.SECTION)
    assert exc.value.message == "您没有执行此操作的权限"
    assert not Unit.objects.filter(code="x1").exists()


def test_duplicate_unit_code_is_refused(user, demo):
    with pytest.raises(InvalidInput, match="已被占用"):
        services.create_unit(actor=user("admin"), code="gb1", name="重复", kind=UnitKind.SECTION)


def test_an_approved_move_moves_the_units_subtree(user, demo):
    admin = user("admin")
    root = Unit.objects.get(code="swzzb")
    bureau = services.create_unit(
        actor=admin, code="gbc", name="干部工作处", kind=UnitKind.DEPARTMENT, parent=root
    )
    child = services.create_unit(
        actor=admin, code="gbc1", name="干部工作处一科", kind=UnitKind.SECTION, parent=bureau
    )
    county = Unit.objects.get(code="jcq")
    services.update_unit(bureau, actor=admin, parent=county)
    services.approve_proposals([RightsProposal.objects.get(kind="move").pk], actor=user("secadmin"))
    child.refresh_from_db()
    assert child.tree_path.startswith(county.tree_path)


def test_accounts_created_by_an_admin_must_change_password(user, demo):
    person = services.create_person(
        actor=user("admin"),
        username="newbie",
        name="新同志",
        password="Qingfeng-2026!",
        unit=Unit.objects.get(code="gb1"),
    )
    assert person.must_change_password
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_CREATED, target="newbie").exists()


@pytest.mark.parametrize(
    "password, reason", [("short1", "太短"), ("1234567890123", "只包含数字"), ("password123", "太常见")]
)
def test_weak_passwords_are_refused(user, demo, password, reason):
    with pytest.raises(InvalidInput, match=reason):
        services.create_person(actor=user("admin"), username="weak", name="弱密码", password=password)
    assert not Person.objects.filter(user__username="weak").exists()


def test_security_admin_grants_roles_and_it_is_audited(user, demo):
    person = Person.objects.get(user__username="gb2-staff")
    gb2 = Unit.objects.get(code="gb2")
    services.set_roles(person, actor=user("secadmin"), roles=[(gb2, Role.SECTION_HEAD)])
    assert list(person.memberships.values_list("role", flat=True)) == [Role.SECTION_HEAD]
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED, target="gb2-staff").first()
    assert event.actor.username == "secadmin"
    assert event.detail["after"] == [["gb2", Role.SECTION_HEAD]]
    # The auditor reads units by name, each role beside its unit.
    assert event.detail_text == "干部二科·干部 → 干部二科·科室负责人"


def test_system_admin_cannot_grant_roles(user, demo):
    person = Person.objects.get(user__username="gb2-staff")
    with pytest.raises(Forbidden):
        services.set_roles(person, actor=user("admin"), roles=[(Unit.objects.get(code="gb2"), Role.HEAD)])
    assert list(person.memberships.values_list("role", flat=True)) == [Role.STAFF]


def test_admin_roles_exclude_business_roles(user, demo):
    secadmin = user("secadmin")
    person = Person.objects.get(user__username="gb2-staff")
    with pytest.raises(InvalidInput, match="三员分立"):
        services.set_admin_role(person, actor=secadmin, admin_role=AdminRole.AUDIT)
    services.set_rights(person, actor=secadmin, admin_role=AdminRole.AUDIT, roles=[], oversight=[])
    person.refresh_from_db()
    assert person.admin_role == AdminRole.AUDIT and not person.memberships.exists()


def test_the_attack_the_security_admin_makes_no_administrator_of_an_account_whose_password_he_saw(user, demo):
    """He approves a reset (or a new account's first password) and is shown its second half; with the
    first (the two administrators together), made an administrator, the account would be a second
    administrator's seat (三员分立). The account keeps no password anyone knew, and its sessions and
    tokens end."""
    from django.test import Client

    clerk = Person.objects.get(user__username="gb2-staff")
    first = services.propose_password_reset(clerk, actor=user("admin"))
    proposal = RightsProposal.objects.get(person=clerk, kind="reset", status="pending")
    shown = first.half + services.approve_proposals([proposal.pk], actor=user("secadmin")).halves[0].half
    assert RightsProposal.objects.get(pk=proposal.pk).status == "approved"
    holder = Client()
    holder.post("/accounts/login/", {"username": "gb2-staff", "password": shown})
    services.set_rights(clerk, actor=user("secadmin"), admin_role=AdminRole.AUDIT, roles=[], oversight=[])
    clerk = Person.objects.select_related("user").get(pk=clerk.pk)
    assert clerk.admin_role == AdminRole.AUDIT and not clerk.user.has_usable_password()
    assert Client().post("/accounts/login/", {"username": "gb2-staff", "password": shown}).status_code == 200
    assert holder.get("/accounts/password/").status_code == 302  # the session he opened ended
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCESS_REVOKED, target="gb2-staff", detail__reason="admin_role_granted"
    ).exists()


def test_the_attack_the_security_admin_neither_demotes_nor_moves_another_administrator(user, demo):
    """Taking the audit admin's role away would leave his own acts unwatched; making a business leader a
    security admin took the leader's roles away. An administrator's role is changed only on the server."""
    auditor = Person.objects.get(user__username="auditor")
    for role in ("", AdminRole.SYSTEM, AdminRole.SECURITY):
        with pytest.raises(InvalidInput, match="luoshi disableadmin") as refused:
            services.set_rights(auditor, actor=user("secadmin"), admin_role=role, roles=[], oversight=[])
        assert refused.value.code == "separation_of_duties"
    auditor.refresh_from_db()
    assert auditor.admin_role == AdminRole.AUDIT
    assert not SecurityEvent.objects.filter(
        kind=SecurityEventKind.ADMIN_ROLE_CHANGED, target="auditor"
    ).exists()


def test_nobody_changes_their_own_admin_role(user, demo):
    me = Person.objects.get(user__username="secadmin")
    with pytest.raises(InvalidInput, match="自己"):
        services.set_admin_role(me, actor=user("secadmin"), admin_role="")


def test_only_leaders_oversee_units(user, demo):
    staff = Person.objects.get(user__username="gb1-staff")
    with pytest.raises(InvalidInput, match="不是部领导"):
        services.set_oversight(staff, actor=user("secadmin"), units=[Unit.objects.get(code="gb2")])


def test_unknown_role_is_refused(user, demo):
    person = Person.objects.get(user__username="gb2-staff")
    with pytest.raises(InvalidInput, match="未知的角色"):
        services.set_roles(person, actor=user("secadmin"), roles=[(Unit.objects.get(code="gb2"), "boss")])
    assert Membership.objects.filter(person=person, role=Role.STAFF).exists()


def _imported(user) -> dict[tuple[str, str, str], int]:
    """The GOOD workbook imported by the system admin: its grants by (username, unit code, role)."""
    from tests.core.ledgers import upload
    from tests.org.test_imports import GOOD

    services.import_org(actor=user("admin"), upload=upload(GOOD, "组织架构.xlsx"))
    return {
        (u, c, r): pk
        for pk, u, c, r in RightsProposal.objects.filter(kind="grant").values_list(
            "pk", "person__user__username", "unit__code", "role"
        )
    }


def test_the_security_admin_approves_all_proposals_in_one_step_each_grant_audited(user, demo):
    proposals = _imported(user)
    assert services.approve_proposals(proposals.values(), actor=user("secadmin")).count == 5
    vice = Person.objects.get(user__username="vice")
    assert list(vice.memberships.values_list("unit__code", "role")) == [("city", "deputy")]
    assert sorted(vice.oversights.values_list("unit__code", flat=True)) == ["s1", "s2"]
    assert Person.objects.get(user__username="boss").memberships.get().role == Role.HEAD
    grants = SecurityEvent.objects.filter(actor__username="secadmin", target__in=["boss", "vice", "clerk"])
    assert sorted(grants.values_list("target", "kind")) == [
        ("boss", SecurityEventKind.ROLE_CHANGED),
        ("clerk", SecurityEventKind.ROLE_CHANGED),
        ("vice", SecurityEventKind.OVERSIGHT_CHANGED),
        ("vice", SecurityEventKind.ROLE_CHANGED),
    ]
    oversight = grants.get(kind=SecurityEventKind.OVERSIGHT_CHANGED)
    names = Unit.objects.filter(code__in=["s1", "s2"]).order_by("code")
    assert oversight.detail_text == "无 → " + "、".join(u.display_name for u in names)
    assert set(RightsProposal.objects.filter(kind="grant").values_list("status", "decided_by__username")) == {
        ("approved", "secadmin")
    }


def test_approving_a_selection_keeps_held_roles_and_leaves_the_rest_pending(user, demo):
    proposals = _imported(user)
    clerk = Person.objects.get(user__username="clerk")
    services.set_roles(clerk, actor=user("secadmin"), roles=[(Unit.objects.get(code="s2"), Role.INSPECTOR)])
    services.approve_proposals([proposals[("clerk", "s1", "staff")]], actor=user("secadmin"))
    assert sorted(clerk.memberships.values_list("unit__code", "role")) == [
        ("s1", "staff"),
        ("s2", "inspector"),
    ]
    assert RightsProposal.objects.filter(status="pending", kind="grant").count() == 4


@pytest.mark.parametrize("username", ["admin", "auditor", "head"])
def test_only_the_security_admin_approves_never_the_system_admin(user, demo, username):
    proposals = _imported(user)
    with pytest.raises(Forbidden) as exc:
        services.approve_proposals(proposals.values(), actor=user(username))
    assert exc.value.message == "您没有执行此操作的权限"
    assert not Membership.objects.filter(person__user__username__in=["boss", "vice", "clerk"]).exists()
    assert set(RightsProposal.objects.values_list("status", flat=True)) == {"pending"}


def test_a_proposal_that_would_give_an_admin_a_business_role_is_refused(user, demo):
    proposals = _imported(user)
    boss = Person.objects.get(user__username="boss")
    services.set_admin_role(boss, actor=user("secadmin"), admin_role=AdminRole.AUDIT)
    with pytest.raises(InvalidInput) as exc:
        services.approve_proposals(proposals.values(), actor=user("secadmin"))
    assert exc.value.message == "张部长（boss）是管理员账号，不能担任业务角色或分管（三员分立）"
    assert not Membership.objects.filter(person__user__username__in=["boss", "vice", "clerk"]).exists()
    assert set(RightsProposal.objects.values_list("status", flat=True)) == {"pending"}


def test_oversight_without_the_leader_role_is_refused_and_nothing_changes(user, demo):
    proposals = _imported(user)
    with pytest.raises(InvalidInput, match="李副部长不是部领导，不能分管科室"):
        services.approve_proposals(
            [proposals[("clerk", "s1", "staff")], proposals[("vice", "s1", "")]], actor=user("secadmin")
        )
    assert not Membership.objects.filter(person__user__username="clerk").exists()
    assert set(RightsProposal.objects.values_list("status", flat=True)) == {"pending"}


def test_refused_proposals_grant_nothing_and_cannot_be_decided_again(user, demo):
    proposals = _imported(user)
    boss = proposals[("boss", "city", "head")]
    assert services.refuse_proposals([boss], actor=user("secadmin")) == 1
    assert not Membership.objects.filter(person__user__username="boss").exists()
    with pytest.raises(Conflict, match="已被处理或不存在"):
        services.approve_proposals([boss], actor=user("secadmin"))
    with pytest.raises(InvalidInput, match="请至少选择一条"):
        services.approve_proposals([], actor=user("secadmin"))


@pytest.mark.parametrize("target", ["auditor", "secadmin"])
def test_the_system_admin_cannot_disable_another_kind_of_admin(user, demo, target):
    person = Person.objects.get(user__username=target)
    with pytest.raises(Forbidden) as exc:
        services.update_person(person, actor=user("admin"), name="改名", unit=None, is_active=False)
    assert exc.value.message == "不能停用或启用其他类别管理员的账号（三员分立）"
    person.refresh_from_db()
    assert person.user.is_active and person.name != "改名"


def test_deactivation_ends_every_session_and_token(user, demo, client_as):
    from knox.models import AuthToken

    from luoshi.accounts.services import issue_token

    browser = client_as("gb1-staff")
    issue_token(user("gb1-staff"))
    person = Person.objects.get(user__username="gb1-staff")
    services.update_person(person, actor=user("admin"), name=person.name, unit=person.unit, is_active=False)
    assert browser.get("/tasks/inbox/").status_code == 302
    assert not AuthToken.objects.filter(user__username="gb1-staff").exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCESS_REVOKED, username="gb1-staff", detail__reason="deactivated"
    ).exists()


def test_the_server_resets_an_admin_password_and_its_second_factor(user, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user("auditor"), name="认证器", confirmed=True)
    person = services.reset_admin_password("auditor", "Shen-Ji-2026-x", remove_two_factor=True)
    assert person.user.check_password("Shen-Ji-2026-x")
    assert Person.objects.get(pk=person.pk).must_change_password
    assert not TOTPDevice.objects.filter(user__username="auditor").exists()
    with pytest.raises(InvalidInput, match="不是管理员账号"):
        services.reset_admin_password("gb1-staff", "Shen-Ji-2026-x")


def test_email_and_mobile_are_set_and_checked(user, demo):
    from luoshi.core.errors import InvalidInput
    from luoshi.org import services as org_services
    from luoshi.org.models import Person

    person = Person.objects.get(user__username="gb1-staff")
    org_services.update_person(
        person,
        actor=user("admin"),
        name=person.name,
        unit=person.unit,
        phone="138 0000 0000",
        email="xujia@org.cn",
    )
    person.refresh_from_db()
    assert (person.user.email, person.phone) == ("", "13800000000")  # another's e-mail is proposed
    waiting = org_services.pending_address(person=person)
    assert waiting is not None and waiting.new_address == "xujia@org.cn"
    org_services.approve_proposals([waiting.pk], actor=user("secadmin"))
    person.refresh_from_db()
    assert person.user.email == "xujia@org.cn"
    for email, phone, code in [("not-an-address", "", "invalid_email"), ("", "12345", "invalid_phone")]:
        with pytest.raises(InvalidInput) as refused:
            org_services.update_person(
                person, actor=user("admin"), name=person.name, unit=person.unit, phone=phone, email=email
            )
        assert refused.value.code == code and "格式不对" in refused.value.message
    person.refresh_from_db()
    assert (person.user.email, person.phone) == ("xujia@org.cn", "13800000000")


def test_a_section_head_lets_the_staff_sign_off_and_takes_it_back(user, demo):
    unit = Unit.objects.get(code="gb1")
    services.set_staff_acknowledge(unit, actor=user("gb1-head"), enabled=True)
    unit.refresh_from_db()
    assert unit.staff_acknowledge
    assert unit.history.latest().history_user == user("gb1-head")
    services.set_staff_acknowledge(unit, actor=user("gb1-head"), enabled=False)
    unit.refresh_from_db()
    assert not unit.staff_acknowledge


@pytest.mark.parametrize("username", ["gb1-staff", "gb2-staff", "deputy1", "head", "admin"])
def test_only_the_units_own_head_decides_who_signs_off(user, demo, username):
    unit = Unit.objects.get(code="gb1")
    with pytest.raises(Forbidden):
        services.set_staff_acknowledge(unit, actor=user(username), enabled=True)
    unit.refresh_from_db()
    assert not unit.staff_acknowledge


def test_set_rights_says_whether_it_made_the_account_an_administrator_now(user):
    clerk = Person.objects.get(user__username="gb2-staff")
    secadmin = user("secadmin")
    gb2 = clerk.memberships.get().unit
    kept = [(gb2, clerk.memberships.get().role)]
    assert services.set_rights(clerk, actor=secadmin, admin_role="", roles=kept, oversight=[]) is False
    made = services.set_rights(clerk, actor=secadmin, admin_role=AdminRole.AUDIT, roles=[], oversight=[])
    assert made is True
    clerk = Person.objects.get(pk=clerk.pk)
    again = services.set_rights(clerk, actor=secadmin, admin_role=AdminRole.AUDIT, roles=[], oversight=[])
    assert again is False
