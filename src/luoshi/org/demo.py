"""The demo organization: a city organization department with its sections and six county departments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from luoshi.accounts.choices import AdminRole

from . import services
from .choices import Role, UnitKind
from .models import Person, Unit

ROOT = ("swzzb", "江城市委组织部", "市委组织部", ["部机关", "组织部", "市委组织部"])
# code, name, short name, aliases, people after the head and staff accounts (name, title)
SECTIONS = [
    ("bgs", "办公室", "办公室", ["部办公室", "部办"], [("吴晓燕", "副主任")]),
    ("gb1", "干部一科", "干部一科", ["一科", "干部科", "干部一处"], [("韩立新", "一级主任科员")]),
    ("gb2", "干部二科", "干部二科", ["二科", "干部二处"], [("冯春梅", "三级主任科员"), ("邓凯", "科员")]),
    ("gbjd", "干部监督科", "监督科", ["干部监督室", "监督科", "干部监督处"], [("萧文静", "副科长")]),
    ("zz1", "组织一科", "组织科", ["组织科", "组织一处"], [("曹国栋", "二级主任科员")]),
    (
        "jcdj",
        "基层党建科",
        "党建科",
        ["组织二科", "基层组织建设科", "党建办"],
        [("彭丽", "科员"), ("曾志强", "副科长")],
    ),
    ("rc", "人才工作科", "人才科", ["人才办", "人才工作办公室", "人才科"], [("罗雪", "科员")]),
    ("gwy", "公务员管理科", "公务员科", ["公务员局", "公务员管理处"], [("蒋涛", "四级主任科员")]),
    ("yjs", "研究室", "研究室", ["政策法规研究室", "调研室"], [("沈悦", "科员")]),
    ("xxzx", "信息中心", "信息中心", ["信息科", "电教中心", "党员教育中心"], [("钟磊", "工程师")]),
]
COUNTIES = [
    ("jcq", "江城区委组织部", "江城区"),
    ("dhq", "东湖区委组织部", "东湖区"),
    ("xsq", "西山区委组织部", "西山区"),
    ("qhx", "清河县委组织部", "清河县"),
    ("ylx", "云岭县委组织部", "云岭县"),
    ("bsx", "白沙县委组织部", "白沙县"),
]
# 职责 as a 三定方案 words them: what the owner suggestion reads to rank units for ownerless requirements.
DUTIES = {
    "swzzb": "贯彻落实党中央和省委、市委关于组织工作的方针政策和决策部署；负责全市领导班子和干部队伍建设、"
    "基层组织建设、党员队伍建设、人才工作和公务员管理的宏观指导。",
    "bgs": "负责部机关日常运转，承担文电、会务、机要、保密、档案、"
    "信访、督查督办、政务信息、新闻宣传和对外联络工作；"
    "负责部机关财务、资产和后勤保障；负责部务会议的组织和议定事项的落实；承担部机关党建和干部职工教育管理。",
    "gb1": "负责市管党政领导班子和领导干部的考察、考核、任免、调配；负责领导班子分析研判和结构优化；"
    "负责干部选拔任用工作的政策研究和组织实施；负责年轻干部的发现培养和选拔使用；负责干部挂职锻炼和交流轮岗。",
    "gb2": "负责市属国有企业、高校、医院等事业单位领导班子和领导人员的考察、"
    "任免、管理；负责干部教育培训规划和组织实施，"
    "负责干部学习教育、调训和网络培训；负责干部档案管理和审核；负责机构编制以外的干部统计和信息管理。",
    "gbjd": "负责干部监督工作，受理干部选拔任用工作的举报和信访，开展选人用人专项检查和“一报告两评议”；"
    "负责领导干部个人有关事项报告的抽查核实；负责干部因私出国（境）管理；负责干部监督信息的收集和运用，"
    "负责干部考核结果的运用和问责，纠正选人用人不正之风。",
    "zz1": "负责党员队伍建设，负责发展党员、党员教育管理、党费收缴使用管理和党内统计；负责党组织关系转接；"
    "负责党内表彰、党员关爱帮扶和困难党员慰问；负责党的组织制度建设和党内法规执行；负责党组织换届选举工作的指导。",
    "jcdj": "负责基层党组织建设的规划和指导，负责农村、城市社区、"
    "机关、国有企业、学校、非公有制经济组织和社会组织等领域"
    "的基层党建工作；负责抓党建促乡村振兴和基层治理，负责软弱涣散基层党组织整顿、村（社区）“两委”班子建设和"
    "驻村第一书记选派管理；负责党支部标准化规范化建设和基层党建述职评议考核。",
    "rc": "负责全市人才工作的统筹协调，牵头制定人才发展规划和人才政策；"
    "负责高层次人才引进、培养、服务和联系专家工作；"
    "负责人才项目评审和人才平台建设；负责人才工作目标责任制考核；承担市委人才工作领导小组办公室日常工作。",
    "gwy": "负责公务员的录用、考核、奖励、职务职级晋升、调任转任和培训；负责公务员招考和遴选工作；"
    "负责参照公务员法管理单位的审批；负责公务员登记、统计和信息管理；负责公务员平时考核和年度考核的组织实施。",
    "yjs": "负责组织工作的调查研究和政策研究，起草部重要文稿、"
    "讲话和工作报告；负责组织工作理论研究和经验总结推广；"
    "负责组织工作制度建设的规划和制度文件审核；负责组织工作年度要点的起草；负责组工干部队伍建设和学习。",
    "xxzx": "负责组织工作信息化建设，负责党员信息管理系统、"
    "干部信息管理系统的建设运行和数据维护；负责网络安全和保密技术防范；"
    "负责党员远程教育和电化教育，负责党员教育电视片、网络课程等教育资源的制作和推广应用；负责12380举报平台技术保障。",
}
COUNTY_DUTIES = (
    "贯彻落实上级组织部门的部署，负责本{short}领导班子和干部队伍建设、基层组织建设、党员队伍建设、"
    "人才工作和公务员管理，指导本{short}乡镇（街道）和部门的组织工作。"
)
HEAD = ("head", "陈建国", "部长")
DEPUTIES = [
    ("deputy1", "刘振华", "常务副部长", ["bgs", "gb1", "gb2"]),
    ("deputy2", "王秀英", "副部长", ["gbjd", "gwy"]),
    ("deputy3", "李明远", "副部长", ["zz1", "jcdj", "yjs"]),
    ("deputy4", "赵海燕", "副部长（兼人才办主任）", ["rc", "xxzx"]),
]
SECTION_HEADS = [
    "周文斌",
    "孙丽娟",
    "马志刚",
    "胡雅琴",
    "郭建平",
    "何晓东",
    "高思远",
    "林婉婷",
    "黄德胜",
    "朱晨阳",
]
SECTION_STAFF = ["徐佳", "谢宇航", "宋雨桐", "唐浩然", "许梦婷", "邓子涵", "袁博文", "傅晓琳", "程昊", "苏婧"]
COUNTY_HEADS = ["杜卫东", "叶红梅", "田振宇", "潘静", "董建军", "袁丽华"]
ADMINS = [
    ("admin", "系统管理员", AdminRole.SYSTEM),
    ("secadmin", "安全管理员", AdminRole.SECURITY),
    ("auditor", "审计管理员", AdminRole.AUDIT),
]


@dataclass
class DemoAccount:
    username: str
    name: str
    what: str


def load_org() -> list[DemoAccount]:
    password = settings.LUOSHI_DEMO_PASSWORD
    admins = {
        role: services.bootstrap_admin(username, name, password, role, is_demo=True)
        for username, name, role in ADMINS
    }
    accounts = [
        DemoAccount("admin", "系统管理员", "系统管理员：单位、人员、导入"),
        DemoAccount("secadmin", "安全管理员", "安全管理员：角色授权、解锁"),
        DemoAccount("auditor", "审计管理员", "审计管理员：安全审计日志"),
    ]
    system_admin, security_admin = admins[AdminRole.SYSTEM], admins[AdminRole.SECURITY]
    actor = system_admin.user
    grant = security_admin.user
    code, name, short, aliases = ROOT
    root = services.create_unit(
        actor=actor,
        code=code,
        name=name,
        short_name=short,
        aliases=aliases,
        kind=UnitKind.DEPARTMENT,
        duties=DUTIES[code],
    )
    units: dict[str, Unit] = {}
    for order, (code, name, short, aliases, _) in enumerate(SECTIONS, start=1):
        units[code] = services.create_unit(
            actor=actor,
            code=code,
            name=name,
            short_name=short,
            aliases=aliases,
            kind=UnitKind.SECTION,
            parent=root,
            sort_order=order,
            duties=DUTIES[code],
        )
    for order, (code, name, short) in enumerate(COUNTIES, start=1):
        units[code] = services.create_unit(
            actor=actor,
            code=code,
            name=name,
            short_name=short,
            aliases=[short + "组织部"],
            kind=UnitKind.SUBORDINATE,
            parent=root,
            sort_order=100 + order,
            duties=COUNTY_DUTIES.format(short=short[-1]),
        )

    services.set_assign_delegation(
        units["bgs"], actor=grant, enabled=True
    )  # 办公室 hands out the department's work

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
        chief = _person(
            actor,
            f"{code}-head",
            SECTION_HEADS[i],
            password,
            unit,
            "主任" if code in {"bgs", "yjs", "xxzx"} else "科长",
        )
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
    return services.create_person(
        actor=actor,
        username=username,
        name=name,
        password=password,
        unit=unit,
        title=title,
        must_change_password=False,
        is_demo=True,
    )
