"""Every change to the organization: units, people, accounts, roles and oversight.

Each function takes the acting user, checks the right, writes in one transaction and leaves
history (simple_history) and, for rights, a row in the security audit log.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import Account, SecurityEventKind
from luoshi.accounts.services import (
    check_new_password,
    require_password_change,
    revoke_access,
    set_up_account,
)
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from ..choices import Role, UnitKind
from ..models import Membership, Oversight, Person, Unit
from ..scopes import forget
from .addresses import pending_address as pending_address
from .addresses import propose_email
from .aliases import refuse_taken_alias
from .structure import check_deactivation, check_parent, propose_home_unit, propose_move, write_unit
from .structure import pending_home_unit as pending_home_unit

User = get_user_model()
UNIT_FIELDS = ("code", "name", "short_name", "aliases", "kind", "parent", "sort_order", "is_active", "duties")


def _clean_aliases(aliases: Iterable[str] | None) -> list[str]:
    seen: list[str] = []
    for alias in aliases or ():
        alias = alias.strip()
        if alias and alias not in seen:
            seen.append(alias)
    return seen


def _check_unit(unit: Unit, *, aliases_changed: bool = True) -> None:
    if not unit.code or not unit.name:
        raise InvalidInput("单位代码和名称不能为空")
    if unit.kind not in UnitKind.values():
        raise InvalidInput(f"未知的单位类型：{unit.kind}")
    if Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        raise InvalidInput(f"单位代码“{unit.code}”已被占用", "duplicate_code")
    if aliases_changed:
        for alias in unit.aliases:
            refuse_taken_alias(alias, unit)


@transaction.atomic
def create_unit(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    aliases: Iterable[str] = (),
    sort_order: int = 0,
    duties: str = "",
) -> Unit:
    """A new unit is placed under ``parent`` with its ``kind`` at once, not proposed like a move or a
    change of type (``update_unit``): it holds no work and nobody holds a role in it until the security
    admin grants one, so neither its place nor its type gives anybody authority over existing work or
    people. Its parent must still make sense (``check_parent``)."""
    require(actor, "org.manage_org")
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        parent=parent,
        short_name=short_name.strip(),
        aliases=_clean_aliases(aliases),
        sort_order=sort_order,
        duties=duties.strip(),
    )
    _check_unit(unit)
    check_parent(unit, parent)
    return write_unit(unit, actor)


@transaction.atomic
def update_unit(unit: Unit, *, actor: Any, **changes: Any) -> Unit:
    """The unit's own facts change at once; a new ``parent`` or ``kind`` does not: it is proposed to the
    security admin (``structure.propose_move``) and the unit keeps its parent and type until approved. It
    is taken out of use (停用) only once it holds nothing (``structure.check_deactivation``)."""
    require(actor, "org.manage_org")
    unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    parent = changes.pop("parent", unit.parent)
    kind = changes.pop("kind", unit.kind)
    for name, value in changes.items():
        if name not in UNIT_FIELDS:
            raise InvalidInput(f"不能修改字段：{name}")
        if name == "is_active" and unit.is_active and not value:
            check_deactivation(unit)
        if name == "aliases":
            value = _clean_aliases(value)
        elif name == "duties":
            value = (value or "").strip()
        setattr(unit, name, value)
    _check_unit(unit, aliases_changed="aliases" in changes)
    unit = write_unit(unit, actor)
    propose_move(unit, parent, actor=actor, kind=kind)
    return unit


@functools.lru_cache(maxsize=4)
def _shared_demo_hash(password: str) -> str:
    """Demo accounts share one published password; hashing it fifty times would cost the demo 15 s."""
    return make_password(password)


def _new_user(username: str, password: str | None, *, demo: bool = False) -> Any:
    """Demo accounts get the demo's published password as it is: the password rules are for real accounts.
    None leaves the account without a usable password until an approved reset draws one."""
    username = username.strip()
    if not username:
        raise InvalidInput("账号不能为空")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"账号“{username}”已存在", "duplicate_username")
    user = User(username=username)
    if password is None:
        user.set_unusable_password()
    elif demo:
        user.password = _shared_demo_hash(password)
    else:
        check_new_password(password, user)
        user.set_password(password)  # saving it keeps it in the password history
    user.save()
    return user


MOBILE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}")


def check_contact(email: str, phone: str) -> tuple[str, str]:
    """The address notifications are e-mailed to and the mobile, each checked so that a typo is caught
    where it is typed rather than as a failed delivery."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email, phone = (email or "").strip(), re.sub(r"[\s()（）]", "", phone or "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(
                f"邮箱地址“{email}”格式不对，应如 zhangsan@example.gov.cn",
                "invalid_email",
                errors={"email": ["邮箱地址格式不对"]},
            ) from None
    if phone and not MOBILE.fullmatch(phone.removeprefix("+86")):
        raise InvalidInput(
            f"手机号“{phone}”格式不对，应为11位手机号（或带区号的固定电话）",
            "invalid_phone",
            errors={"phone": ["手机号格式不对"]},
        )
    return email, phone


@transaction.atomic
def create_person(
    *,
    actor: Any,
    username: str,
    name: str,
    password: str | None,
    unit: Unit | None = None,
    title: str = "",
    phone: str = "",
    must_change_password: bool = True,
    admin_role: str = "",
    is_demo: bool = False,
    email: str = "",
) -> Person:
    """Accounts an admin creates must change their password at first login. The new account's e-mail is
    someone else's address chosen by the system admin, like a changed one: proposed to the security admin
    (``addresses.propose_email``, 原地址 empty), so no notification reaches it before the approval.

    ``password`` None leaves the account without a usable password: ``resets.create_account``, the
    system admin's form and import, proposes its first password in the same transaction, so that no
    administrator alone ever knows it. A password is for trusted server-side callers only (the demo,
    tests)."""
    require(actor, "org.manage_accounts")
    if not name.strip():
        raise InvalidInput("姓名不能为空")
    email, phone = check_contact(email, phone)
    if admin_role and admin_role not in AdminRole.values():
        raise InvalidInput(f"未知的管理员角色：{admin_role}")
    if admin_role and password is None:
        raise InvalidInput("管理员账号须在服务器上创建：luoshi createadmin")
    user = _new_user(username, password, demo=is_demo)
    set_up_account(user, admin_role=admin_role, must_change_password=must_change_password, is_demo=is_demo)
    person = Person(user=user, name=name.strip(), unit=unit, title=title, phone=phone)
    attribute_history(actor, person)
    person.save()
    record(
        SecurityEventKind.ACCOUNT_CREATED,
        actor=actor,
        target=user.username,
        detail={"name": person.name, "admin_role": admin_role},
    )
    if email:
        propose_email(person, email, actor=actor)
    return person


@transaction.atomic
def update_person(
    person: Person,
    *,
    actor: Any,
    name: str,
    unit: Unit | None,
    title: str = "",
    phone: str = "",
    is_active: bool = True,
    email: str | None = None,
) -> Person:
    """``email`` None leaves the address as it is (callers that do not carry it); another's new address
    is proposed to the security admin (``addresses.propose_email``), one's own is set at once. A business
    user's new home unit is proposed as well (``structure.propose_home_unit``); an admin account's, which
    reaches no business data, is set at once."""
    require(actor, "org.manage_accounts")
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    if not name.strip():
        raise InvalidInput("姓名不能为空")
    checked, phone = check_contact(email or "", phone)
    if email is not None and checked != person.user.email:
        if person.user_id == actor.pk:
            person.user.email = checked
            person.user.save(update_fields=["email"])
        else:
            propose_email(person, checked, actor=actor)
    if person.user.is_active != is_active:
        if person.user_id == actor.pk:
            raise InvalidInput("不能停用自己的账号")
        require(actor, "org.deactivate_person", person, "不能停用或启用其他类别管理员的账号（三员分立）")
    if person.admin_role:
        person.unit = unit
    else:
        propose_home_unit(person, unit, actor=actor)
    person.name, person.title, person.phone = name.strip(), title, phone
    attribute_history(actor, person)
    person.save()
    if person.user.is_active != is_active:
        person.user.is_active = is_active
        person.user.save(update_fields=["is_active"])
        record(
            SecurityEventKind.ACCOUNT_DISABLED,
            actor=actor,
            target=person.username,
            detail={"active": is_active},
        )
        if not is_active:
            revoke_access(person.user, reason="deactivated", actor=actor)
    return person


@transaction.atomic
def set_roles(person: Person, *, actor: Any, roles: Sequence[tuple[Unit, str]]) -> list[Membership]:
    """Replace a person's business roles (安全管理员 grants rights; 系统管理员 only keeps accounts)."""
    require(actor, "org.manage_roles")
    return _replace_roles(person, actor, roles)


def _replace_roles(person: Person, actor: Any, roles: Sequence[tuple[Unit, str]]) -> list[Membership]:
    if person.admin_role and roles:
        raise InvalidInput("管理员账号不能同时担任业务角色（三员分立）", "separation_of_duties")
    for _, role in roles:
        if role not in Role.values():
            raise InvalidInput(f"未知的角色：{role}", "unknown_role")
    held = list(person.memberships.select_related("unit"))
    before = sorted((m.unit.code, m.role) for m in held)
    after = sorted({(unit.code, role) for unit, role in roles})
    if before == after:
        return list(person.memberships.all())
    for membership in person.memberships.all():
        attribute_history(actor, membership)
        membership.delete()
    created = []
    for unit, role in {(u, r) for u, r in roles}:
        membership = Membership(person=person, unit=unit, role=role)
        attribute_history(actor, membership)
        membership.save()
        created.append(membership)
    record(
        SecurityEventKind.ROLE_CHANGED,
        actor=actor,
        target=person.username,
        detail={
            "before": [list(x) for x in before],
            "after": [list(x) for x in after],
            # the units by name, as they were named on the day
            "units": {m.unit.code: m.unit.display_name for m in held}
            | {u.code: u.display_name for u, _ in roles},
        },
    )
    forget(person.user)
    return created


@transaction.atomic
def set_oversight(leader: Person, *, actor: Any, units: Iterable[Unit]) -> list[Oversight]:
    require(actor, "org.manage_roles")
    return _replace_oversight(leader, actor, units)


def _replace_oversight(leader: Person, actor: Any, units: Iterable[Unit]) -> list[Oversight]:
    units = list({u.pk: u for u in units}.values())
    if units and not leader.memberships.filter(role__in=[Role.HEAD, Role.DEPUTY]).exists():
        raise InvalidInput(f"{leader.name}不是部领导，不能分管科室", "not_a_leader")
    before_names = {o.unit.code: o.unit.display_name for o in leader.oversights.select_related("unit")}
    before = sorted(before_names)
    after = sorted(u.code for u in units)
    if before == after:
        return list(leader.oversights.all())
    for oversight in leader.oversights.all():
        attribute_history(actor, oversight)
        oversight.delete()
    created = []
    for unit in units:
        oversight = Oversight(leader=leader, unit=unit)
        attribute_history(actor, oversight)
        oversight.save()
        created.append(oversight)
    record(
        SecurityEventKind.OVERSIGHT_CHANGED,
        actor=actor,
        target=leader.username,
        detail={
            "before": before,
            "after": after,
            "units": before_names | {u.code: u.display_name for u in units},
        },
    )
    return created


@transaction.atomic
def set_rights(
    person: Person,
    *,
    actor: Any,
    admin_role: str,
    roles: Sequence[tuple[Unit, str]],
    oversight: Iterable[Unit],
) -> bool:
    """The security admin's one form: an admin role excludes business roles, so they change together.
    Making someone an admin clears the roles he holds; a role newly asked for beside an admin role is
    refused, not dropped, so the form never says it saved what it did not. True when the account was
    made an administrator now (``set_admin_role``)."""
    require(actor, "org.manage_roles")
    if person.user_id == actor.pk:
        raise InvalidInput("不能修改自己的角色与权限（三员分立）", "separation_of_duties")
    held = {(m.unit_id, m.role) for m in person.memberships.all()}
    if admin_role and any((unit.pk, role) not in held for unit, role in roles):
        raise InvalidInput(
            "三员分立：管理员不能同时担任业务角色。要授予业务角色，请先把管理员角色改为“（不是管理员）”",
            "separation_of_duties",
        )
    if admin_role:
        _replace_oversight(person, actor, [])
        _replace_roles(person, actor, [])
        return set_admin_role(person, actor=actor, admin_role=admin_role)
    set_admin_role(person, actor=actor, admin_role="")  # an administrator stays one: refused there
    _replace_roles(person, actor, roles)
    _replace_oversight(person, actor, oversight)
    return False


ADMIN_ROLE_ON_SERVER = (
    "管理员账号的管理员角色不能在网页上更改或撤销（三员分立）：停用管理员账号请在服务器上运行 "
    "luoshi disableadmin 账号"
)


@transaction.atomic
def set_admin_role(person: Person, *, actor: Any, admin_role: str) -> bool:
    """The security admin makes a business account an administrator; an administrator's role is never
    changed or taken away on the web: the security admin would otherwise demote the audit admin whose log
    watches him, or move another administrator to a seat of his choosing. Retiring one is a shell's act
    (``disable_admin``). True when the account was made an administrator now: its password is void."""
    require(actor, "org.manage_roles")
    if admin_role and admin_role not in AdminRole.values():
        raise InvalidInput(f"未知的管理员角色：{admin_role}")
    if person.user_id == actor.pk:
        raise InvalidInput("不能修改自己的管理员角色", "separation_of_duties")
    if admin_role and person.memberships.exists():
        raise InvalidInput("该人员担任业务角色，不能同时设为管理员（三员分立）", "separation_of_duties")
    person = Person.objects.select_related("user").get(pk=person.pk)
    account = Account.objects.select_for_update().get_or_create(user=person.user)[0]
    before = account.admin_role
    if before == admin_role:
        return False
    if before:
        raise InvalidInput(ADMIN_ROLE_ON_SERVER, "separation_of_duties")
    account.admin_role = admin_role
    account.save(update_fields=["admin_role"])
    record(
        SecurityEventKind.ADMIN_ROLE_CHANGED,
        actor=actor,
        target=person.username,
        detail={"before": before, "after": admin_role},
    )
    if admin_role:
        _void_password_for_admin(person.user, actor)
    forget(person.user)
    return bool(admin_role)


def _void_password_for_admin(user: Any, actor: Any) -> None:
    """An account made an administrator keeps no password anyone knew: the security admin approved its
    first password or a reset and was shown it, so made an administrator with it he would hold two of
    the three roles (三员分立). Its sessions and tokens end, and its holder gets a password as every
    administrator does, on the server (``luoshi createadmin --reset``)."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    require_password_change(user, actor=actor)
    revoke_access(user, reason="admin_role_granted", actor=actor)


@transaction.atomic
def bootstrap_admin(
    username: str,
    name: str,
    password: str,
    admin_role: str = AdminRole.SYSTEM,
    *,
    is_demo: bool = False,
    must_change_password: bool = False,
) -> Person:
    """The first administrators come from the command line (`luoshi createadmin`): a shell is the right."""
    if admin_role not in AdminRole.values():
        raise InvalidInput(f"未知的管理员角色：{admin_role}")
    user = _new_user(username, password, demo=is_demo)
    set_up_account(user, admin_role=admin_role, must_change_password=must_change_password, is_demo=is_demo)
    person = Person.objects.create(user=user, name=name)
    record(
        SecurityEventKind.ACCOUNT_CREATED, target=username, detail={"admin_role": admin_role, "via": "cli"}
    )
    return person


# The server's acts on administrators' accounts (the `luoshi createadmin --reset` and `disableadmin`
# commands), an alias recorded from an import's unit choice, a unit's delegations, the workbook import
# and the business passwords administrators set, in their own modules; callers keep calling them here.
from .admins import disable_admin as disable_admin
from .admins import reset_admin_password as reset_admin_password
from .aliases import add_unit_alias as add_unit_alias
from .delegation import set_assign_delegation as set_assign_delegation
from .delegation import set_staff_acknowledge as set_staff_acknowledge
from .org_import import Approved as Approved
from .org_import import ImportResult as ImportResult
from .org_import import approve_proposals as approve_proposals
from .org_import import import_org as import_org
from .org_import import refuse_proposals as refuse_proposals
from .resets import create_account as create_account
from .resets import propose_password_reset as propose_password_reset
