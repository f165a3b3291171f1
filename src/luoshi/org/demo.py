"""The demo organization: a city organization department with its sections and six county departments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from . import services
from .choices import AdminRole, Role, UnitKind
from .models import Person, Unit

ROOT = ("swzzb", "江城市委组织部", "市委组织部", ["部机关", "组织部", "市委组织部"])
# code, name, short name, aliases, people after the head and staff accounts (name, title)
SECTIONS = [
    ("bgs", "办公室", "办公室", ["部办公室", "部办"], [("吴晓燕", "副主任")]),
    ("gb1", "干部一科", "干部一科", ["一科", "干部科", "干部一处"], [("韩立新", "一级主任科员")]),
    ("gb2", "干部二科", "干部二科", ["二科", "干部二处"], [("冯春梅", "三级主任科员"), ("邓凯", "科员")]),
    ("gbjd", "干部监督科", "监督科", ["干部监督室", "监督科", "干部监督处"], [("萧文静", "副科长")]),
    ("zz1", "组织一科", "组织科", ["组织科", "组织一处"], [("曹国栋", "二级主任科员")]),
    ("jcdj", "基层党建科", "党建科", ["组织二科", "基层组织建设科", "党建办"], [("彭丽", "科员"), ("曾志强", "副科长")]),
    ("rc", "人才工作科", "人才科", ["人才办", "人才工作办公室", "人才科"], [("罗雪", "科员")]),
    ("gwy", "公务员管理科", "公务员科", ["公务员局", "公务员管理处"], [("蒋涛", "四级主任科员")]),
    ("yjs", "研究室", "研究室", ["政策法规研究室", "调研室"], [("沈悦", "科员")]),
    ("xxzx", "信息中心", "信息中心", ["信息科", "电教中心", "党员教育中心"], [("钟磊", "工程师")]),
]
COUNTIES = [
    ("jcq", "江城区委组织部", "江城区"), ("dhq", "东湖区委组织部", "东湖区"), ("xsq", "西山区委组织部", "西山区"),
    ("qhx", "清河县委组织部", "清河县"), ("ylx", "云岭县委组织部", "云岭县"), ("bsx", "白沙县委组织部", "白沙县"),
]
HEAD = ("head", "陈建国", "部长")
DEPUTIES = [
    ("deputy1", "刘振华", "常务副部长", ["bgs", "gb1", "gb2"]),
    ("deputy2", "王秀英", "副部长", ["gbjd", "gwy"]),
    ("deputy3", "李明远", "副部长", ["zz1", "jcdj", "yjs"]),
    ("deputy4", "赵海燕", "副部长（兼人才办主任）", ["rc", "xxzx"]),
]
SECTION_HEADS = ["周文斌", "孙丽娟", "马志刚", "胡雅琴", "郭建平", "何晓东", "高思远", "林婉婷", "黄德胜", "朱晨阳"]
SECTION_STAFF = ["徐佳", "谢宇航", "宋雨桐", "唐浩然", "许梦婷", "邓子涵", "袁博文", "傅晓琳", "程昊", "苏婧"]
COUNTY_HEADS = ["杜卫东", "叶红梅", "田振宇", "潘静", "董建军", "袁丽华"]
ADMINS = [("admin", "系统管理员", AdminRole.SYSTEM), ("secadmin", "安全管理员", AdminRole.SECURITY),
          ("auditor", "审计管理员", AdminRole.AUDIT)]


@dataclass
class DemoAccount:
    username: str
    name: str
    what: str


def load_org() -> list[DemoAccount]:
    password = settings.LUOSHI_DEMO_PASSWORD
    admins = {role: services.bootstrap_admin(username, name, password, role, is_demo=True)
              for username, name, role in ADMINS}
    accounts = [DemoAccount("admin", "系统管理员", "系统管理员：单位、人员、导入"),
                DemoAccount("secadmin", "安全管理员", "安全管理员：角色授权、解锁"),
                DemoAccount("auditor", "审计管理员", "审计管理员：安全审计日志")]
    system_admin, security_admin = admins[AdminRole.SYSTEM], admins[AdminRole.SECURITY]
    actor = system_admin.user
    grant = security_admin.user
    code, name, short, aliases = ROOT
    root = services.create_unit(actor=actor, code=code, name=name, short_name=short, aliases=aliases,
                                kind=UnitKind.DEPARTMENT)
    units: dict[str, Unit] = {}
    for order, (code, name, short, aliases, _) in enumerate(SECTIONS, start=1):
        units[code] = services.create_unit(actor=actor, code=code, name=name, short_name=short, aliases=aliases,
                                           kind=UnitKind.SECTION, parent=root, sort_order=order)
    for order, (code, name, short) in enumerate(COUNTIES, start=1):
        units[code] = services.create_unit(actor=actor, code=code, name=name, short_name=short,
                                           aliases=[short + "组织部"], kind=UnitKind.SUBORDINATE, parent=root,
                                           sort_order=100 + order)

    services.set_assign_delegation(units["bgs"], actor=grant, enabled=True)  # 办公室 hands out the department's work

    username, name, title = HEAD
    head = _person(actor, username, name, password, root, title)
    services.set_roles(head, actor=grant, roles=[(root, Role.HEAD)])
    accounts.append(DemoAccount(username, name, "部长：看全部"))
    for username, name, title, overseen in DEPUTIES:
        deputy = _person(actor, username, name, password, root, title)
        services.set_roles(deputy, actor=grant, roles=[(root, Role.DEPUTY)])
        services.set_oversight(deputy, actor=grant, units=[units[c] for c in overseen])
        accounts.append(DemoAccount(username, name, "分管 " + "、".join(units[c].name for c in overseen)))
    inspector = _person(actor, "inspector", "梁正", password, units["gbjd"], "督查专员")
    services.set_roles(inspector, actor=grant, roles=[(root, Role.INSPECTOR)])
    accounts.append(DemoAccount("inspector", "梁正", "督查员：查看全部，不能改"))

    for i, (code, name, _, _, others) in enumerate(SECTIONS):
        unit = units[code]
        chief = _person(actor, f"{code}-head", SECTION_HEADS[i], password, unit, "主任" if code in {"bgs", "yjs", "xxzx"} else "科长")
        services.set_roles(chief, actor=grant, roles=[(unit, Role.SECTION_HEAD)])
        staff = _person(actor, f"{code}-staff", SECTION_STAFF[i], password, unit, "科员")
        services.set_roles(staff, actor=grant, roles=[(unit, Role.STAFF)])
        accounts.append(DemoAccount(f"{code}-head", chief.name, f"{name}负责人"))
        accounts.append(DemoAccount(f"{code}-staff", staff.name, f"{name}干部"))
        for n, (other, other_title) in enumerate(others, start=2):
            person = _person(actor, f"{code}-{n}", other, password, unit, other_title)
            services.set_roles(person, actor=grant, roles=[(unit, Role.STAFF)])
    for i, (code, name, _) in enumerate(COUNTIES):
        chief = _person(actor, f"{code}-head", COUNTY_HEADS[i], password, units[code], "部长")
        services.set_roles(chief, actor=grant, roles=[(units[code], Role.HEAD)])
        accounts.append(DemoAccount(f"{code}-head", chief.name, f"{name}部长"))
    return accounts


def _person(actor: Any, username: str, name: str, password: str, unit: Unit | None, title: str) -> Person:
    return services.create_person(actor=actor, username=username, name=name, password=password, unit=unit,
                                  title=title, must_change_password=False, is_demo=True)
