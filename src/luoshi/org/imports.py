"""Reading the organization from an Excel workbook: every bad row reported, nothing written on error.

The workbook has two sheets, 单位 and 人员, with the columns in ``UNIT_COLUMNS`` / ``PERSON_COLUMNS``
(documented on the import page and in the downloadable template).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from luoshi.core.errors import InvalidInput
from luoshi.core.filters import whole_number
from luoshi.core.reading import open_template_workbook

from .choices import Role, UnitKind

UNIT_SHEET, PERSON_SHEET = "单位", "人员"
UNIT_COLUMNS = {
    "代码": True,
    "名称": True,
    "简称": False,
    "别称": False,
    "类型": True,
    "上级代码": False,
    "排序": False,
    "职责": False,
}
PERSON_COLUMNS = {
    "账号": True,
    "姓名": True,
    "单位代码": False,
    "职务": False,
    "角色": False,
    "分管单位代码": False,
    "电话": False,
    "手机": False,
    "邮箱": False,
}
KIND_BY_LABEL = {label: value for value, label, _ in UnitKind.CHOICES} | {v: v for v in UnitKind.values()}
ROLE_BY_LABEL = (
    {label: value for value, label, _ in Role.CHOICES}
    | {v: v for v in Role.values()}
    | {
        "科长": Role.SECTION_HEAD,
        "主任": Role.SECTION_HEAD,
        "常务副部长": Role.DEPUTY,
        "工作人员": Role.STAFF,
    }
)
# Older templates carried a first password; one filled in is refused, not dropped, so that no one
# believes a password he chose was set: the first password is two halves the server draws, one for each
# of the two administrators (``services.resets``).
RETIRED_COLUMN = "初始密码"
SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str = ""
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    sort_order: int = 0
    duties: str = ""


@dataclass
class PersonRow:
    row: int
    username: str
    name: str
    unit_code: str = ""
    title: str = ""
    roles: list[str] = field(default_factory=list)
    oversight_codes: list[str] = field(default_factory=list)
    phone: str = ""
    email: str = ""


@dataclass
class OrgWorkbook:
    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, sheet: str, row: int, message: str) -> None:
        self.errors.append(f"“{sheet}”表第{row}行：{message}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(ws, columns: dict[str, bool], sheet: str, book: OrgWorkbook):
    header = [_text(c) for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())]
    missing = [name for name, required in columns.items() if required and name not in header]
    if missing:
        book.errors.append(f"“{sheet}”表缺少列：{'、'.join(missing)}（第1行应为表头）")
        return
    index = {name: header.index(name) for name in columns if name in header}
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = {name: _text(values[i]) if i < len(values) else "" for name, i in index.items()}
        if any(cells.values()):
            yield number, cells


def parse_org_workbook(upload: Any, known_unit_codes: set[str] | None = None) -> OrgWorkbook:
    """Check every row of the uploaded file against the file itself and the units already in the database."""
    book = OrgWorkbook()
    try:
        wb = open_template_workbook(upload)
    except InvalidInput as exc:
        book.errors.append(exc.message)
        return book
    if UNIT_SHEET not in wb.sheetnames and PERSON_SHEET not in wb.sheetnames:
        book.errors.append(f"工作簿中没有“{UNIT_SHEET}”或“{PERSON_SHEET}”工作表，请使用下载的模板")
        return book
    if UNIT_SHEET in wb.sheetnames:
        _parse_units(wb[UNIT_SHEET], book)
    codes = {u.code for u in book.units} | (known_unit_codes or set())
    for unit in book.units:
        if unit.parent_code and unit.parent_code not in codes:
            book.error(UNIT_SHEET, unit.row, f"上级代码“{unit.parent_code}”不存在")
        if unit.parent_code == unit.code:
            book.error(UNIT_SHEET, unit.row, "上级代码不能是本单位")
    if PERSON_SHEET in wb.sheetnames:
        _parse_people(wb[PERSON_SHEET], book, codes)
    return book


def _parse_units(ws, book: OrgWorkbook) -> None:
    seen: dict[str, int] = {}
    for number, c in _rows(ws, UNIT_COLUMNS, UNIT_SHEET, book):
        code = c["代码"]
        if not code:
            book.error(UNIT_SHEET, number, "代码为空")
            continue
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", code):
            book.error(UNIT_SHEET, number, f"代码“{code}”只能由字母、数字、下划线和连字符组成")
            continue
        if code in seen:
            book.error(UNIT_SHEET, number, f"代码“{code}”与第{seen[code]}行重复")
            continue
        seen[code] = number
        if not c["名称"]:
            book.error(UNIT_SHEET, number, "名称为空")
            continue
        kind = KIND_BY_LABEL.get(c["类型"])
        if kind is None:
            book.error(UNIT_SHEET, number, f"类型“{c['类型']}”无法识别（应为：部机关、科室、下级组织部）")
            continue
        order = c.get("排序", "")
        if order and whole_number(order) is None:
            book.error(UNIT_SHEET, number, f"排序“{order}”不是整数")
            continue
        book.units.append(
            UnitRow(
                number,
                code,
                c["名称"],
                kind,
                c.get("上级代码", ""),
                c.get("简称", ""),
                [a for a in SPLIT.split(c.get("别称", "")) if a],
                int(order or 0),
                c.get("职责", ""),
            )
        )


def _parse_people(ws, book: OrgWorkbook, codes: set[str]) -> None:
    seen: dict[str, int] = {}
    for number, c in _rows(ws, PERSON_COLUMNS | {RETIRED_COLUMN: False}, PERSON_SHEET, book):
        username = c["账号"]
        problems = []
        if c.get(RETIRED_COLUMN):
            problems.append(
                "不能填写初始密码：新账号的初始密码由系统自动生成，"
                "分前后两段由系统管理员和安全管理员分别告知本人，请清空“初始密码”列"
            )
        if not username:
            problems.append("账号为空")
        elif username in seen:
            problems.append(f"账号“{username}”与第{seen[username]}行重复")
        if not c["姓名"]:
            problems.append("姓名为空")
        unit_code = c.get("单位代码", "")
        if unit_code and unit_code not in codes:
            problems.append(f"单位代码“{unit_code}”不存在")
        roles = []
        for label in [r for r in SPLIT.split(c.get("角色", "")) if r]:
            if label not in ROLE_BY_LABEL:
                problems.append(f"角色“{label}”无法识别（应为：部长、副部长、科室负责人、干部、督查员）")
            else:
                roles.append(ROLE_BY_LABEL[label])
        if roles and not unit_code:
            problems.append("有角色的人员必须填写单位代码")
        oversight = [code for code in SPLIT.split(c.get("分管单位代码", "")) if code]
        for code in oversight:
            if code not in codes:
                problems.append(f"分管单位代码“{code}”不存在")
        if oversight and not {Role.HEAD, Role.DEPUTY} & set(roles):
            problems.append("只有部长、副部长可以填写分管单位")
        if username:
            seen.setdefault(username, number)
        if problems:
            for problem in problems:
                book.error(PERSON_SHEET, number, problem)
            continue
        book.people.append(
            PersonRow(
                number,
                username,
                c["姓名"],
                unit_code,
                c.get("职务", ""),
                roles,
                oversight,
                c.get("手机", "") or c.get("电话", ""),
                c.get("邮箱", ""),
            )
        )


def template_workbook() -> bytes:
    """The empty form an admin downloads, with one example row per sheet."""
    wb = Workbook()
    units = wb.active
    units.title = UNIT_SHEET
    units.append(list(UNIT_COLUMNS))
    units.append(
        [
            "gb1",
            "干部一科",
            "干部一科",
            "一科、干部科",
            "科室",
            "swzzb",
            2,
            "负责部管干部的考察、任免、调配；领导班子和干部队伍建设的调查研究",
        ]
    )
    people = wb.create_sheet(PERSON_SHEET)
    people.append(list(PERSON_COLUMNS))
    people.append(
        [
            "zhangsan",
            "张三",
            "gb1",
            "科长",
            "科室负责人",
            "",
            "0851-0000000",
            "13800000000",
            "zhangsan@example.gov.cn",
        ]
    )
    for ws in (units, people):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
