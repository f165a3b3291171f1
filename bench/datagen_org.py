"""The generated province's org chart for bench/datagen.py: departments, sections, people and their
accounts, and the buffered writer every generated row goes through."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

CITIES = [
    "江城",
    "临川",
    "云州",
    "宁安",
    "青阳",
    "白鹭",
    "金沙",
    "望海",
    "丰泽",
    "南屏",
    "石门",
    "东岭",
    "西陵",
    "北川",
]
DEMO_COUNTIES = [
    ("jcq", "江城区"),
    ("dhq", "东湖区"),
    ("xsq", "西山区"),
    ("qhx", "清河县"),
    ("ylx", "云岭县"),
    ("bsx", "白沙县"),
]
COUNTY_SYLLABLES = "安宁平和顺昌兴盛丰泰永嘉新乐德华清远长寿福山海阳川河湖溪峰岭"
COUNTY_SECTIONS = [
    "办公室",
    "干部科",
    "组织科",
    "基层党建办",
    "人才办",
    "公务员科",
    "干部监督室",
    "研究室",
    "电教中心",
    "老干部科",
    "党员教育中心",
    "信息中心",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌志红海燕玉兰晓东雪梅振宇婷浩然思远佳琪"


@dataclass
class Org:
    units: list[dict[str, Any]] = field(default_factory=list)
    departments: list[dict[str, Any]] = field(default_factory=list)
    people: dict[int, list[int]] = field(default_factory=dict)  # unit id -> person ids
    users: dict[int, int] = field(default_factory=dict)  # person id -> user id
    heads: dict[int, int] = field(default_factory=dict)  # department id -> head person id
    deputies: dict[int, list[int]] = field(default_factory=dict)  # department id -> deputy person ids
    charge: dict[int, int] = field(default_factory=dict)  # section id -> deputy person id


class Writer:
    """Buffered multi-row inserts with explicit ids: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, batch: int = 20000):
        from django.db import connection

        self.connection, self.batch = connection, batch
        self.buffers: dict[Any, tuple[list[str], list[tuple]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, model: Any, row: dict[str, Any]) -> None:
        columns, rows = self.buffers.setdefault(model, (list(row), []))
        rows.append(tuple(row[c] for c in columns))
        if len(rows) >= self.batch:
            self.flush(model)

    def flush(self, model: Any = None) -> None:
        for each in [model] if model is not None else list(self.buffers):
            columns, rows = self.buffers[each]
            if rows:
                self._write(each._meta.db_table, columns, rows)
                self.counts[each._meta.db_table] = self.counts.get(each._meta.db_table, 0) + len(rows)
                rows.clear()

    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def stamp(day: dt.date, rng: random.Random) -> str:
    """A working-hours moment of ``day`` as the naive UTC text both databases read (Beijing = UTC+8)."""
    moment = dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60))) - dt.timedelta(
        hours=8
    )
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def build_org(writer: Writer, rng: random.Random, password_hash: str, joined: str) -> Org:
    from django.contrib.auth import get_user_model

    from luoshi.accounts.models import Account
    from luoshi.core.trees import child_path
    from luoshi.org.choices import Role, UnitKind
    from luoshi.org.demo import COUNTY_HEADS, DEPUTIES, HEAD, SECTION_HEADS, SECTION_STAFF, SECTIONS
    from luoshi.org.models import Membership, Oversight, Person, Unit

    User = get_user_model()
    org = Org()
    # Above every account already there (the admins), whatever the id sequences have handed out before.
    first = (
        max(
            User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
            Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )
        + 1
    )
    next_person = iter(range(first, 10**8))

    def unit(code: str, name: str, short: str, kind: str, parent: dict | None, order: int) -> dict:
        pk = len(org.units) + 1
        row = {
            "id": pk,
            "code": code,
            "name": name,
            "short_name": short,
            "aliases": "[]",
            "kind": kind,
            "parent_id": parent["id"] if parent else None,
            "tree_path": child_path(parent["tree_path"] if parent else None, pk),
            "sort_order": order,
            "is_active": True,
            "assigns_for_parent": False,
            "duties": "",
            "staff_acknowledge": False,
        }
        writer.add(Unit, row)
        org.units.append(row)
        org.people[pk] = []
        return row

    def person(
        at: dict,
        role: str | None,
        title: str,
        username: str | None = None,
        name: str | None = None,
        role_at: dict | None = None,
    ) -> int:
        pk = next(next_person)
        writer.add(
            User,
            {
                "id": pk,
                "password": password_hash,
                "last_login": None,
                "is_superuser": False,
                "username": username or f"u{pk:06d}",
                "first_name": "",
                "last_name": "",
                "email": "",
                "is_staff": False,
                "is_active": True,
                "date_joined": joined,
            },
        )
        writer.add(
            Person,
            {
                "id": pk,
                "user_id": pk,
                "name": name or person_name(rng),
                "unit_id": at["id"],
                "title": title,
                "phone": "",
            },
        )
        # A demo account (the published password), which never expires, like the demo's own.
        writer.add(Account, {"user_id": pk, "admin_role": "", "must_change_password": False, "is_demo": True})
        if role:
            writer.add(Membership, {"person_id": pk, "unit_id": (role_at or at)["id"], "role": role})
        org.people[at["id"]].append(pk)
        org.users[pk] = pk
        return pk

    def department(
        code: str,
        name: str,
        short: str,
        parent: dict | None,
        order: int,
        sections: Sequence[tuple[str, str]],
        head: tuple[str, str] | None = None,
        deputies: Sequence[tuple[str, str, list[str]]] = (),
    ) -> dict:
        dept = unit(code, name, short, UnitKind.SUBORDINATE if parent else UnitKind.DEPARTMENT, parent, order)
        org.departments.append(dept)
        head_name = head[1] if head else None
        org.heads[dept["id"]] = person(dept, Role.HEAD, "部长", head[0] if head else None, head_name)
        secs = [
            unit(f"{code}-{sc}" if parent else sc, sname, sname, UnitKind.SECTION, dept, i)
            for i, (sc, sname) in enumerate(sections, start=1)
        ]
        charged = deputies or [
            (None, None, [sc for sc, _ in sections[i::4]]) for i in range(min(4, len(sections)))
        ]
        by_code = {sc: s for (sc, _), s in zip(sections, secs)}
        org.deputies[dept["id"]] = []
        for username, dname, codes in charged:
            deputy = person(dept, Role.DEPUTY, "副部长", username, dname)
            org.deputies[dept["id"]].append(deputy)
            for sc in codes:
                writer.add(Oversight, {"leader_id": deputy, "unit_id": by_code[sc]["id"]})
                org.charge[by_code[sc]["id"]] = deputy
        for i, sec in enumerate(secs):
            demo = parent is None
            sc = sections[i][0]
            person(
                sec,
                Role.SECTION_HEAD,
                "科长",
                f"{sc}-head" if demo else None,
                SECTION_HEADS[i] if demo else None,
            )
            person(
                sec, Role.STAFF, "科员", f"{sc}-staff" if demo else None, SECTION_STAFF[i] if demo else None
            )
            for _ in range(rng.choice((1, 2, 2, 3))):
                person(sec, Role.STAFF, rng.choice(["科员", "副科长", "一级主任科员", "四级调研员"]))
        dept["sections"] = secs
        return dept

    province_sections = [(code, name) for code, name, *_ in SECTIONS]
    province = department(
        "szzb",
        "江南省委组织部",
        "省委组织部",
        None,
        0,
        province_sections,
        HEAD[:2],
        [(u, n, codes) for u, n, _, codes in DEPUTIES],
    )
    person(province["sections"][3], Role.INSPECTOR, "督查专员", "inspector", "梁正", role_at=province)
    names = iter(_county_names(rng))
    county_no = 0
    for c, city in enumerate(CITIES, start=1):
        city_dept = department(
            f"c{c:02d}", f"{city}市委组织部", f"{city}市", province, 100 + c, province_sections
        )
        city_dept["counties"] = []
        for k in range(8 if c <= 2 else 7):
            county_no += 1
            if county_no <= len(DEMO_COUNTIES):
                code, cname = DEMO_COUNTIES[county_no - 1]
                head = (f"{code}-head", COUNTY_HEADS[county_no - 1])
            else:
                code, cname, head = f"c{c:02d}x{k + 1:02d}", next(names), None
            sections = [(f"s{i:02d}", s) for i, s in enumerate(COUNTY_SECTIONS, start=1)]
            county = department(code, f"{cname}委组织部", cname, city_dept, 200 + k, sections, head)
            city_dept["counties"].append(county)
    writer.flush()
    return org


def _county_names(rng: random.Random) -> Iterable[str]:
    seen = {name for _, name in DEMO_COUNTIES}
    while True:
        name = rng.choice(COUNTY_SYLLABLES) + rng.choice(COUNTY_SYLLABLES) + rng.choice("县县县区市")
        if name[0] != name[1] and name not in seen:
            seen.add(name)
            yield name
