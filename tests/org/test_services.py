"""Org changes go through services: the right is checked, history and the audit log are written."""
import pytest

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.choices import AdminRole, Role, UnitKind
from luoshi.org.models import Membership, Person, Unit


def test_system_admin_creates_a_unit_under_a_parent(user, demo):
    # given
    root = Unit.objects.get(code="swzzb")
    # when
    unit = services.create_unit(actor=user("admin"), code="dx", name="党校联络科", kind=UnitKind.SECTION,
                                parent=root, aliases=["联络科", " 联络科 ", ""])
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


def test_moving_a_unit_moves_its_subtree_and_refuses_cycles(user, demo):
    admin = user("admin")
    gb1 = Unit.objects.get(code="gb1")
    child = services.create_unit(actor=admin, code="gb1a", name="一科一组", kind=UnitKind.SECTION, parent=gb1)
    gb2 = Unit.objects.get(code="gb2")
    services.update_unit(gb1, actor=admin, parent=gb2)
    child.refresh_from_db()
    assert child.tree_path.startswith(gb2.tree_path)
    with pytest.raises(InvalidInput, match="不能是本单位或其下级单位"):
        services.update_unit(Unit.objects.get(code="gb2"), actor=admin, parent=child)


def test_accounts_created_by_an_admin_must_change_password(user, demo):
    person = services.create_person(actor=user("admin"), username="newbie", name="新同志",
                                    password="Qingfeng-2026!", unit=Unit.objects.get(code="gb1"))
    assert person.must_change_password
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_CREATED, target="newbie").exists()


@pytest.mark.parametrize("password, reason", [("short1", "太短"), ("1234567890123", "只包含数字"),
                                              ("password123", "太常见")])
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


def test_reset_password_forces_a_change(user, demo):
    person = Person.objects.get(user__username="gb1-staff")
    password = services.reset_password(person, actor=user("admin"))
    person.refresh_from_db()
    assert person.must_change_password and person.user.check_password(password)


@pytest.mark.parametrize("target", ["secadmin", "auditor", "admin"])
def test_the_system_admin_never_resets_an_admin_password(user, demo, target):
    person = Person.objects.get(user__username=target)
    with pytest.raises(Forbidden) as exc:
        services.reset_password(person, actor=user("admin"))
    assert exc.value.message.startswith("管理员账号的密码不能由系统管理员重置")
    person.refresh_from_db()
    assert person.user.check_password("luoshi-demo") and not person.must_change_password


def test_a_business_reset_ends_every_session_and_token(user, demo, client_as):
    from knox.models import AuthToken

    from luoshi.accounts.services import issue_token

    browser = client_as("gb1-staff")
    issue_token(user("gb1-staff"))
    services.reset_password(Person.objects.get(user__username="gb1-staff"), actor=user("admin"))
    assert browser.get("/tasks/inbox/").status_code == 302
    assert not AuthToken.objects.filter(user__username="gb1-staff").exists()


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
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_REVOKED, username="gb1-staff",
                                        detail__reason="deactivated").exists()


def test_the_server_resets_an_admin_password_and_its_second_factor(user, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user("auditor"), name="认证器", confirmed=True)
    person = services.reset_admin_password("auditor", "Shen-Ji-2026-x", remove_two_factor=True)
    assert person.user.check_password("Shen-Ji-2026-x")
    assert Person.objects.get(pk=person.pk).must_change_password
    assert not TOTPDevice.objects.filter(user__username="auditor").exists()
    with pytest.raises(InvalidInput, match="不是管理员账号"):
        services.reset_admin_password("gb1-staff", "Shen-Ji-2026-x")
